/**
 * Undo of an apply, itself a journaled batch: copies and links the apply made
 * are removed (only while the original still holds the same bytes), moved
 * photos are moved back. An interrupted undo is finished on the next start.
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LibraryContext } from '../context.js';
import { fail } from '../util/errors.js';
import { ProgressMeter } from '../util/progress.js';
import { sameContent, tempPath, type StepHook } from './fs-ops.js';
import { Journal, withDurableJournal, type BatchRow, type OpRow } from './journal.js';
import { numbered } from './safe-names.js';
import { batchReport, opTemps, removeEmptyFolders, trackPhoto, type BatchReport } from './report.js';
import { KEPT_REASONS, removeRedundant, settleMove } from './transfer.js';
import { assertNoBatchRunning, type RunOptions } from './apply.js';
import { dropTrashInfo } from './trash.js';

const UNDOABLE = new Set(['done', 'cancelled', 'failed']);

/** The apply that `shoebox undo` without an id means: the latest that changed something and can be undone. */
export function lastUndoable(ctx: LibraryContext): BatchRow | undefined {
  const j = new Journal(ctx.db);
  return j.batches().find((b) => b.kind === 'apply' && UNDOABLE.has(b.state) && (j.counts(b.id).done ?? 0) > 0);
}

/**
 * The apply an undo of `batchId` (the last undoable one when undefined) would
 * revert, or the coded reason it cannot: checked before any job starts.
 */
export function undoTarget(ctx: LibraryContext, batchId: number | undefined): BatchRow {
  const target = batchId === undefined ? lastUndoable(ctx) : new Journal(ctx.db).batch(batchId);
  if (!target) {
    throw batchId === undefined ? fail('organize.nothing_to_undo') : fail('organize.no_such_apply', { id: batchId });
  }
  if (target.kind !== 'apply') throw fail('organize.undo_of_undo', { id: target.id });
  if (target.state === 'undone') throw fail('organize.already_undone', { id: target.id });
  if (target.state === 'rolled_back') throw fail('organize.rolled_back', { id: target.id });
  if (target.state === 'pending') throw fail('organize.pending_rollback', { id: target.id, dest: target.dest_root });
  if (!UNDOABLE.has(target.state)) throw fail('organize.still_running', { id: target.id });
  return target;
}

export async function undoBatch(ctx: LibraryContext, batchId: number | undefined, opts: RunOptions = {}): Promise<BatchReport> {
  const j = new Journal(ctx.db);
  const target = undoTarget(ctx, batchId);
  assertNoBatchRunning(ctx);

  const applied = j.ops(target.id).filter((o) => o.action !== 'skip' && o.state === 'done').reverse();
  return withDurableJournal(ctx.db, async () => {
    const undoId = j.begin(
      'undo',
      target.mode,
      target.dest_root,
      target.id,
      applied.map((o) =>
        o.action === 'move' || o.action === 'trash'
          ? { photoId: o.photo_id, action: o.action === 'trash' ? 'untrash' : 'move', source: o.dest, dest: o.source, hash: o.hash, size: o.size }
          : { photoId: o.photo_id, action: 'unlink', source: o.source, dest: o.dest, hash: o.hash, size: o.size },
      ),
    );
    opts.onStep?.('batch-created');
    const meter = new ProgressMeter('undo', applied.length, opts.onProgress);
    meter.emit();
    for (const op of j.ops(undoId)) {
      await runUndoOp(ctx, j, op, opts.onStep);
      meter.advance(1, op.dest);
    }
    await finishUndo(ctx, j, j.batch(undoId)!);
    opts.onStep?.('batch-finished');
    return batchReport(j, undoId);
  });
}

/** One undo step, idempotent: recovery runs it again after a crash. */
export async function runUndoOp(ctx: LibraryContext, j: Journal, op: OpRow, step?: StepHook): Promise<void> {
  if (op.state === 'planned') {
    j.start(op.id, op.dest, null);
    step?.('op-started');
  }
  const mode = j.batch(op.batch_id)!.mode;
  if (op.action === 'unlink') {
    const outcome = await removeRedundant(op.source, op.dest, opTemps(op), mode === 'symlink');
    if (outcome === 'removed' || outcome === 'gone') j.setState(op.id, 'done');
    else j.setState(op.id, 'kept', KEPT_REASONS[outcome]);
    step?.('op-done');
    return;
  }
  // Move back. If a different file has taken the old name meanwhile, restore under the next free number.
  let dest = op.dest;
  for (let n = 1; ; n++) {
    const st = await lstat(dest).catch(() => undefined);
    if (!st || (st.isFile() && (await lstat(op.source).catch(() => undefined)) === undefined)) break; // free, or already moved back
    if (st.isFile() && (await sameContent(op.source, dest).catch(() => false))) break; // interrupted after the link: settle finishes it
    dest = join(dirname(op.dest), numbered(basename(op.dest), n));
  }
  if (dest !== op.dest) j.setDest(op.id, dest);
  const outcome = await settleMove(op.source, dest, tempPath(dirname(dest), op.batch_id, op.id), opTemps({ ...op, dest }), op.hash, step);
  if (op.action === 'untrash' && outcome === 'moved') await dropTrashInfo(op.dest, op.source);
  ctx.db.transaction(() => {
    if (outcome === 'moved') {
      trackPhoto(ctx, op.photo_id, dest);
      j.setState(op.id, 'done', dest !== op.dest ? `Its old name was taken: restored as ${basename(dest)}.` : null);
    } else {
      j.setState(op.id, 'kept', 'Not found where the apply put it (moved or deleted since).');
    }
  })();
  step?.('op-done');
}

/** Marks the undo done and its apply undone; drops the folder a move added to the library if it is empty now. */
export async function finishUndo(ctx: LibraryContext, j: Journal, undo: BatchRow): Promise<void> {
  const target = j.batch(undo.undoes!)!;
  ctx.db.transaction(() => {
    j.finish(undo.id, 'done');
    j.finish(target.id, 'undone');
    if (target.added_root && ctx.photos.under(target.dest_root).length === 0) ctx.settings.removeRoot(target.dest_root);
  })();
  await removeEmptyFolders(j.ops(target.id), target.dest_root);
}
