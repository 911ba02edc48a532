/** The list of applies and undos, newest first, for `shoebox history` and the app's history panel. */
import type { LibraryContext } from '../context.js';
import { Journal, type BatchRow } from './journal.js';

export interface HistoryEntry {
  id: number;
  kind: BatchRow['kind'];
  mode: BatchRow['mode'];
  destRoot: string;
  state: BatchRow['state'];
  /** for an undo, the apply it undid */
  undoes: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** op count by state ("done", "rolled_back", "kept", "failed", …) and "skipped" */
  files: Record<string, number>;
  message: string | null;
}

export function listHistory(ctx: LibraryContext): HistoryEntry[] {
  const j = new Journal(ctx.db);
  return j.batches().map((b) => ({
    id: b.id,
    kind: b.kind,
    mode: b.mode,
    destRoot: b.dest_root,
    state: b.state,
    undoes: b.undoes,
    startedAt: new Date(b.started_at).toISOString(),
    finishedAt: b.finished_at === null ? null : new Date(b.finished_at).toISOString(),
    files: j.counts(b.id),
    message: b.message,
  }));
}
