/** shoebox apply | undo | history | watch: category folders written to disk, and the library kept in step with it. */
import { createInterface } from 'node:readline/promises';
import type { Command } from './command.js';
import { ShoeboxError } from '../../core/util/errors.js';
import { formatBytes, type ApplyPlan, type BatchReport } from '../../core/organize/index.js';
import { ORGANIZE_MODES, isOrganizeMode, type OrganizeMode } from '../../core/domain/organize.js';
import { terminalText } from '../output.js';

function planText(plan: ApplyPlan): string[] {
  const verb: Record<OrganizeMode, string> = { copy: 'copy', move: 'move', hardlink: 'link', symlink: 'symlink' };
  const lines = [
    `${plan.mode} to ${plan.destRoot}: ${plan.totals.files} file(s) to ${verb[plan.mode]}, ${plan.totals.skipped} skipped, ${formatBytes(plan.totals.bytes)}` +
      ` (needs ${formatBytes(plan.bytesNeeded)} free; ${formatBytes(plan.freeBytes)} available)`,
    ...plan.folders.map((f) => `  ${f.folder}${f.folder !== f.category ? ` (category "${f.category}")` : ''}: ${f.photos} photo(s)`),
    '',
    ...plan.ops.map((o) => (o.action === 'skip' ? `  skip     ${o.source}  (${o.reason})` : `  ${o.action.padEnd(8)} ${o.source} → ${o.dest}`)),
  ];
  if (plan.problems.length) lines.push('', 'Cannot apply:', ...plan.problems.map((p) => '  ✗ ' + p));
  return lines;
}

function reportText(r: BatchReport): string[] {
  const verb = r.kind === 'undo' ? 'Undo' : 'Apply';
  return [
    `${verb} #${r.batchId} ${r.state}: ${r.done} file(s) ${r.kind === 'undo' ? 'put back' : 'done'}, ${r.skipped} skipped.`,
    ...r.kept.map((k) => `  kept ${k.path}: ${k.reason}`),
    ...(r.message ? ['  ' + r.message] : []),
    ...(r.kind === 'apply' && r.state === 'done' ? [`  \`shoebox undo ${r.batchId}\` reverts it.`] : []),
  ];
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'apply --to <dir> [--mode copy|move|hardlink|symlink] [--folders a,b] [--unsorted] --dry-run|--yes   write category folders to disk',
  options: {
    to: { type: 'string' },
    mode: { type: 'string', default: 'copy' },
    folders: { type: 'string' },
    unsorted: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
  },
  async run(s, _positionals, values) {
    const { app, out } = s;
    const to = values.to as string | undefined;
    if (!to) throw new ShoeboxError('usage', 'Where to? `shoebox apply --to <folder> --dry-run` previews the folders there.');
    const mode = values.mode as string;
    if (!isOrganizeMode(mode)) throw new ShoeboxError('usage', `--mode must be one of ${ORGANIZE_MODES.join(', ')}, not "${mode}".`);
    const dryRun = values['dry-run'] as boolean;
    const yes = values.yes as boolean;
    if (dryRun && yes) throw new ShoeboxError('usage', 'Pass --dry-run to preview or --yes to apply, not both.');
    const folders = (values.folders as string | undefined)?.split(',').map((f) => f.trim()).filter(Boolean);
    const plan = await app.organize.plan({ destRoot: to, mode, folders, unsorted: values.unsorted as boolean });

    if (dryRun) {
      // The preview is printed either way; a plan that cannot run is a failure for scripts (exit 1).
      out.result({ dryRun: true, ...plan }, () => planText(plan));
      if (!plan.problems.length) return 0;
      if (out.json) out.log(['Cannot apply:', ...plan.problems.map((p) => '  ✗ ' + p)]);
      return 1;
    }
    if (plan.problems.length) throw new ShoeboxError('conflict', plan.problems.join('\n'));
    if (!yes) {
      if (!process.stdin.isTTY || out.json) {
        throw new ShoeboxError('usage', 'Add --yes to apply without being asked (needed outside a terminal), or --dry-run to preview.');
      }
      process.stderr.write(terminalText([...planText(plan), '']));
      if (!(await confirm(`${plan.mode} ${plan.totals.files} file(s) to ${plan.destRoot}? [y/N] `))) {
        out.result({ applied: false }, () => 'Nothing was changed.');
        return;
      }
    }
    const stop = s.stopOnSigint('Stopping after the current file… (Ctrl-C again to quit at once; the next start puts things right)');
    const report = await app.organize.applyHere(plan, { signal: stop.signal, onProgress: (p) => out.progress(p) }).finally(stop.dispose);
    out.endProgress();
    out.result(report, () => reportText(report));
    return report.state === 'failed' ? 1 : 0;
  },
};

export const undoCommand: Command = {
  name: 'undo',
  summary: 'undo [<apply id>]   put the files of the last apply (or the one named, see history) back as they were',
  options: {},
  async run(s, positionals) {
    const { app, out } = s;
    let id: number | undefined;
    if (positionals[0] !== undefined) {
      id = Number(positionals[0].replace(/^#/, ''));
      if (!Number.isInteger(id) || id <= 0) throw new ShoeboxError('usage', `"${positionals[0]}" is not an apply id; \`shoebox history\` lists them.`);
    }
    // Ctrl-C is held off (not acted on) while undoing: each file is quick and a half-undo helps no one.
    const stop = s.stopOnSigint('Finishing the undo first… (Ctrl-C again to quit at once; the next start puts things right)');
    const report = await app.organize.undoHere(id, { onProgress: (p) => out.progress(p) }).finally(stop.dispose);
    out.endProgress();
    out.result(report, () => reportText(report));
    return report.state === 'failed' ? 1 : 0;
  },
};

export const historyCommand: Command = {
  name: 'history',
  summary: 'history            the applies and undos so far, newest first',
  options: {},
  async run(s) {
    const entries = s.app.organize.history().map(({ undoable: _, ...e }) => e);
    s.out.result({ history: entries }, () =>
      entries.length === 0
        ? 'No applies yet.'
        : entries.flatMap((e) => {
            const files = Object.entries(e.files).map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(', ');
            const what = e.kind === 'undo' ? `undo of #${e.undoes}` : `${e.mode} to ${e.destRoot}`;
            const line = `#${e.id}  ${e.startedAt.slice(0, 16).replace('T', ' ')}  ${what}  [${e.state}]  ${files}`;
            return e.message ? [line, `      ${e.message}`] : [line];
          }),
    );
  },
};

export const watchCommand: Command = {
  name: 'watch',
  summary: 'watch              keep the library in step with its folders until Ctrl-C (new, changed, moved, deleted photos)',
  options: {},
  async run(s) {
    const { app, out } = s;
    const stopped = new Promise<void>((res) => {
      process.once('SIGINT', () => res());
      process.once('SIGTERM', () => res());
    });
    await app.watching.runHere(stopped, {
      pass: ({ folders, summary: m }) => {
        if (m.added + m.updated + m.moved + m.removed + m.errors + m.offlineRoots.length === 0) return;
        out.log([
          `${folders.join(', ')}: ${m.added} added, ${m.updated} updated, ${m.moved} moved, ${m.removed} removed, ${m.errors} unreadable` +
            (m.offlineRoots.length ? `; offline: ${m.offlineRoots.join(', ')}` : ''),
        ]);
      },
      error: (err) => out.log(err.message),
      ready: (roots) => out.log([`Watching ${roots.join(', ')} (Ctrl-C to stop)…`]),
    });
    out.result({ watching: false }, () => 'Stopped watching.');
  },
};

export const ORGANIZE_COMMANDS: Command[] = [applyCommand, undoCommand, historyCommand, watchCommand];
