/**
 * Thumbnails and full images for the window, by photo id only. Both
 * transports (the bridge's /media route, Electron's shoebox-media: protocol)
 * come through here: a request names an id, never a path, and only a photo the
 * library knows is served — there is no way to ask for any other file.
 *
 * Files are served as streams, never read whole: a HEAD request reads no
 * byte of the file, and a Range request reads only the bytes asked for.
 */
import { createReadStream } from 'node:fs';
import { open as openFile, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { LibraryContext } from '../../core/context.js';
import { decodeHeic, isHeic } from '../../core/imaging/heic.js';
import { MAX_PHOTO_BYTES } from '../../core/library/identity.js';

export type MediaKind = 'thumb' | 'full';

/** Bytes `start` to `end`, both included (as HTTP counts them). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Media {
  type: string;
  /** its length in bytes; undefined for an image converted on request, until it is made */
  size: number | undefined;
  /** its length in bytes, making a converted image if need be */
  length(): Promise<number>;
  /** its bytes, or the range of them; a converted image is made here */
  open(range?: ByteRange): Promise<{ size: number; stream: Readable }>;
}

/** What a transport answers to a media request: status, headers, and a body to stream (none for HEAD). */
export interface MediaResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  body?: Readable | undefined;
}

/**
 * The type of an image every browser shows as it is, from the file's first
 * bytes, never its name (a text file named .jpg is not a JPEG). Undefined for
 * anything else: HEIC, TIFF… are converted to JPEG, and what sharp cannot
 * decode is not served.
 */
export function sniffWebType(head: Buffer): string | undefined {
  const ascii = (from: number, to: number): string => head.subarray(from, to).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then the compatible ones, up to the box's end.
    const end = Math.min(head.readUInt32BE(0), head.length);
    const brands = [ascii(8, 12), ...Array.from({ length: Math.max(0, (end - 16) / 4) }, (_, i) => ascii(16 + 4 * i, 20 + 4 * i))];
    if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
  }
  return undefined;
}

/** The image of a known photo, or undefined (unknown id, unreadable, or no thumbnail yet). Reads nothing yet. */
export async function loadMedia(ctx: LibraryContext, kind: MediaKind, id: number): Promise<Media | undefined> {
  const row = ctx.photos.byId(id);
  // Only photos that decoded as images when indexed: a row with an error ("Not an image") is never served.
  if (!row || !row.hash || row.error !== null) return undefined;
  try {
    if (kind === 'thumb') return await fileMedia(ctx.thumbs.path(row.hash), 'image/webp');
    // The type from the file's first bytes, never its name: a text file named .jpg is not served as a photo.
    const head = await readHead(row.path, 256);
    const type = sniffWebType(head);
    if (type && row.orientation === null) return await fileMedia(row.path, type);
    // Anything else must still be a picture now (HEIC, TIFF…): a file swapped for text since is not served.
    if (!type && !isHeic(head) && !(await readableImage(row.path))) return undefined;
    // Other formats, and photos whose EXIF says to rotate: decoded, oriented and re-encoded when asked for.
    const st = await stat(row.path);
    if (!st.isFile() || st.size > MAX_PHOTO_BYTES) return undefined;
    let made: Promise<Buffer> | undefined;
    const make = (): Promise<Buffer> => (made ??= convert(row.path));
    return {
      type: 'image/jpeg',
      size: undefined,
      length: async () => (await make()).length,
      async open(range) {
        const buf = await make();
        const part = range ? buf.subarray(range.start, range.end + 1) : buf;
        return { size: buf.length, stream: Readable.from([part]) };
      },
    };
  } catch {
    return undefined;
  }
}

/** A file served as it is, measured now and read only when opened. */
async function fileMedia(path: string, type: string): Promise<Media | undefined> {
  const st = await stat(path);
  if (!st.isFile()) return undefined;
  return {
    type,
    size: st.size,
    length: async () => st.size,
    async open(range) {
      const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
      return { size: st.size, stream };
    },
  };
}

async function convert(path: string): Promise<Buffer> {
  const buf = await readFile(path);
  const input = isHeic(buf) ? await heicToSharp(buf) : sharp(buf, { limitInputPixels: 150_000_000 });
  return input.rotate().jpeg({ quality: 90 }).toBuffer();
}

/**
 * The answer to GET or HEAD of a media URL, with an optional Range header
 * (one range of bytes: "bytes=a-b", "bytes=a-", "bytes=-n"; anything else
 * is answered with the whole image, as HTTP allows).
 */
export async function mediaResponse(media: Media | undefined, method: string, rangeHeader?: string | null): Promise<MediaResponse> {
  if (!media) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  const headers: Record<string, string> = { 'Content-Type': media.type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=3600' };
  if (method === 'HEAD') {
    if (media.size !== undefined) headers['Content-Length'] = String(media.size);
    return { status: 200, headers };
  }
  const size = await media.length();
  const range = rangeHeader ? parseRange(rangeHeader, size) : undefined;
  if (range === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } };
  const { stream } = await media.open(range);
  if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body: stream };
  return {
    status: 206,
    headers: { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
    body: stream,
  };
}

/** One byte range of a `size`-byte body; undefined: not a range we serve (the whole body is sent). */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size || !Number.isSafeInteger(start)) return 'unsatisfiable';
  return { start, end };
}

async function heicToSharp(buf: Buffer): Promise<sharp.Sharp> {
  const img = await decodeHeic(buf, 150_000_000);
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  });
}

/** The first bytes of a file (for its type), without reading the rest. */
async function readHead(path: string, n = 64): Promise<Buffer> {
  const fh = await openFile(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Whether sharp reads the file as an image (its header only). */
async function readableImage(path: string): Promise<boolean> {
  try {
    await sharp(path, { limitInputPixels: 150_000_000 }).metadata();
    return true;
  } catch {
    return false;
  }
}
