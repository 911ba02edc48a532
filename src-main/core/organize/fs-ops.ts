/**
 * The file operations of an apply, each safe to interrupt at any instant:
 * nothing is ever written under its final name until its bytes are complete
 * and flushed, nothing existing is ever overwritten, and a source is deleted
 * only once an identical, flushed copy exists.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { link, lstat, open, readlink, rename, rm, rmdir, stat, statfs, unlink, utimes, access, constants } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hashFile } from '../library/identity.js';

/** Called at each point where a crash would leave a distinct state on disk (kill tests use it). */
export type StepHook = (point: string) => void;

/** The temporary name an operation writes in `dir`: dot-prefixed, so scans and the watcher ignore it. */
export function tempPath(dir: string, batchId: number, opId: number): string {
  return join(dir, `.shoebox-${batchId}-${opId}.tmp`);
}

export async function lexists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Flushes a directory entry (a rename or link) to disk. Not possible on Windows, where NTFS journals it. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh?.close();
  }
}

/**
 * Copies `src` to the new file `temp` (never an existing one), flushes it and
 * gives it the source's dates, as `cp -p` does. Returns the sha256 of the bytes read.
 */
export async function copyToTemp(src: string, temp: string): Promise<string> {
  const h = createHash('sha256');
  const out = await open(temp, 'wx');
  try {
    for await (const chunk of createReadStream(src)) {
      const buf = chunk as Buffer;
      h.update(buf);
      let off = 0;
      while (off < buf.length) off += (await out.write(buf, off, buf.length - off)).bytesWritten;
    }
    await out.sync();
  } finally {
    await out.close();
  }
  const st = await stat(src);
  await utimes(temp, st.atimeMs / 1000, st.mtimeMs / 1000);
  return h.digest('hex');
}

const NO_HARDLINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);

/**
 * Gives the file at `from` the name `to` and removes `from`, on one file
 * system, never replacing an existing `to` (EEXIST is thrown). A hard link
 * then unlink is atomic about that; where links are not supported (FAT, some
 * network shares) a check then rename is the best the platform offers.
 */
export async function renameNoClobber(from: string, to: string, step?: StepHook): Promise<void> {
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!NO_HARDLINKS.has(code)) throw err;
    if (await lexists(to)) throw Object.assign(new Error(`${to} already exists`), { code: 'EEXIST' });
    await rename(from, to);
    return;
  }
  step?.('linked');
  await unlink(from);
}

export async function sameDevice(a: string, b: string): Promise<boolean> {
  return (await stat(await nearestExisting(a))).dev === (await stat(await nearestExisting(b))).dev;
}

/** The path itself or its closest ancestor that exists (a destination may not exist yet). */
export async function nearestExisting(p: string): Promise<string> {
  let cur = p;
  for (;;) {
    if (await lexists(cur)) return cur;
    const up = dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
}

export async function freeBytes(p: string): Promise<number> {
  const s = await statfs(await nearestExisting(p));
  return Number(s.bavail) * Number(s.bsize);
}

export async function writable(p: string): Promise<boolean> {
  try {
    await access(await nearestExisting(p), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when both paths are the same file (hard links) or hold the same bytes. */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  if (!sa.isFile() || !sb.isFile()) return false;
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  if (sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([hashFile(a), hashFile(b)]);
  return ha === hb;
}

export async function isSymlinkTo(link: string, target: string): Promise<boolean> {
  try {
    return (await lstat(link)).isSymbolicLink() && (await readlink(link)) === target;
  } catch {
    return false;
  }
}

/** Best-effort removal of a leftover temporary file. */
export async function removeTemp(p: string): Promise<void> {
  await rm(p, { force: true });
}

/** Removes now-empty category folders (never anything with a file in it). */
export async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch {
    // not empty, or already gone: keep it
  }
}
