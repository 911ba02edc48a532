/**
 * Decodes a photo once and derives from that one decode both the grid
 * thumbnail and the model's input tensor. EXIF orientation is applied; large
 * JPEGs use libjpeg's shrink-on-load; the pixel count is capped against
 * decompression bombs. HEIC/HEIF (HEVC) goes through libheif compiled to
 * WebAssembly, since sharp's prebuilt libvips has no HEVC decoder.
 */
import sharp from 'sharp';
import { ShoeboxError, errorMessage, fail } from '../util/errors.js';
import type { PreprocessSpec } from '../models/preprocess-spec.js';
import { toModelTensor } from './tensor.js';
import { decodeHeic, isHeic } from './heic.js';

sharp.cache(false); // every photo is seen once; libvips' operation cache only costs memory here

export interface DecodeOptions {
  /** longest side of the thumbnail, px */
  thumbSize: number;
  /** refuse images with more pixels than this */
  maxPixels: number;
}

export const DEFAULT_DECODE: DecodeOptions = { thumbSize: 320, maxPixels: 150_000_000 };

export interface DecodedPhoto {
  /** displayed size, after EXIF orientation */
  width: number;
  height: number;
  format: string;
  thumbnail: Buffer; // WebP
  /** 3 × H × W, preprocessed as the model asks */
  pixels: Float32Array;
  /** GREY_SIDE² 8-bit grey of the whole picture squeezed to a square: what the duplicate finder compares */
  grey: Buffer;
  /** variance of the Laplacian of the grey working picture (short side ≤ 320 px): higher is sharper */
  sharpness: number;
}

/** Side of the grey picture (store/fingerprints.ts keeps the same number). */
export const GREY_SIDE = 16;

/** Smallest short side we must keep for both outputs. */
function workingShortSide(spec: PreprocessSpec, thumbSize: number): number {
  const model = spec.resize.kind === 'shortest-edge' ? spec.resize.size : Math.max(spec.resize.width, spec.resize.height);
  return Math.max(model, thumbSize);
}

export async function decodePhoto(buf: Buffer, spec: PreprocessSpec, opts: DecodeOptions = DEFAULT_DECODE): Promise<DecodedPhoto> {
  if (buf.length === 0) throw fail('imaging.empty_file');
  let input: sharp.Sharp;
  let format: string;
  let width: number;
  let height: number;
  if (isHeic(buf)) {
    const img = await decodeHeic(buf, opts.maxPixels);
    input = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } });
    format = 'heif';
    width = img.width;
    height = img.height;
  } else {
    const base = sharp(buf, { limitInputPixels: opts.maxPixels, failOn: 'error' });
    let meta: sharp.Metadata;
    try {
      meta = await base.metadata();
    } catch (err) {
      throw describe(err);
    }
    format = meta.format ?? 'unknown';
    const swap = (meta.orientation ?? 1) >= 5;
    width = (swap ? meta.height : meta.width) ?? 0;
    height = (swap ? meta.width : meta.height) ?? 0;
    if (width * height > opts.maxPixels)
      throw fail('imaging.too_many_pixels', { width, height, max: opts.maxPixels });
    input = base.rotate(); // EXIF auto-orientation
  }

  const short = workingShortSide(spec, opts.thumbSize);
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await input
      .resize({ width: short, height: short, fit: 'outside', withoutEnlargement: true, kernel: spec.kernel === 'lanczos3' ? 'lanczos3' : 'cubic' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    // The header was readable, the pixels were not: a cut-off or corrupted file.
    throw describe(err, true);
  }
  const rawInput = { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } } as const;

  const [thumbnail, pixels, grey] = await Promise.all([
    sharp(raw.data, rawInput).resize(opts.thumbSize, opts.thumbSize, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 78 }).toBuffer(),
    toModelTensor(raw.data, raw.info.width, raw.info.height, raw.info.channels, spec),
    // Area-averaged (not sampled), so re-encoding noise and a resize barely move it.
    sharp(raw.data, rawInput).greyscale().resize(GREY_SIDE, GREY_SIDE, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer(),
  ]);
  const sharpness = laplacianVariance(raw.data, raw.info.width, raw.info.height, raw.info.channels);
  return { width, height, format, thumbnail, pixels, grey, sharpness };
}

/** Focus measure: the variance of the 4-neighbour Laplacian of the luma (Pech-Pacheco et al. 2000). */
export function laplacianVariance(rgb: Uint8Array, width: number, height: number, channels: number): number {
  if (width < 3 || height < 3) return 0;
  const y = new Float32Array(width * height);
  for (let i = 0, o = 0; i < y.length; i++, o += channels) y[i] = 0.299 * rgb[o]! + 0.587 * rgb[o + 1]! + 0.114 * rgb[o + 2]!;
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let r = 1; r < height - 1; r++) {
    for (let c = 1; c < width - 1; c++) {
      const i = r * width + c;
      const l = y[i - 1]! + y[i + 1]! + y[i - width]! + y[i + width]! - 4 * y[i]!;
      sum += l;
      sq += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return sq / n - mean * mean;
}

/** sharp's messages are terse; say what it means for the user. */
function describe(err: unknown, headerRead = false): ShoeboxError {
  const msg = errorMessage(err);
  if (err instanceof ShoeboxError) return err;
  if (/pixel limit/i.test(msg)) return fail('imaging.over_pixel_limit', { detail: msg });
  if (/unsupported image format/i.test(msg)) return fail('imaging.unsupported_format');
  if (/premature end|truncated|corrupt|VipsJpeg|read error|bad seek|invalid/i.test(msg))
    return fail('imaging.damaged', { detail: msg.split('\n')[0]! });
  if (headerRead) return fail('imaging.pixels_unreadable', { detail: msg.split('\n')[0]! });
  return fail('imaging.undecodable', { detail: msg.split('\n')[0]! });
}
