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
 *  - Windows: not supported yet (the Recycle Bin's names can only be chosen
 *    through the shell, which does not say where a file went); `--to` works.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { fail } from '../util/errors.js';
import { fsyncDir, lexists } from './fs-ops.js';

export type TrashKind = 'freedesktop' | 'macos';

export function trashKind(platform: NodeJS.Platform = process.platform): TrashKind | null {
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32' || platform === 'cygwin') return null;
  return 'freedesktop';
}

/** The user's own trash: `$XDG_DATA_HOME/Trash` (freedesktop), `~/.Trash` (macOS). */
export function homeTrash(kind: TrashKind = requireTrash()): string {
  if (kind === 'macos') return join(homedir(), '.Trash');
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
  return trashKind() === 'macos' ? trash : join(trash, 'files');
}

/** The `.trashinfo` of a trashed file (freedesktop), from the file's place in `…/Trash/files/`. */
export function trashInfoPath(trashed: string): string | null {
  if (trashKind() !== 'freedesktop') return null;
  return join(dirname(dirname(trashed)), 'info', basename(trashed) + '.trashinfo');
}

/** `name.2.ext`, `name.3.ext`: how file managers number a taken name in the trash. */
function trashName(name: string, n: number): string {
  if (n === 0) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}.${n + 1}${ext}`;
}

/** A free name in the trash folder `filesDir` for `wanted`: nothing under it in files/ nor info/. */
export async function freeTrashName(filesDir: string, wanted: string): Promise<string> {
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
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
 * Writes the `.trashinfo` for `original` about to become `trashed`, never
 * over an existing one (EEXIST: another program took the name), flushed.
 */
export async function writeTrashInfo(original: string, trashed: string): Promise<void> {
  const info = trashInfoPath(trashed);
  if (!info) return;
  const fh = await open(info, 'wx', 0o600);
  try {
    await fh.writeFile(`[Trash Info]\nPath=${infoPathValue(original, trashed)}\nDeletionDate=${localIso(new Date())}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsyncDir(dirname(info));
}

/**
 * Removes the `.trashinfo` of `trashed` once the file is no longer in the
 * trash, and only if it is the one written for `original` (not another
 * program's for a file that took the name since).
 */
export async function dropTrashInfo(original: string, trashed: string): Promise<void> {
  const info = trashInfoPath(trashed);
  if (!info || (await lexists(trashed))) return;
  let text: string;
  try {
    text = await readFile(info, 'utf8');
  } catch {
    return;
  }
  if (!text.split('\n').includes(`Path=${infoPathValue(original, trashed)}`)) return;
  await rm(info, { force: true });
  await fsyncDir(dirname(info));
}
