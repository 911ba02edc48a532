/**
 * The `shoebox` command: the core engine for scripts and checks.
 * Exit codes: 0 success, 1 runtime failure, 2 usage error.
 */
import { parse } from './args.js';
import { makeOutput } from './output.js';
import { CliSession } from './session.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';
import type { Command } from './commands/command.js';
import { indexCommand, statusCommand } from './commands/library.js';
import { serveCommand } from './commands/serve.js';
import { searchCommand, similarCommand, tokenizeCommand } from './commands/search.js';
import { categoryCommand, sortCommand, assignCommand, unassignCommand } from './commands/categories.js';
import { ORGANIZE_COMMANDS, recoverOnStart } from './commands/organize.js';
import { modelCommand } from './commands/model.js';

export const COMMANDS: Command[] = [
  indexCommand,
  searchCommand,
  similarCommand,
  categoryCommand,
  sortCommand,
  assignCommand,
  unassignCommand,
  statusCommand,
  serveCommand,
  modelCommand,
  tokenizeCommand,
  ...ORGANIZE_COMMANDS,
];

export function registerCommand(c: Command): void {
  COMMANDS.push(c);
}

function help(): string {
  return [
    'Usage: shoebox <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => '  ' + c.summary),
    '',
    'Options for every command:',
    '  --json                 one JSON document on stdout (progress and messages go to stderr)',
    '  --library <dir>        the library folder (default: your app-data folder; env SHOEBOX_LIBRARY)',
    '  --model <dir>          the CLIP model folder to use; remembered by the library',
    '  --accelerator <name>   auto | cpu | cuda | dml | coreml | webgpu (default auto)',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes('--json');
  const out = makeOutput(json);
  let session: CliSession | undefined;
  try {
    if (!command) throw new ShoeboxError('usage', `Unknown command "${name}". Run \`shoebox --help\` for the list.`);
    const { values, positionals } = parse(rest, command.options);
    if (values.help) {
      process.stdout.write(command.summary + '\n');
      return 0;
    }
    session = new CliSession(values, out);
    if (!command.recoversItself) await recoverOnStart(session.ctx, out);
    await command.run(session, positionals, values as Record<string, unknown>);
    return 0;
  } catch (err) {
    out.endProgress();
    const code = err instanceof ShoeboxError ? err.code : 'internal';
    const message = errorMessage(err);
    if (json) process.stdout.write(JSON.stringify({ error: { code, message } }, null, 2) + '\n');
    process.stderr.write(`shoebox: ${message}\n`);
    if (!(err instanceof ShoeboxError) && process.env.SHOEBOX_DEBUG) process.stderr.write(String((err as Error).stack) + '\n');
    return code === 'usage' ? 2 : 1;
  } finally {
    await session?.close();
  }
}
