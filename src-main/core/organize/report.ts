/** What a batch did, as the CLI and the app show it, and the helpers batches share. */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LibraryContext } from '../context.js';
import { tempPath, removeIfEmpty } from './fs-ops.js';
import type { BatchRow, BatchState, Journal, OpRow } from './journal.js';

export interface KeptFile {
  path: string;
  reason: string;
}

export interface BatchReport {
  batchId: number;
  kind: 'apply' | 'undo';
  mode: BatchRow['mode'];
  destRoot: string;
  state: BatchState;
  /** files written, moved, removed or restored */
  done: number;
  skipped: number;
  /** files left where they are, with why (never a loss: each is the only or a changed copy) */
  kept: KeptFile[];
  message: string | null;
}

export function batchReport(j: Journal, batchId: number): BatchReport {
  const b = j.batch(batchId)!;
  const ops = j.ops(batchId);
  return {
    batchId,
    kind: b.kind,
    mode: b.mode,
    destRoot: b.dest_root,
    state: b.state,
    done: ops.filter((o) => o.action !== 'skip' && (o.state === 'done' || o.state === 'rolled_back')).length,
    skipped: ops.filter((o) => o.action === 'skip').length,
    kept: ops
      .filter((o) => o.state === 'kept')
      .map((o) => ({ path: b.kind === 'undo' && (o.action === 'move' || o.action === 'untrash') ? o.source : o.dest, reason: o.reason ?? '' })),
    message: b.message,
  };
}

/** Every temporary name an op may have left: next to its source and next to its destination. */
export function opTemps(op: OpRow): string[] {
  return [tempPath(dirname(op.dest), op.batch_id, op.id), tempPath(dirname(op.source), op.batch_id, op.id)];
}

/** The library follows a photo that moved: same row, so its vectors and manual choice follow too. */
export function trackPhoto(ctx: LibraryContext, photoId: number | null, path: string): void {
  if (photoId === null) return;
  const row = ctx.photos.byId(photoId);
  if (!row || row.path === path) return;
  let mtime = row.mtime_ms;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return; // not there: leave the record as it is
  }
  // A watcher or index run may already have recorded the file at its new path as a new photo: one file, one row.
  const other = ctx.photos.byPath(path);
  if (other && other.id !== photoId) ctx.photos.remove(other.id);
  ctx.photos.move(photoId, path, mtime);
}

/** After a rollback or undo: category folders this batch left empty go away (never the destination itself). */
export async function removeEmptyFolders(ops: OpRow[], keep: string): Promise<void> {
  const dirs = new Set(ops.filter((o) => o.action !== 'trash').map((o) => dirname(o.dest)));
  for (const d of dirs) if (d !== keep) await removeIfEmpty(d);
}
