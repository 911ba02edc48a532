/**
 * The Windows Recycle Bin, written the way Windows (Vista and later) writes it,
 * so Shoebox chooses the name a file gets there and can journal it (as the
 * freedesktop trash): each drive has `<drive>\$Recycle.Bin\<user SID>\`, where a
 * recycled file is `$R<6 characters><ext>` and its record `$I<same>`:
 *
 *   offset  0  int64  format version (2, Windows 10 and later)
 *   offset  8  int64  the file's size in bytes
 *   offset 16  int64  when it was deleted (FILETIME: 100 ns since 1601-01-01 UTC)
 *   offset 24  int32  the original path's length in UTF-16 code units, with the closing NUL
 *   offset 28         the original path, UTF-16LE, ending in NUL
 *
 * Explorer lists the file under its original name and "Restore" puts it back
 * from the record. The user's SID comes from `whoami /user` (no native module).
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { extname, win32 } from 'node:path';
import { fail } from '../util/errors.js';

export const RECYCLE_BIN = '$Recycle.Bin';
const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** FILETIME of the Unix epoch: 1601-01-01 to 1970-01-01 in 100 ns steps. */
const EPOCH_FILETIME = 116444736000000000n;

/** `$R` + 6 random letters or digits + the original extension, as Windows names them. */
export function recycledName(original: string, pick: (n: number) => number = randomInt): string {
  let id = '';
  for (let i = 0; i < 6; i++) id += NAME_CHARS[pick(NAME_CHARS.length)];
  return `$R${id}${extname(original)}`;
}

/** The record's name for a recycled file's name (`$RAB12CD.jpg` → `$IAB12CD.jpg`); null if it is not one. */
export function recordName(recycled: string): string | null {
  return recycled.startsWith('$R') && recycled.length > 2 ? `$I${recycled.slice(2)}` : null;
}

export function toFileTime(ms: number): bigint {
  return BigInt(Math.round(ms)) * 10000n + EPOCH_FILETIME;
}

export function fromFileTime(ft: bigint): number {
  return Number((ft - EPOCH_FILETIME) / 10000n);
}

/** The `$I` record (version 2) of `original`, `size` bytes, deleted at `deletedMs`. */
export function encodeRecord(original: string, size: number, deletedMs: number): Buffer {
  const path = `${original}\0`;
  const buf = Buffer.alloc(28 + path.length * 2);
  buf.writeBigInt64LE(2n, 0);
  buf.writeBigInt64LE(BigInt(size), 8);
  buf.writeBigInt64LE(toFileTime(deletedMs), 16);
  buf.writeInt32LE(path.length, 24);
  buf.write(path, 28, 'utf16le');
  return buf;
}

export interface RecycleRecord {
  version: number;
  size: number;
  deletedMs: number;
  path: string;
}

/** Reads a `$I` record: version 2, or version 1 (Vista to 8.1: a fixed 260-character path at offset 24). */
export function decodeRecord(buf: Buffer): RecycleRecord | null {
  if (buf.length < 24) return null;
  const version = Number(buf.readBigInt64LE(0));
  const size = Number(buf.readBigInt64LE(8));
  const deletedMs = fromFileTime(buf.readBigInt64LE(16));
  let raw: string;
  if (version === 2 && buf.length >= 28) {
    const chars = buf.readInt32LE(24);
    if (chars < 1 || buf.length < 28 + chars * 2) return null;
    raw = buf.toString('utf16le', 28, 28 + chars * 2);
  } else if (version === 1 && buf.length >= 24 + 520) {
    raw = buf.toString('utf16le', 24, 24 + 520);
  } else {
    return null;
  }
  const end = raw.indexOf('\0');
  return { version, size, deletedMs, path: end < 0 ? raw : raw.slice(0, end) };
}

/** The SID in `whoami /user /fo csv /nh`'s line (`"pc\name","S-1-5-21-…"`). */
export function parseWhoamiSid(out: string): string | undefined {
  return /"(S-1-\d+(?:-\d+)+)"/.exec(out)?.[1];
}

let sid: string | undefined;

/** The user's SID, asked once. */
export function currentSid(): string {
  if (sid) return sid;
  let out = '';
  try {
    out = execFileSync('whoami', ['/user', '/fo', 'csv', '/nh'], { encoding: 'utf8', windowsHide: true, timeout: 10_000 });
  } catch {
    // below
  }
  sid = parseWhoamiSid(out);
  if (!sid) throw fail('duplicates.no_trash');
  return sid;
}

/** The root of the drive a Windows path is on (`C:\`); undefined on a network share (it has no Recycle Bin). */
export function windowsDriveRoot(path: string): string | undefined {
  const root = win32.parse(win32.resolve(path)).root;
  return /^[A-Za-z]:\\$/.test(root) ? root.toUpperCase() : undefined;
}
