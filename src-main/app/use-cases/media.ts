/**
 * Thumbnails and full images for the window, by photo id only. Both
 * transports (the bridge's /media route, Electron's shoebox-media: protocol)
 * come through here: a request names an id, never a path, and only a photo the
 * library knows is served — there is no way to ask for any other file.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import sharp from 'sharp';
import type { LibraryContext } from '../../core/context.js';
import { decodeHeic, isHeic } from '../../core/imaging/heic.js';

export type MediaKind = 'thumb' | 'full';

export interface Media {
  body: Buffer;
  type: string;
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

/** The image of a known photo, or undefined (unknown id, unreadable, or no thumbnail yet). */
export async function loadMedia(ctx: LibraryContext, kind: MediaKind, id: number): Promise<Media | undefined> {
  const row = ctx.photos.byId(id);
  if (!row || !row.hash) return undefined;
  try {
    if (kind === 'thumb') {
      if (!ctx.thumbs.has(row.hash)) return undefined;
      return { body: await readFile(ctx.thumbs.path(row.hash)), type: 'image/webp' };
    }
    if (!existsSync(row.path)) return undefined;
    const buf = await readFile(row.path);
    const type = WEB_TYPES[extname(row.path).toLowerCase()];
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
