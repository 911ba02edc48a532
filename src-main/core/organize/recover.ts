/**
 * On each start (CLI session, app): a batch whose process died mid-way is put
 * right. An interrupted apply is rolled back, so every photo is where it was
 * before it; an interrupted undo is finished. Either way no photo is lost or
 * left twice. Batches another live process is running are left alone.
 *
 * A file on a folder that cannot be reached now (a drive that is not plugged
 * in) cannot be put back: its batch stays "pending", each start says so, and
 * the first start that reaches the folder again finishes the work. Nothing is
 * reported as put back that was not.
 */
import { dirname } from 'node:path';
import type { LibraryContext } from '../context.js';
import { isInside } from './plan.js';
import { Journal, ownerAlive, withDurableJournal, type BatchRow, type OpRow } from './journal.js';
import { revertApplyOp } from './apply.js';
import { finishUndo, runUndoOp } from './undo.js';
import { batchReport, removeEmptyFolders, type BatchReport } from './report.js';
import { lexists, type StepHook } from './fs-ops.js';

export interface RecoveryReport extends BatchReport {
  /** what recovery did to the batch; "pending": part of it waits for a folder that cannot be reached now */
  outcome: 'rolled_back' | 'finished' | 'cleaned' | 'pending';
  /** pending: the files that wait, the photos among them that are only on the unreachable side, and the folders waited for */
  waiting: { files: number; photosAway: number; folders: string[] };
}

const NOT_WAITING = { files: 0, photosAway: 0, folders: [] };

export function needsRecovery(ctx: LibraryContext): boolean {
  const j = new Journal(ctx.db);
  return j.running().some((b) => !ownerAlive(b)) || j.pending().length > 0 || strandedOps(ctx).length > 0;
}

/** Ops left "started" in a finished batch (cleaning up after a failure failed). */
function strandedOps(ctx: LibraryContext): { id: number; batch_id: number }[] {
  return ctx.db
    .prepare(
      "SELECT o.id, o.batch_id FROM apply_ops o JOIN apply_batches b ON b.id = o.batch_id WHERE o.state = 'started' AND b.state NOT IN ('running', 'pending')",
    )
    .all() as { id: number; batch_id: number }[];
}

/**
 * A folder an op reads from or writes to can be reached when it exists, or
 * when it is inside a library folder that exists (a sub-folder the user
 * removed is made again). A drive that is not plugged in cannot: making its
 * folder again would put the photo on the wrong drive.
 */
async function reachable(ctx: LibraryContext, dir: string): Promise<boolean> {
  if (await lexists(dir)) return true;
  for (const r of ctx.settings.roots()) if (isInside(dir, r) && (await lexists(r))) return true;
  return false;
}

/** The folders of `op` that cannot be reached now (empty: the op can be put right now). */
async function unreachable(ctx: LibraryContext, b: BatchRow, op: OpRow): Promise<string[]> {
  const out: string[] = [];
  for (const end of [op.source, op.dest]) {
    const dir = dirname(end);
    if (!(await reachable(ctx, dir))) out.push(isInside(dir, b.dest_root) ? b.dest_root : dir);
  }
  return out;
}

/** Puts right the ops it can reach; returns what waits. */
async function settle(
  ctx: LibraryContext,
  b: BatchRow,
  ops: OpRow[],
  run: (op: OpRow) => Promise<void>,
): Promise<RecoveryReport['waiting']> {
  const folders = new Set<string>();
  let files = 0;
  let photosAway = 0;
  for (const op of ops) {
    const away = await unreachable(ctx, b, op);
    if (away.length === 0) {
      await run(op);
      continue;
    }
    files++;
    away.forEach((f) => folders.add(f));
    // The photo's own place (its source before the apply) does not have it: it is only on the other side.
    const home = b.kind === 'apply' ? op.source : op.dest;
    if (op.action === 'move' && !(await lexists(home))) photosAway++;
  }
  return { files, photosAway, folders: [...folders].sort() };
}

function pendingMessage(j: Journal, b: BatchRow, w: RecoveryReport['waiting']): string {
  const back = j.counts(b.id)[b.kind === 'apply' ? 'rolled_back' : 'done'] ?? 0;
  const head =
    b.kind === 'apply'
      ? `Interrupted (Shoebox was stopped or crashed) and not rolled back yet`
      : `Interrupted (Shoebox was stopped or crashed) and not finished yet`;
  return (
    `${head}: ${w.files} file(s) wait for ${w.folders.join(', ')}, which cannot be reached now (a drive that is not plugged in?)` +
    (w.photosAway ? `; ${w.photosAway} photo(s) are only there` : '') +
    `. ${back} file(s) ${b.kind === 'apply' ? 'were put back' : 'were restored'} so far. ` +
    `Connect it and start Shoebox again (any command): the ${b.kind === 'apply' ? 'rollback' : 'undo'} finishes then.`
  );
}

export async function recoverInterruptedBatches(ctx: LibraryContext, opts: { onStep?: StepHook } = {}): Promise<RecoveryReport[]> {
  if (!needsRecovery(ctx)) return [];
  const j = new Journal(ctx.db);
  const reports: RecoveryReport[] = [];
  await withDurableJournal(ctx.db, async () => {
    const batches = [...j.running().filter((b) => !ownerAlive(b)), ...j.pending()].sort((a, b) => a.id - b.id);
    for (const b of batches) {
      if (b.kind === 'apply') {
        // Newest first, so each file goes back along the path it came.
        const touched = j.ops(b.id).filter((o) => o.action !== 'skip' && (o.state === 'started' || o.state === 'done')).reverse();
        const waiting = await settle(ctx, b, touched, (op) => revertApplyOp(ctx, j, op, opts.onStep));
        if (waiting.files > 0) {
          j.setPending(b.id, pendingMessage(j, b, waiting));
          reports.push({ ...batchReport(j, b.id), outcome: 'pending', waiting });
          continue;
        }
        ctx.db.transaction(() => {
          if (b.added_root && ctx.photos.under(b.dest_root).length === 0 && !ctx.settings.roots().some((r) => r !== b.dest_root && isInside(b.dest_root, r))) {
            ctx.settings.removeRoot(b.dest_root);
          }
          const c = j.counts(b.id);
          const kept = c.kept ?? 0;
          j.finish(
            b.id,
            'rolled_back',
            `Interrupted (Shoebox was stopped or crashed) and rolled back: ${c.rolled_back ?? 0} file(s) put back as they were` +
              (kept ? `; ${kept} kept where they are (see why below).` : '.'),
          );
        })();
        await removeEmptyFolders(j.ops(b.id), b.dest_root);
        reports.push({ ...batchReport(j, b.id), outcome: 'rolled_back', waiting: NOT_WAITING });
      } else {
        const todo = j.ops(b.id).filter((op) => op.state === 'planned' || op.state === 'started');
        const waiting = await settle(ctx, b, todo, (op) => runUndoOp(ctx, j, op, opts.onStep));
        if (waiting.files > 0) {
          j.setPending(b.id, pendingMessage(j, b, waiting));
          reports.push({ ...batchReport(j, b.id), outcome: 'pending', waiting });
          continue;
        }
        await finishUndo(ctx, j, j.batch(b.id)!);
        reports.push({ ...batchReport(j, b.id), outcome: 'finished', waiting: NOT_WAITING });
      }
      opts.onStep?.('batch-recovered');
    }
    for (const s of strandedOps(ctx)) {
      const op = j.op(s.id);
      const b = j.batch(op.batch_id)!;
      const waiting = await settle(ctx, b, [op], (o) => (b.kind === 'apply' ? revertApplyOp(ctx, j, o, opts.onStep) : runUndoOp(ctx, j, o, opts.onStep)));
      reports.push({ ...batchReport(j, b.id), outcome: waiting.files > 0 ? 'pending' : 'cleaned', waiting });
    }
  });
  return reports;
}

/** One line per recovered batch, for logs and the app's notice. */
export function describeRecovery(r: RecoveryReport): string {
  const what = r.kind === 'apply' ? `apply #${r.batchId} (${r.mode} to ${r.destRoot})` : `undo #${r.batchId}`;
  const w = r.waiting;
  const head =
    r.outcome === 'rolled_back'
      ? `An interrupted ${what} was rolled back: every photo is where it was before it${r.kept.length ? ', except those kept below' : ''}.`
      : r.outcome === 'finished'
        ? `An interrupted ${what} was finished: the photos are back where they were${r.kept.length ? ', except those kept below' : ''}.`
        : r.outcome === 'pending'
          ? `An interrupted ${what} is not ${r.kind === 'apply' ? 'rolled back' : 'finished'} yet: ${w.files} file(s) wait for ${w.folders.join(', ')}, ` +
            `which cannot be reached now (a drive that is not plugged in?)${w.photosAway ? `; ${w.photosAway} photo(s) are only there` : ''}. ` +
            `Connect it and start Shoebox again: it finishes then.`
          : `A file left half-done by ${what} was put right.`;
  return [head, ...r.kept.map((k) => `  kept ${k.path}: ${k.reason}`)].join('\n');
}
