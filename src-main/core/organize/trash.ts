/**
 * The operating system's trash, as a place a journaled move can go and come
 * back from. Shoebox chooses (and records) the name a file gets in the trash,
 * so `undo` and crash recovery find it again; nothing is ever deleted.
 *
 *  - Linux and the BSDs: the freedesktop.org Trash specification 1.0, written
 *    directly: `$XDG_DATA_HOME/Trash` for files on the home drive, else the
 *    drive's `$topdir/.Trash/$uid` (a sticky, real `.Trash`) or
 *    `$topdir/.Trash-$uid`; a `info/<name>.trashinfo` (original path, date) is
 *    written before the file goes to `files/<name>`, as file managers expect,
 *    so their "Restore" works too.
 *  - macOS: `~/.Trash` (other volumes: `/Volumes/X/.Trashes/$uid`), a plain
 *    folder the Finder shows; there is no info file (the Finder's "Put Back"
 *    record is private), the journal has the original path.
 *  - Windows: the drive's `$Recycle.Bin\<SID>`, a `$I…` record (original
 *    path, size, date) written before the file goes to `$R…`, as Windows
 *    does (recycle-bin.ts), so Explorer lists it and its "Restore" works too.
 *    A file on a network share has no Recycle Bin: `--to` instead.
 *
 * The system these rules ask (platform, drive, SID) is a TrashHost, so tests
 * can run the Windows rules on a pretend drive in a temp folder.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fail } from '../util/errors.js';
import { fsyncDir, lexists } from './fs-ops.js';
import { currentSid, decodeRecord, encodeRecord, RECYCLE_BIN, recordName, recycledName, windowsDriveRoot } from './recycle-bin.js';

export type TrashKind = 'freedesktop' | 'macos' | 'windows';

/** What the trash rules ask of the system. */
export interface TrashHost {
  platform: NodeJS.Platform;
  /** Windows: the root of the drive `path` is on, where its `$Recycle.Bin` is; undefined: none (a network share) */
  driveRoot(path: string): string | undefined;
  /** Windows: the user's SID, the name of their folder in each `$Recycle.Bin` */
  sid(): string;
}

const SYSTEM: TrashHost = { platform: process.platform, driveRoot: windowsDriveRoot, sid: currentSid };
let host: TrashHost = SYSTEM;

/** Tests: pretend to be another system (e.g. Windows, its drive a temp folder); null: this one again. */
export function setTrashHost(h: TrashHost | null): void {
  host = h ?? SYSTEM;
}

export function trashKind(platform: NodeJS.Platform = host.platform): TrashKind | null {
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32') return 'windows';
  if (platform === 'cygwin') return null;
  return 'freedesktop';
}

/** `<drive>\$Recycle.Bin\<SID>` for a file at `path` (made when the first file goes there: freeTrashName; a dry run makes nothing). */
function recycleBinFor(path: string): string {
  const root = host.driveRoot(path);
  if (root === undefined) throw fail('duplicates.no_recycle_bin', { path });
  return join(root, RECYCLE_BIN, host.sid());
}

/** The user's own trash: `$XDG_DATA_HOME/Trash` (freedesktop), `~/.Trash` (macOS), the home drive's Recycle Bin (Windows). */
export function homeTrash(kind: TrashKind = requireTrash()): string {
  if (kind === 'macos') return join(homedir(), '.Trash');
  if (kind === 'windows') return join(host.driveRoot(homedir()) ?? 'C:\\', RECYCLE_BIN, host.sid());
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share'), 'Trash');
}

function requireTrash(): TrashKind {
  const kind = trashKind();
  if (!kind) throw fail('duplicates.no_trash');
  return kind;
}

function devOf(p: string): number | undefined {
  for (let cur = p; ; cur = dirname(cur)) {
    try {
      return statSync(cur).dev;
    } catch {
      if (dirname(cur) === cur) return undefined;
    }
  }
}

/** The top folder of the drive `p` is on (its mount point). */
function topDir(p: string): string {
  const dev = statSync(p).dev;
  let cur = p;
  while (dirname(cur) !== cur && statSync(dirname(cur)).dev === dev) cur = dirname(cur);
  return cur;
}

function usable(dir: string, make: boolean): boolean {
  try {
    if (make) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    mkdirSync(join(dir, 'files'), { recursive: true, mode: 0o700 });
    mkdirSync(join(dir, 'info'), { recursive: true, mode: 0o700 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The trash folder a file goes to: the home trash when the file is on its
 * drive, else the drive's own trash (a move, not a copy), else the home
 * trash after all (a verified copy, then the original removed).
 */
export function trashFor(path: string): string {
  const kind = requireTrash();
  if (kind === 'windows') return recycleBinFor(path);
  const home = homeTrash(kind);
  const dev = statSync(path).dev;
  if (devOf(home) === dev) return home;
  const uid = process.getuid?.() ?? 0;
  let top: string;
  try {
    top = topDir(dirname(path));
  } catch {
    return home;
  }
  if (kind === 'macos') {
    const t = join(top, '.Trashes', String(uid));
    return usable(t, true) ? t : home;
  }
  // Spec: $topdir/.Trash must be a real folder (not a link) with the sticky bit, else it is not to be used.
  const shared = join(top, '.Trash');
  try {
    const st = lstatSync(shared);
    if (st.isDirectory() && (st.mode & 0o1000) !== 0 && usable(join(shared, String(uid)), true)) return join(shared, String(uid));
  } catch {
    // no shared trash on this drive
  }
  const own = join(top, `.Trash-${uid}`);
  return usable(own, true) ? own : home;
}

/** Where a file goes inside a trash folder (the name is settled when the move starts). */
export function trashFilesDir(trash: string): string {
  const kind = trashKind();
  return kind === 'macos' || kind === 'windows' ? trash : join(trash, 'files');
}

/**
 * The record of a trashed file: its `.trashinfo` (freedesktop), from the
 * file's place in `…/Trash/files/`; its `$I…` beside its `$R…` (Windows).
 */
export function trashInfoPath(trashed: string): string | null {
  const kind = trashKind();
  if (kind === 'windows') {
    const name = recordName(basename(trashed));
    return name ? join(dirname(trashed), name) : null;
  }
  if (kind !== 'freedesktop') return null;
  return join(dirname(dirname(trashed)), 'info', basename(trashed) + '.trashinfo');
}

/** `name.2.ext`, `name.3.ext`: how file managers number a taken name in the trash. */
function trashName(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}.${n + 1}${ext}`;
}

/**
 * A free name in the trash folder `filesDir` for `wanted`: nothing under it in
 * files/ nor info/ (freedesktop); a random `$R…` with no `$I…` (Windows).
 */
export async function freeTrashName(filesDir: string, wanted: string): Promise<string> {
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
  if (trashKind() === 'windows') {
    for (;;) {
      const p = join(filesDir, recycledName(wanted));
      if (!(await lexists(p)) && !(await lexists(trashInfoPath(p)!))) return p;
    }
  }
  if (trashKind() === 'freedesktop') mkdirSync(join(dirname(filesDir), 'info'), { recursive: true, mode: 0o700 });
  for (let n = 0; ; n++) {
    const p = join(filesDir, trashName(wanted, n));
    const info = trashInfoPath(p);
    if (!(await lexists(p)) && !(info && (await lexists(info)))) return p;
  }
}

function encodePath(p: string): string {
  return p.split(sep).map((s) => encodeURIComponent(s)).join('/');
}

function localIso(d: Date): string {
  const z = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())}T${z(d.getHours())}:${z(d.getMinutes())}:${z(d.getSeconds())}`;
}

/** The Path= value for `original` trashed to `trashed`: absolute in the home trash, else relative to the drive's top. */
function infoPathValue(original: string, trashed: string): string {
  const trash = dirname(dirname(trashed));
  if (trash === homeTrash()) return encodePath(original);
  const top = basename(trash).startsWith('.Trash-') ? dirname(trash) : dirname(dirname(trash));
  return encodePath(relative(top, original));
}

/**
 * Writes the `.trashinfo` (or `$I…`) for `original` about to become `trashed`, never
 * over an existing one (EEXIST: another program took the name), flushed.
 */
export async function writeTrashInfo(original: string, trashed: string): Promise<void> {
  const info = trashInfoPath(trashed);
  if (!info) return;
  const record = trashKind() === 'windows'
    ? encodeRecord(original, (await stat(original)).size, Date.now())
    : `[Trash Info]\nPath=${infoPathValue(original, trashed)}\nDeletionDate=${localIso(new Date())}\n`;
  const fh = await open(info, 'wx', 0o600);
  try {
    await fh.writeFile(record);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsyncDir(dirname(info));
}

/**
 * Removes the `.trashinfo` (or `$I…`) of `trashed` once the file is no longer in the
 * trash, and only if it is the one written for `original` (not another
 * program's for a file that took the name since).
 */
export async function dropTrashInfo(original: string, trashed: string): Promise<void> {
  const info = trashInfoPath(trashed);
  if (!info || (await lexists(trashed))) return;
  let bytes: Buffer;
  try {
    bytes = await readFile(info);
  } catch {
    return;
  }
  const ours = trashKind() === 'windows'
    ? decodeRecord(bytes)?.path === original
    : bytes.toString('utf8').split('\n').includes(`Path=${infoPathValue(original, trashed)}`);
  if (!ours) return;
  await rm(info, { force: true });
  await fsyncDir(dirname(info));
}
