/** Opens the library's one SQLite file, checks it, and brings its schema up to date. */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { fail } from '../util/errors.js';
import { newestGoodBackup, quickCheck } from './backup.js';
import type { ShoeboxError } from '../util/errors.js';

export type { Db };

export interface OpenOptions {
  /**
   * How the file is checked before it is used. 'full': `PRAGMA quick_check`
   * (every page read once: 0.4–0.9 s at 100k photos, so not on every
   * command); 'quick': the header, the schema and every table but the large
   * ones (milliseconds); 'none': a second connection of a process that has
   * checked it already. Default 'quick'; openLibrary asks for 'full' once a
   * day, before the daily backup.
   */
  check?: 'full' | 'quick' | 'none';
}

/** The tables that grow with the library (a page of one of them is checked by the daily full check, or found by the query that reads it). */
const LARGE_TABLES = new Set(['photos', 'embeddings', 'embedding_codes']);

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS, opts: OpenOptions = {}): Db {
  const check = opts.check ?? 'quick';
  // Never start a new, empty library over a file that was one: an empty file is a lost library, not a new one.
  if (existsSync(file)) {
    if (statSync(file).size === 0) throw damaged(file, 'the file is empty (0 bytes)', 'store.empty');
    const problem = check === 'none' ? null : headerProblem(file);
    if (problem) throw damaged(file, problem);
  }
  const db = new Database(file);
  try {
    // Checked before anything is written: a damaged file is left exactly as it was found.
    const problem = check === 'full' ? quickCheck(db) : check === 'quick' ? quickCheck(db, smallTables(db)) : null;
    if (problem) throw damaged(file, problem);
    // WAL: readers (the UI) never wait for the indexer's writes; NORMAL sync is crash-safe in WAL mode.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw isDamage(err) ? damaged(file, (err as Error).message) : err;
  }
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What is wrong with the file's 100-byte header, if anything: not SQLite's, or the file cut short. */
function headerProblem(file: string): string | null {
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || !head.subarray(0, 16).equals(MAGIC)) return 'it is not a SQLite database (its first bytes are something else)';
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  const pages = head.readUInt32BE(28);
  // The page count is only valid when written by the same change as the header (bytes 24 and 92 agree).
  const size = statSync(file).size;
  // Pages may still be in the write-ahead log (a checkpoint that a full disk stopped): SQLite reads them from there.
  const wal = `${file}-wal`;
  const walHolds = existsSync(wal) && statSync(wal).size > 0;
  if (!walHolds && head.readUInt32BE(92) === head.readUInt32BE(24) && pages * pageSize > size) return `the file is cut short (${size} bytes for ${pages} pages)`;
  return null;
}

function smallTables(db: Db): string[] {
  const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  return names.filter((n) => !LARGE_TABLES.has(n));
}

/** SQLite's own words for a file that is not (or no longer) a sound database. */
export function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * The coded error for a damaged library database; names the newest sound
 * backup and how to restore it, or says there is none.
 */
export function damaged(file: string, detail: string, key: 'store.empty' | 'store.damaged' = 'store.damaged'): ShoeboxError {
  const backup = newestGoodBackup(dirname(file));
  if (!backup) return fail(`${key}_no_backup`, { file, detail });
  return fail(key, { file, detail, backup: backup.file, takenAt: backup.takenAt.slice(0, 16).replace('T', ' ') });
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw fail('store.newer_schema', { current, latest });
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
