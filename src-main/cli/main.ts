/**
 * The `shoebox` command: every operation of the app, for scripts and checks.
 * Exit codes: 0 success, 1 runtime failure, 2 usage error.
 */
import { parse, pathOption, splitCommand } from './args.js';
import { makeOutput, terminalText } from './output.js';
import { CliSession } from './session.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';
import type { Command } from './commands/command.js';
import { indexCommand, statusCommand } from './commands/library.js';
import { serveCommand } from './commands/serve.js';
import { searchCommand, similarCommand, tokenizeCommand } from './commands/search.js';
import { folderCommand, sortCommand, assignCommand, unassignCommand, rejectCommand } from './commands/folders.js';
import { ORGANIZE_COMMANDS } from './commands/organize.js';
import { restoreCommand } from './commands/restore.js';
import { defaultLibraryDir } from '../core/context.js';
import { modelCommand } from './commands/model.js';
import { duplicatesCommand } from './commands/duplicates.js';
import { ACCELERATORS } from '../core/domain/models.js';

export const COMMANDS: readonly Command[] = [
  indexCommand,
  searchCommand,
  similarCommand,
  folderCommand,
  sortCommand,
  assignCommand,
  unassignCommand,
  rejectCommand,
  statusCommand,
  serveCommand,
  modelCommand,
  duplicatesCommand,
  tokenizeCommand,
  ...ORGANIZE_COMMANDS,
  restoreCommand,
];

export function help(): string {
  return [
    'Usage: shoebox [options] <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => '  ' + c.summary),
    '',
    'Options for every command (before or after it):',
    '  --json                 one JSON document on stdout (progress and messages go to stderr)',
    '  --library <dir>        the library folder (default: your app-data folder; env SHOEBOX_LIBRARY)',
    '  --model <dir>          the CLIP model folder to use; remembered by the library',
    `  --accelerator <name>   ${ACCELERATORS.join(' | ')} (default auto)`,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  let split;
  try {
    split = splitCommand(argv);
  } catch (err) {
    process.stderr.write(terminalText(`shoebox: ${errorMessage(err)}`));
    return 2;
  }
  const { name, args } = split;
  if (!name || name === 'help') {
    process.stdout.write(help() + '\n');
    return name || split.help ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  const json = args.includes('--json');
  const out = makeOutput(json);
  let session: CliSession | undefined;
  try {
    if (!command) throw new ShoeboxError('usage', `Unknown command "${name}". Run \`shoebox --help\` for the list.`);
    const { values, positionals } = parse(args, command.options);
    if (values.help) {
      process.stdout.write(command.summary + '\n');
      return 0;
    }
    if (command.runWithoutLibrary) {
      await command.runWithoutLibrary(values.library ?? defaultLibraryDir(), out, positionals, values as Record<string, unknown>);
      return 0;
    }
    session = new CliSession(values, out, command.appOptions?.(values) ?? { catalogFile: pathOption(values.catalog) });
    if (!command.recoversItself) for (const r of await session.app.organize.recover()) out.log(r.text);
    return (await command.run(session, positionals, values as Record<string, unknown>)) ?? 0;
  } catch (caught) {
    out.endProgress();
    // "database disk image is malformed" from a query becomes the coded error that names the backup to restore.
    const err = session ? session.app.backups.explain(caught) : caught;
    const code = err instanceof ShoeboxError ? err.code : 'internal';
    const message = errorMessage(err);
    if (json) process.stdout.write(JSON.stringify({ error: { code, message } }, null, 2) + '\n');
    process.stderr.write(terminalText(`shoebox: ${message}`));
    if (!(err instanceof ShoeboxError) && process.env.SHOEBOX_DEBUG) process.stderr.write(String((err as Error).stack) + '\n');
    return code === 'usage' ? 2 : 1;
  } finally {
    await session?.close();
  }
}
