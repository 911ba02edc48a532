/**
 * On each start (CLI session, app): a batch whose process died mid-way is put
 * right. An interrupted apply is rolled back, so every photo is where it was
 * before it; an interrupted undo is finished. Either way no photo is lost or
 * left twice. Batches another live process is running are left alone.
 */
import type { LibraryContext } from '../context.js';
import { isInside } from './plan.js';
import { Journal, ownerAlive, withDurableJournal } from './journal.js';
import { revertApplyOp } from './apply.js';
import { finishUndo, runUndoOp } from './undo.js';
import { batchReport, removeEmptyFolders, type BatchReport } from './report.js';
import type { StepHook } from './fs-ops.js';

export interface RecoveryReport extends BatchReport {
  /** what recovery did to the batch */
  outcome: 'rolled_back' | 'finished' | 'cleaned';
}

export function needsRecovery(ctx: LibraryContext): boolean {
  const j = new Journal(ctx.db);
  return j.running().some((b) => !ownerAlive(b)) || strandedOps(ctx).length > 0;
}

/** Ops left "started" in a finished batch (cleaning up after a failure failed). */
function strandedOps(ctx: LibraryContext): { id: number; batch_id: number }[] {
  return ctx.db
    .prepare("SELECT o.id, o.batch_id FROM apply_ops o JOIN apply_batches b ON b.id = o.batch_id WHERE o.state = 'started' AND b.state != 'running'")
    .all() as { id: number; batch_id: number }[];
}

export async function recoverInterruptedBatches(ctx: LibraryContext, opts: { onStep?: StepHook } = {}): Promise<RecoveryReport[]> {
  if (!needsRecovery(ctx)) return [];
  const j = new Journal(ctx.db);
  const reports: RecoveryReport[] = [];
  await withDurableJournal(ctx.db, async () => {
    for (const b of j.running()) {
      if (ownerAlive(b)) continue;
      if (b.kind === 'apply') {
        // Newest first, so each file goes back along the path it came.
        const touched = j.ops(b.id).filter((o) => o.action !== 'skip' && (o.state === 'started' || o.state === 'done')).reverse();
        for (const op of touched) await revertApplyOp(ctx, j, op, opts.onStep);
        ctx.db.transaction(() => {
          if (b.added_root && ctx.photos.under(b.dest_root).length === 0 && !ctx.settings.roots().some((r) => r !== b.dest_root && isInside(b.dest_root, r))) {
            ctx.settings.removeRoot(b.dest_root);
          }
          j.finish(b.id, 'rolled_back', `Interrupted (Shoebox was stopped or crashed) and rolled back: ${touched.length} file(s) put back as they were.`);
        })();
        await removeEmptyFolders(j.ops(b.id), b.dest_root);
        reports.push({ ...batchReport(j, b.id), outcome: 'rolled_back' });
      } else {
        for (const op of j.ops(b.id)) if (op.state === 'planned' || op.state === 'started') await runUndoOp(ctx, j, op, opts.onStep);
        await finishUndo(ctx, j, j.batch(b.id)!);
        reports.push({ ...batchReport(j, b.id), outcome: 'finished' });
      }
      opts.onStep?.('batch-recovered');
    }
    for (const s of strandedOps(ctx)) {
      const op = j.op(s.id);
      const b = j.batch(op.batch_id)!;
      if (b.kind === 'apply') await revertApplyOp(ctx, j, op, opts.onStep);
      else await runUndoOp(ctx, j, op, opts.onStep);
      reports.push({ ...batchReport(j, b.id), outcome: 'cleaned' });
    }
  });
  return reports;
}

/** One line per recovered batch, for logs and the app's notice. */
export function describeRecovery(r: RecoveryReport): string {
  const what = r.kind === 'apply' ? `apply #${r.batchId} (${r.mode} to ${r.destRoot})` : `undo #${r.batchId}`;
  const head =
    r.outcome === 'rolled_back'
      ? `An interrupted ${what} was rolled back: every photo is where it was before it.`
      : r.outcome === 'finished'
        ? `An interrupted ${what} was finished: the photos are back where they were.`
        : `A file left half-done by ${what} was put right.`;
  return [head, ...r.kept.map((k) => `  kept ${k.path}: ${k.reason}`)].join('\n');
}
