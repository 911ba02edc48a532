/**
 * Runs an apply plan: each file operation is written to the journal and
 * flushed before it starts, and marked done after. Copies are written under a
 * temporary name, flushed and then given their name; nothing existing is ever
 * overwritten. A failing file stops the batch after undoing that one file;
 * cancel stops between files. Either way the files done so far stand and the
 * batch can be undone from the history.
 */
import { link, lstat, mkdir, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LibraryContext } from '../context.js';
import { errorMessage, fail } from '../util/errors.js';
import { ProgressMeter, type ProgressListener } from '../util/progress.js';
import { copyToTemp, fsyncDir, lexists, removeTemp, renameNoClobber, sameContent, sameDevice, tempPath, isSymlinkTo, type StepHook } from './fs-ops.js';
import { Journal, withDurableJournal, type OpRow } from './journal.js';
import { isInside, type ApplyPlan } from './plan.js';
import { numbered } from './safe-names.js';
import { batchReport, opTemps, trackPhoto, type BatchReport } from './report.js';
import { KEPT_REASONS, removeRedundant, settleMove } from './transfer.js';
import { dropTrashInfo, freeTrashName, writeTrashInfo } from './trash.js';

export interface RunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** called at each point where a crash leaves a distinct state (kill tests stop the process there) */
  onStep?: StepHook | undefined;
}

export async function applyPlan(ctx: LibraryContext, plan: ApplyPlan, opts: RunOptions = {}): Promise<BatchReport> {
  if (plan.problems.length > 0) throw fail('organize.plan_problems', { detail: plan.problems.join('\n') });
  assertNoBatchRunning(ctx);
  const j = new Journal(ctx.db);
  const step = opts.onStep;
  return withDurableJournal(ctx.db, async () => {
    const batchId = j.begin(
      'apply',
      plan.mode,
      plan.destRoot,
      null,
      plan.ops.map((o) => ({
        photoId: o.photoId,
        action: o.action,
        source: o.source,
        dest: o.dest,
        hash: o.hash,
        size: o.size,
        state: o.action === 'skip' ? 'done' : 'planned',
        reason: o.reason ?? null,
      })),
    );
    step?.('batch-created');
    const ops = j.ops(batchId).filter((o) => o.action !== 'skip');
    const meter = new ProgressMeter('apply', ops.length, opts.onProgress);
    meter.emit();
    let state: 'done' | 'cancelled' | 'failed' = 'done';
    let message: string | null = null;
    let done = 0;
    for (const op of ops) {
      if (opts.signal?.aborted) {
        state = 'cancelled';
        message = `Stopped by request after ${done} of ${ops.length} files. The files done stay; \`shoebox undo ${batchId}\` reverts them.`;
        break;
      }
      try {
        await runApplyOp(ctx, j, op, step);
        done++;
      } catch (err) {
        state = 'failed';
        message = `Stopped at ${op.source}: ${errorMessage(err)}. Nothing was lost; ${done} files were done before it (\`shoebox undo ${batchId}\` reverts them).`;
        await revertAfterFailure(ctx, j, j.op(op.id), errorMessage(err));
        break;
      }
      meter.advance(1, op.dest);
    }
    ctx.db.transaction(() => {
      // Moved photos must stay in a library folder, or the library would stop seeing them.
      if (plan.mode === 'move' && done > 0 && !plan.outsideLibrary && !ctx.settings.roots().some((r) => isInside(plan.destRoot, r))) {
        ctx.settings.addRoot(plan.destRoot);
        j.markAddedRoot(batchId);
      }
      j.finish(batchId, state, message);
    })();
    step?.('batch-finished');
    return batchReport(j, batchId);
  });
}

/** One planned operation, from "started" to "done". */
async function runApplyOp(ctx: LibraryContext, j: Journal, op: OpRow, step: StepHook | undefined): Promise<void> {
  if (!(await lexists(op.source))) {
    j.skip(op.id, 'The photo was no longer there when its turn came.');
    return;
  }
  if (op.action === 'trash') return runTrashOp(ctx, j, op, step);
  const dir = dirname(op.dest);
  await mkdir(dir, { recursive: true });
  // The preview is a promise about names: if one was taken since, take the next number, never overwrite.
  let dest = op.dest;
  for (let n = 1; ; n++) {
    const st = await lstat(dest).catch(() => undefined);
    if (!st) break;
    if (op.action === 'symlink' ? await isSymlinkTo(dest, op.source) : st.isFile() && (await sameContent(op.source, dest))) {
      j.skip(op.id, 'An identical file is already there.');
      return;
    }
    dest = join(dir, numbered(basename(op.dest), n));
  }
  const crossDrive = op.action === 'move' && !(await sameDevice(op.source, dir));
  const temp = op.action === 'copy' || crossDrive ? tempPath(dir, op.batch_id, op.id) : null;
  j.start(op.id, dest, temp);
  step?.('op-started');

  switch (op.action) {
    case 'copy': {
      const hash = await copyToTemp(op.source, temp!);
      step?.('temp-written');
      await renameNoClobber(temp!, dest, step);
      await fsyncDir(dir);
      step?.('placed');
      j.setState(op.id, 'done', null, hash);
      break;
    }
    case 'move': {
      const started = j.op(op.id);
      const outcome = await settleMove(op.source, dest, tempPath(dir, op.batch_id, op.id), opTemps(started), op.hash, step);
      if (outcome !== 'moved') throw new Error(outcome === 'conflict' ? `${dest} was taken while moving` : 'the photo disappeared before it could be moved');
      ctx.db.transaction(() => {
        j.setState(op.id, 'done');
        trackPhoto(ctx, op.photo_id, dest);
      })();
      break;
    }
    case 'hardlink':
      await link(op.source, dest);
      await fsyncDir(dir);
      j.setState(op.id, 'done');
      break;
    case 'symlink':
      await symlink(op.source, dest);
      await fsyncDir(dir);
      j.setState(op.id, 'done');
      break;
    default:
      throw new Error(`unknown action ${op.action}`);
  }
  step?.('op-done');
}

/**
 * A move into the trash: the name in the trash is chosen and journaled first,
 * then its .trashinfo is written (reserving the name, as the spec asks), then
 * the file moves. Undo and recovery move it back and drop the .trashinfo.
 */
async function runTrashOp(ctx: LibraryContext, j: Journal, op: OpRow, step: StepHook | undefined): Promise<void> {
  const dest = await freeTrashName(dirname(op.dest), basename(op.source));
  j.start(op.id, dest, null);
  step?.('op-started');
  await writeTrashInfo(op.source, dest);
  step?.('info-written');
  const started = j.op(op.id);
  const outcome = await settleMove(op.source, dest, tempPath(dirname(dest), op.batch_id, op.id), opTemps(started), op.hash, step);
  if (outcome !== 'moved') throw new Error(outcome === 'conflict' ? `${dest} was taken while moving` : 'the photo disappeared before it could be moved');
  ctx.db.transaction(() => {
    j.setState(op.id, 'done');
    trackPhoto(ctx, op.photo_id, dest);
  })();
  step?.('op-done');
}

/**
 * Undoes whatever part of an apply operation happened (a crash or a failure
 * interrupted it, or its batch is being rolled back). Safe to repeat.
 */
export async function revertApplyOp(ctx: LibraryContext, j: Journal, op: OpRow, step?: StepHook): Promise<void> {
  if (op.action === 'move' || op.action === 'trash') {
    const outcome = await settleMove(op.dest, op.source, tempPath(dirname(op.source), op.batch_id, op.id), opTemps(op), op.hash, step);
    if (op.action === 'trash' && outcome !== 'conflict') await dropTrashInfo(op.source, op.dest);
    ctx.db.transaction(() => {
      if (outcome === 'moved') {
        trackPhoto(ctx, op.photo_id, op.source);
        j.setState(op.id, 'rolled_back');
      } else if (outcome === 'conflict') {
        trackPhoto(ctx, op.photo_id, op.dest);
        j.setState(op.id, 'kept', `Kept at ${op.dest}: a different file now has its old name ${op.source}.`);
      } else {
        j.setState(op.id, 'kept', 'Not found at either place (moved or deleted by something else).');
      }
    })();
  } else {
    const outcome = await removeRedundant(op.source, op.dest, opTemps(op), op.action === 'symlink');
    if (outcome === 'removed' || outcome === 'gone') j.setState(op.id, 'rolled_back');
    else j.setState(op.id, 'kept', KEPT_REASONS[outcome]);
  }
  step?.('op-reverted');
}

async function revertAfterFailure(ctx: LibraryContext, j: Journal, op: OpRow, why: string): Promise<void> {
  try {
    if (op.state === 'started') await revertApplyOp(ctx, j, op);
    j.setState(op.id, 'failed', why);
  } catch (err) {
    // Could not even clean up (the drive went away?): say so.
    // The op stays "started", so recovery on the next start tries again.
    for (const t of opTemps(op)) await removeTemp(t).catch(() => undefined);
    j.setState(op.id, 'started', `${why}; cleaning up failed too: ${errorMessage(err)}`);
  }
}

/** One batch at a time (checked again, under the write lock, when the batch begins: Journal.begin). */
export function assertNoBatchRunning(ctx: LibraryContext): void {
  new Journal(ctx.db).assertNoneRunning();
}
