/** HEIC/HEIF photos (iPhones) decoded by libheif-js (WebAssembly), since sharp's prebuilt libvips lacks HEVC. */
import { createRequire } from 'node:module';
import { errorMessage, fail } from '../util/errors.js';

const require = createRequire(import.meta.url);

interface HeicImage {
  width: number;
  height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
type DecodeAll = (input: { buffer: Uint8Array }) => Promise<HeicImage[] & { dispose(): void }>;

let decodeAll: DecodeAll | undefined;

const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);

/** True for HEVC-coded HEIF files (not AVIF, which sharp decodes itself). */
export function isHeic(buf: Uint8Array): boolean {
  if (buf.length < 16 || String.fromCharCode(...buf.subarray(4, 8)) !== 'ftyp') return false;
  const boxSize = Math.min(new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0), buf.length, 256);
  const brands: string[] = [];
  for (let i = 8; i + 4 <= boxSize; i += 4) {
    if (i === 12) continue; // minor version
    brands.push(String.fromCharCode(...buf.subarray(i, i + 4)));
  }
  if (brands.some((b) => b === 'avif' || b === 'avis')) return false;
  return brands.some((b) => HEVC_BRANDS.has(b));
}

export async function decodeHeic(buf: Buffer, maxPixels: number): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  decodeAll ??= (require('heic-decode') as { all: DecodeAll }).all;
  let images: Awaited<ReturnType<DecodeAll>>;
  try {
    images = await decodeAll({ buffer: buf });
  } catch (err) {
    throw fail('imaging.heic_damaged', { detail: errorMessage(err) });
  }
  try {
    const primary = images[0];
    if (!primary) throw fail('imaging.heic_no_image');
    if (primary.width * primary.height > maxPixels)
      throw fail('imaging.too_many_pixels', { width: primary.width, height: primary.height, max: maxPixels });
    return await primary.decode();
  } finally {
    images.dispose();
  }
}
