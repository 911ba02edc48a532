/** The apply journal (apply_batches, apply_ops): what was planned, started and finished, per file. */
import { hostname } from 'node:os';
import type { Db } from '../store/database.js';
import { fail } from '../util/errors.js';

import type { OrganizeMode } from '../domain/organize.js';

export type { OrganizeMode };
/** trash: a move into the OS trash (core/organize/trash.ts); untrash: its undo. */
export type OpAction = OrganizeMode | 'skip' | 'unlink' | 'trash' | 'untrash';
export type OpState = 'planned' | 'started' | 'done' | 'rolled_back' | 'failed' | 'kept';
/** pending: interrupted, and part of it waits for a folder that cannot be reached now (recover.ts) */
export type BatchState = 'running' | 'pending' | 'done' | 'cancelled' | 'failed' | 'rolled_back' | 'undone';

export interface BatchRow {
  id: number;
  kind: 'apply' | 'undo';
  mode: OrganizeMode;
  dest_root: string;
  undoes: number | null;
  state: BatchState;
  owner_pid: number | null;
  owner_host: string | null;
  added_root: number;
  message: string | null;
  started_at: number;
  finished_at: number | null;
}

export interface OpRow {
  id: number;
  batch_id: number;
  seq: number;
  photo_id: number | null;
  action: OpAction;
  source: string;
  dest: string;
  temp: string | null;
  hash: string | null;
  size: number | null;
  state: OpState;
  reason: string | null;
}

export interface NewOp {
  photoId: number | null;
  action: OpAction;
  source: string;
  dest: string;
  hash: string | null;
  size: number | null;
  state?: OpState;
  reason?: string | null;
}

export class Journal {
  constructor(private readonly db: Db) {}

  /**
   * Creates a running batch and all its ops (planned) in one transaction;
   * returns the batch id. The running row is the lock of one-batch-at-a-time:
   * the transaction is IMMEDIATE (it takes the write lock before reading), so
   * two processes can never both see "nothing running" and both start.
   */
  begin(kind: 'apply' | 'undo', mode: OrganizeMode, destRoot: string, undoes: number | null, ops: NewOp[]): number {
    return this.db.transaction(() => {
      this.assertNoneRunning();
      const { id } = this.db
        .prepare(
          `INSERT INTO apply_batches (kind, mode, dest_root, undoes, state, owner_pid, owner_host, started_at)
           VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING id`,
        )
        .get(kind, mode, destRoot, undoes, process.pid, hostname(), Date.now()) as { id: number };
      const stmt = this.db.prepare(
        'INSERT INTO apply_ops (batch_id, seq, photo_id, action, source, dest, hash, size, state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      ops.forEach((o, seq) =>
        stmt.run(id, seq, o.photoId, o.action, o.source, o.dest, o.hash, o.size, o.state ?? 'planned', o.reason ?? null),
      );
      return id;
    }).immediate();
  }

  /** One batch at a time: another Shoebox (app or CLI) that is applying now must finish first. */
  assertNoneRunning(): void {
    const running = this.running();
    const live = running.find((b) => ownerAlive(b));
    if (live) throw fail('organize.busy_elsewhere', { pid: live.owner_pid ?? '?', dest: live.dest_root }); // alive implies a pid
    if (running.length > 0) throw fail('organize.unrecovered');
  }

  batch(id: number): BatchRow | undefined {
    return this.db.prepare('SELECT * FROM apply_batches WHERE id = ?').get(id) as BatchRow | undefined;
  }

  batches(): BatchRow[] {
    return this.db.prepare('SELECT * FROM apply_batches ORDER BY id DESC').all() as BatchRow[];
  }

  running(): BatchRow[] {
    return this.db.prepare("SELECT * FROM apply_batches WHERE state = 'running' ORDER BY id").all() as BatchRow[];
  }

  pending(): BatchRow[] {
    return this.db.prepare("SELECT * FROM apply_batches WHERE state = 'pending' ORDER BY id").all() as BatchRow[];
  }

  ops(batchId: number): OpRow[] {
    return this.db.prepare('SELECT * FROM apply_ops WHERE batch_id = ? ORDER BY seq').all(batchId) as OpRow[];
  }

  op(id: number): OpRow {
    return this.db.prepare('SELECT * FROM apply_ops WHERE id = ?').get(id) as OpRow;
  }

  counts(batchId: number): Record<string, number> {
    const rows = this.db
      .prepare("SELECT CASE WHEN action = 'skip' THEN 'skipped' ELSE state END AS k, count(*) AS n FROM apply_ops WHERE batch_id = ? GROUP BY k")
      .all(batchId) as { k: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }

  /** Marks an op started, with the names it will use. Must be on disk before the file operation begins. */
  start(opId: number, dest: string, temp: string | null): void {
    this.db.prepare("UPDATE apply_ops SET state = 'started', dest = ?, temp = ? WHERE id = ?").run(dest, temp, opId);
  }

  setDest(opId: number, dest: string): void {
    this.db.prepare('UPDATE apply_ops SET dest = ? WHERE id = ?').run(dest, opId);
  }

  setState(opId: number, state: OpState, reason: string | null = null, hash?: string): void {
    if (hash !== undefined) this.db.prepare('UPDATE apply_ops SET state = ?, reason = coalesce(?, reason), hash = ? WHERE id = ?').run(state, reason, hash, opId);
    else this.db.prepare('UPDATE apply_ops SET state = ?, reason = coalesce(?, reason) WHERE id = ?').run(state, reason, opId);
  }

  skip(opId: number, reason: string): void {
    this.db.prepare("UPDATE apply_ops SET action = 'skip', state = 'done', reason = ? WHERE id = ?").run(reason, opId);
  }

  finish(batchId: number, state: BatchState, message: string | null = null): void {
    this.db
      .prepare('UPDATE apply_batches SET state = ?, message = coalesce(?, message), finished_at = ? WHERE id = ?')
      .run(state, message, Date.now(), batchId);
  }

  /** Interrupted, and waiting for a folder to be reachable again; not finished. */
  setPending(batchId: number, message: string): void {
    this.db.prepare("UPDATE apply_batches SET state = 'pending', message = ? WHERE id = ?").run(message, batchId);
  }

  markAddedRoot(batchId: number): void {
    this.db.prepare('UPDATE apply_batches SET added_root = 1 WHERE id = ?').run(batchId);
  }
}

/**
 * Whether a running batch's process is still alive (on this machine). A batch
 * whose owner is alive is being worked on and must not be "recovered".
 */
export function ownerAlive(b: BatchRow): boolean {
  if (b.owner_pid === null || b.owner_host !== hostname()) return false;
  if (b.owner_pid === process.pid) return true;
  try {
    process.kill(b.owner_pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Journal writes must reach the disk before the file operation they announce: full sync while applying. */
export async function withDurableJournal<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const prev = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = FULL');
  try {
    return await fn();
  } finally {
    db.pragma(`synchronous = ${prev}`);
  }
}
