/**
 * Thumbnails and full images for the window, by photo id only. Both
 * transports (the bridge's /media route, Electron's shoebox-media: protocol)
 * come through here: a request names an id, never a path, and only a photo the
 * library knows is served — there is no way to ask for any other file.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import type { LibraryContext } from '../../core/context.js';
import { decodeHeic, isHeic } from '../../core/imaging/heic.js';

export type MediaKind = 'thumb' | 'full';

export interface Media {
  body: Buffer;
  type: string;
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

/** The image of a known photo, or undefined (unknown id, unreadable, or no thumbnail yet). */
export async function loadMedia(ctx: LibraryContext, kind: MediaKind, id: number): Promise<Media | undefined> {
  const row = ctx.photos.byId(id);
  // Only photos that decoded as images when indexed: a row with an error ("Not an image") is never served.
  if (!row || !row.hash || row.error !== null) return undefined;
  try {
    if (kind === 'thumb') {
      if (!ctx.thumbs.has(row.hash)) return undefined;
      return { body: await readFile(ctx.thumbs.path(row.hash)), type: 'image/webp' };
    }
    if (!existsSync(row.path)) return undefined;
    const buf = await readFile(row.path);
    const type = sniffWebType(buf.subarray(0, 64));
    if (type && row.orientation === null) return { body: buf, type };
    // Other formats, and photos whose EXIF says to rotate: decode, orient, re-encode.
    const input = isHeic(buf) ? await heicToSharp(buf) : sharp(buf, { limitInputPixels: 150_000_000 });
    return { body: await input.rotate().jpeg({ quality: 90 }).toBuffer(), type: 'image/jpeg' };
  } catch {
    return undefined;
  }
}

async function heicToSharp(buf: Buffer): Promise<sharp.Sharp> {
  const img = await decodeHeic(buf, 150_000_000);
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  });
}
