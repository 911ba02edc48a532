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
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
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

/** Formats every browser shows as they are; anything else (HEIC, TIFF…) is converted to JPEG. */
const WEB_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

/** The image of a known photo, or undefined (unknown id, unreadable, or no thumbnail yet). Reads nothing yet. */
export async function loadMedia(ctx: LibraryContext, kind: MediaKind, id: number): Promise<Media | undefined> {
  const row = ctx.photos.byId(id);
  if (!row || !row.hash) return undefined;
  try {
    if (kind === 'thumb') return await fileMedia(ctx.thumbs.path(row.hash), 'image/webp');
    const type = WEB_TYPES[extname(row.path).toLowerCase()];
    if (type && row.orientation === null) return await fileMedia(row.path, type);
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
