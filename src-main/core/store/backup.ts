/**
 * Automatic copies of the library's database, and putting one back.
 *
 * A backup is made with SQLite's online backup (a consistent copy while the
 * library is open), under a temporary name, checked, then given its name
 * `backups/shoebox-<UTC time>.sqlite`; the newest KEEP are kept. Restoring
 * never deletes the file it replaces: the current database (and its -wal and
 * -shm files) is moved aside, then the backup is copied into place.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, openSync, fsyncSync, closeSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Db } from './database.js';
import { fail } from '../util/errors.js';

export const DB_FILE = 'shoebox.sqlite';
export const BACKUPS_DIR = 'backups';
/** how many backups are kept */
export const KEEP = 3;
/** at most one automatic backup per this long */
export const BACKUP_EVERY_MS = 24 * 3600 * 1000;

export interface BackupInfo {
  file: string;
  /** ISO time the backup was taken */
  takenAt: string;
  size: number;
}

const NAME = /^shoebox-(\d{8}T\d{6}\d{3}Z)\.sqlite$/;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, ''); // 20240102T030405678Z
}

function parseStamp(s: string): string {
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
}

/** The library's backups, newest first. */
export function listBackups(libDir: string): BackupInfo[] {
  const dir = join(libDir, BACKUPS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => NAME.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: join(dir, m[0]), takenAt: parseStamp(m[1]!), size: statSync(join(dir, m[0])).size }))
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Whether an automatic backup is due: none yet, or the newest is a day old. */
export function backupDue(libDir: string, now = Date.now()): boolean {
  const newest = listBackups(libDir)[0];
  return !newest || now - Date.parse(newest.takenAt) >= BACKUP_EVERY_MS;
}

/**
 * What is wrong with a database file, in SQLite's words, or null when it is
 * sound: empty, not a database, or a failed `PRAGMA quick_check` (every page
 * and b-tree read once; indexes are not compared with their tables).
 */
export function databaseProblem(file: string): string | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    return (err as Error).message;
  }
  if (size === 0) return 'the file is empty (0 bytes)';
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return quickCheck(db);
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close();
  }
}

/** `PRAGMA quick_check` (of `tables` only, when given): null when sound, else its first findings. */
export function quickCheck(db: Db, tables?: string[]): string | null {
  const found: string[] = [];
  for (const t of tables ?? [undefined]) {
    const rows = db.pragma(t === undefined ? 'quick_check(5)' : `quick_check(${JSON.stringify(t)})`) as { quick_check: string }[];
    found.push(...rows.map((r) => r.quick_check).filter((x) => x !== 'ok'));
  }
  return found.length === 0 ? null : found.slice(0, 5).join('; ');
}

/** The newest backup that is sound, if any. */
export function newestGoodBackup(libDir: string): BackupInfo | undefined {
  return listBackups(libDir).find((b) => databaseProblem(b.file) === null);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Takes a backup of the open database now and keeps the newest KEEP. */
export async function takeBackup(db: Db, libDir: string, now = Date.now()): Promise<BackupInfo> {
  const dir = join(libDir, BACKUPS_DIR);
  mkdirSync(dir, { recursive: true });
  const name = `shoebox-${stamp(now)}.sqlite`;
  const temp = join(dir, `.${name}.tmp`);
  rmSync(temp, { force: true });
  try {
    // Large steps: the default 100 pages per turn of the event loop takes seconds for a big library.
    await db.backup(temp, { progress: () => 4096 });
    // A plain rollback-journal file: it opens read-only (checks) and copies as one file.
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const problem = databaseProblem(temp);
    if (problem) throw fail('store.backup_failed', { detail: problem });
    fsyncFile(temp);
    renameSync(temp, join(dir, name));
  } finally {
    rmSync(temp, { force: true });
  }
  for (const old of listBackups(libDir).slice(KEEP)) rmSync(old.file, { force: true });
  return listBackups(libDir).find((b) => basename(b.file) === name)!;
}

export interface RestoreResult {
  /** the backup put in place */
  restored: BackupInfo;
  /** where the database it replaced was moved (null: there was none) */
  previous: string | null;
}

/**
 * Puts a backup in place of the library's database (the newest sound one
 * when `from` is not given; `from` is a file, or the name of one in
 * backups/). The database must not be open. The database it replaces, with
 * its -wal and -shm files, is moved aside as `shoebox.sqlite.replaced-<time>`.
 */
export function restoreBackup(libDir: string, from?: string, now = Date.now()): RestoreResult {
  let chosen: BackupInfo | undefined;
  if (from !== undefined) {
    const file = existsSync(join(libDir, BACKUPS_DIR, from)) ? join(libDir, BACKUPS_DIR, from) : resolve(from);
    if (!existsSync(file)) throw fail('store.no_such_backup', { file });
    const problem = databaseProblem(file);
    if (problem) throw fail('store.backup_damaged', { file, detail: problem });
    const m = NAME.exec(basename(file));
    chosen = { file, takenAt: m ? parseStamp(m[1]!) : statSync(file).mtime.toISOString(), size: statSync(file).size };
  } else {
    chosen = newestGoodBackup(libDir);
    if (!chosen) throw fail('store.no_backup', { dir: join(libDir, BACKUPS_DIR) });
  }
  const dbFile = join(libDir, DB_FILE);
  const aside = `${dbFile}.replaced-${stamp(now)}`;
  let previous: string | null = null;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(dbFile + suffix)) {
      renameSync(dbFile + suffix, aside + suffix);
      if (suffix === '') previous = aside;
    }
  }
  const temp = join(libDir, `.${DB_FILE}.restoring`);
  copyFileSync(chosen.file, temp);
  fsyncFile(temp);
  renameSync(temp, dbFile);
  return { restored: chosen, previous };
}
