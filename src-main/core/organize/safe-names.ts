/**
 * Folder and file names that every common file system accepts: Windows
 * (reserved device names, forbidden characters, no trailing dot or space),
 * macOS and Linux, and case-insensitive volumes (two names that differ only in
 * case are the same folder there, so they get distinct names).
 */
import { extname } from 'node:path';

/** Longest name we write, in UTF-8 bytes: under the 255 of ext4/APFS/NTFS, with room for " (999)" and a temp prefix. */
export const MAX_NAME_BYTES = 120;

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Forbidden on Windows (and "/" everywhere), plus control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

/** A name safe on every platform; `fallback` when nothing usable is left. */
export function safeName(raw: string, fallback = 'Unnamed'): string {
  let s = raw.normalize('NFC').replace(FORBIDDEN, '_').trim();
  s = truncateUtf8(s, MAX_NAME_BYTES);
  s = s.replace(/[. ]+$/u, ''); // Windows drops trailing dots and spaces: "Trip." and "Trip" would be one folder
  if (s === '' || /^\.+$/.test(s)) s = fallback;
  // "CON", and also "CON.txt" or "con .jpg": Windows reserves the stem.
  const stem = s.split('.')[0]!.trimEnd();
  if (RESERVED.test(stem)) s = '_' + s;
  return s;
}

/** A file name made safe, keeping its extension. */
export function safeFileName(raw: string): string {
  const ext = extname(raw);
  const cleanExt = ext.replace(FORBIDDEN, '_');
  const stem = raw.slice(0, raw.length - ext.length);
  const limit = MAX_NAME_BYTES - Buffer.byteLength(cleanExt);
  let s = safeName(truncateUtf8(stem, limit), 'photo');
  s = truncateUtf8(s, limit).replace(/[. ]+$/u, '') || 'photo';
  return s + cleanExt;
}

/** `name (n).ext`: the numbered variant used when a different file already has the name. */
export function numbered(fileName: string, n: number): string {
  const ext = extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)} (${n})${ext}`;
}

/**
 * Safe, distinct folder names for a list of display names, in order. A later
 * name whose safe form collides (case-insensitively) with an earlier one gets
 * " (2)", " (3)"…
 */
export function distinctFolderNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = safeName(name);
    let candidate = base;
    for (let n = 2; used.has(foldKey(candidate)); n++) candidate = `${base} (${n})`;
    used.add(foldKey(candidate));
    return candidate;
  });
}

/** How case-insensitive, normalising file systems compare names. */
export function foldKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    // iterate by code point so a surrogate pair is never split
    const b = Buffer.byteLength(ch);
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}
