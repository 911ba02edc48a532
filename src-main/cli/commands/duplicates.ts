/** shoebox duplicates [resolve]: groups of duplicates and similar shots; keep one of each, move the others out. */
import type { Command } from './command.js';
import { fail } from '../../core/util/errors.js';
import { formatBytes, type ApplyPlan, type BatchReport } from '../../core/organize/index.js';
import type { DuplicateGroup, DuplicateKind } from '../../app/shapes.js';

const KINDS: DuplicateKind[] = ['duplicates', 'similar', 'all'];

function groupsText(groups: DuplicateGroup[]): string {
  if (groups.length === 0) return 'No duplicates found.';
  const total = groups.reduce((s, g) => s + g.saving, 0);
  return [
    ...groups.flatMap((g) => [
      `#${g.group} ${g.kind === 'similar' ? `${g.photos.length} similar shots` : `${g.kind} duplicates`} · frees ${formatBytes(g.saving)}`,
      ...g.photos.map((p) => `  ${p.keep ? 'keep ' : '     '} ${p.path}  (${p.width ?? '?'}×${p.height ?? '?'}, ${formatBytes(p.size)}${p.format ? ', ' + p.format : ''})`),
    ]),
    '',
    `${groups.length} group(s); keeping the suggested photo of each frees ${formatBytes(total)}. \`shoebox duplicates resolve --all --dry-run\` shows what would go to the Trash.`,
  ].join('\n');
}

function planText(plan: ApplyPlan, toTrash: boolean): string {
  return [
    `Move ${plan.totals.files} file(s), ${formatBytes(plan.totals.bytes)}, to ${toTrash ? 'the Trash' : plan.destRoot}:`,
    ...plan.ops.map((o) => `  ${o.source} → ${o.dest}`),
  ].join('\n');
}

function reportText(r: BatchReport): string {
  return [
    `Resolve #${r.batchId} ${r.state}: ${r.done} file(s) moved, ${r.skipped} skipped.`,
    ...r.kept.map((k) => `  kept ${k.path}: ${k.reason}`),
    ...(r.message ? ['  ' + r.message] : []),
    ...(r.state === 'done' ? [`  \`shoebox undo ${r.batchId}\` puts them back.`] : []),
  ].join('\n');
}

export const duplicatesCommand: Command = {
  name: 'duplicates',
  summary: 'duplicates [--kind duplicates|similar|all] | resolve --all [--to <dir>] --dry-run|--yes | dismiss --group N   copies and bursts: keep one of each (--group N: one group), move the others to the Trash (or a folder); or mark "not duplicates"',
  options: {
    kind: { type: 'string', default: 'duplicates' },
    group: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    to: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
  },
  async run(s, positionals, values) {
    const { app, out } = s;
    const kind = values.kind as DuplicateKind;
    if (!KINDS.includes(kind)) throw fail('duplicates.bad_kind', { kinds: KINDS.join(', '), kind });
    const sub = positionals[0];
    if (sub === undefined) {
      const groups = app.duplicates.list(kind);
      out.result({ groups: groups.map((g) => ({ kind: g.kind, photos: g.photos.map((p) => ({ path: p.path, keep: p.keep, width: p.width, height: p.height, size: p.size })), saving: g.saving })) }, () => groupsText(groups));
      return;
    }
    if (sub === 'dismiss') {
      const n = Number((values.group as string[] | undefined)?.[0]);
      if (!Number.isInteger(n) || n <= 0) throw fail('duplicates.which');
      app.duplicates.dismiss(kind, n);
      out.result({ dismissed: n }, () => `Group #${n} will not be shown again.`);
      return;
    }
    if (sub !== 'resolve') throw fail('duplicates.unknown_command', { command: sub });
    const which: number[] | 'all' = values.all ? 'all' : ((values.group as string[] | undefined) ?? []).map(Number);
    if (which !== 'all' && (which.length === 0 || which.some((n) => !Number.isInteger(n) || n <= 0))) throw fail('duplicates.which');
    const to = values.to as string | undefined;
    const dryRun = values['dry-run'] as boolean;
    if (dryRun === (values.yes as boolean)) throw fail('duplicates.confirm');
    const req = { kind, groups: which, to };
    if (dryRun) {
      const plan = app.duplicates.plan(req);
      out.result({ dryRun: true, destRoot: plan.destRoot, moves: plan.ops.map((o) => ({ path: o.source, to: o.dest, size: o.size })), bytes: plan.totals.bytes }, () => planText(plan, !to));
      return;
    }
    const stop = s.stopOnSigint('Stopping after the current file… (Ctrl-C again to quit at once; the next start puts things right)');
    const report = await app.duplicates.resolveHere(req, { signal: stop.signal, onProgress: (p) => out.progress(p) }).finally(stop.dispose);
    out.endProgress();
    out.result(report, () => reportText(report));
    if (report.state === 'failed') process.exitCode = 1;
  },
};
