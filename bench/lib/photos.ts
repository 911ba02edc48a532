/**
 * Photos the size people take: 12-megapixel JPEGs (4000×3000, camera-like
 * noise, about 4–5 MB), a few PNG screenshots and a few 12 MP HEICs (made with
 * libheif's heif-enc where it is installed). Made once into bench/cache.
 */
import { existsSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { CACHE, ROOT } from './report.js';
import { mulberry32 as rng } from '../../test/fixtures/synth/photos.js';

export interface PhotoSet {
  /** holds jpeg/, png/ and heic/ */
  dir: string;
  files: string[];
  jpegs: string[];
  heicNote: string;
}

/** A camera-like frame: smooth colour fields, a few shapes, sensor noise. */
async function cameraJpeg(path: string, seed: number, w = 4000, h = 3000): Promise<void> {
  const r = rng(seed);
  const small = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < small.length; i++) small[i] = Math.floor(40 + r() * 180);
  const base = await sharp(small, { raw: { width: 64, height: 48, channels: 3 } }).resize(w, h, { kernel: 'cubic' }).raw().toBuffer();
  let s = seed >>> 0 || 1;
  for (let i = 0; i < base.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const v = base[i]! + ((s & 31) - 16);
    base[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  await sharp(base, { raw: { width: w, height: h, channels: 3 } })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Synthetic 12MP', DateTime: '2024:06:01 12:00:00' } })
    .jpeg({ quality: 92, chromaSubsampling: '4:2:0' })
    .toFile(path);
}

/** A phone screenshot: flat panels and bars, as PNG. */
async function screenshotPng(path: string, seed: number): Promise<void> {
  const r = rng(seed);
  const w = 1170, h = 2532;
  const rects = Array.from({ length: 40 }, () => {
    const x = Math.floor(r() * w), y = Math.floor(r() * h);
    return `<rect x="${x}" y="${y}" width="${Math.floor(r() * 600)}" height="${Math.floor(r() * 120)}" fill="rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})"/>`;
  }).join('');
  await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f4f4f4"/>${rects}</svg>`))
    .png()
    .toFile(path);
}

export async function ensurePhotos(jpegs = 40, pngs = 4, heics = 4): Promise<PhotoSet> {
  const dir = join(CACHE, `photos-12mp-${jpegs}-${pngs}-${heics}`);
  for (const sub of ['jpeg', 'png', 'heic']) mkdirSync(join(dir, sub), { recursive: true });
  let heicNote = `${heics} HEIC made from 12 MP JPEGs with heif-enc`;
  for (let i = 0; i < jpegs; i++) {
    const p = join(dir, 'jpeg', `IMG_${String(i).padStart(4, '0')}.jpg`);
    if (!existsSync(p)) await cameraJpeg(p, i + 1);
  }
  for (let i = 0; i < pngs; i++) {
    const p = join(dir, 'png', `Screenshot_${i}.png`);
    if (!existsSync(p)) await screenshotPng(p, 1000 + i);
  }
  for (let i = 0; i < heics; i++) {
    const p = join(dir, 'heic', `IMG_H${String(i).padStart(3, '0')}.heic`);
    if (existsSync(p)) continue;
    const src = join(CACHE, `heic-src-${i}.jpg`);
    await cameraJpeg(src, 5000 + i);
    const r = spawnSync('heif-enc', ['-q', '60', '-o', p, src], { stdio: 'ignore' });
    if (r.status !== 0 || !existsSync(p)) {
      copyFileSync(join(ROOT, 'test', 'fixtures', 'photos', 'red-circle.heic'), p);
      heicNote = `${heics} small HEIC fixtures (heif-enc is not installed, so no 12 MP HEIC could be made)`;
    }
  }
  const list = (sub: string): string[] => readdirSync(join(dir, sub)).sort().map((f) => join(dir, sub, f));
  const jpegList = list('jpeg');
  return { dir, files: [...jpegList, ...list('png'), ...list('heic')], jpegs: jpegList, heicNote };
}
