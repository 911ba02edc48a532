/**
 * A photo set with planted duplicates of every kind, bursts, and many
 * distinct photos of the same few classes (which the test model embeds almost
 * alike): the ground truth for the duplicate finder's recall and precision.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { generatePhotos, mulberry32 } from '../fixtures/synth/photos.js';

export type Variant = 'exact' | 'resized' | 'recompressed' | 'cropped' | 'brightened' | 'png' | 'webp' | 'stripped';
export const VARIANTS: Variant[] = ['exact', 'resized', 'recompressed', 'cropped', 'brightened', 'png', 'webp', 'stripped'];

export interface DuplicateSet {
  dir: string;
  /** every photo's path → its origin ("base-3" for base 3 and its copies, "burst-1-2" for a burst shot) */
  origin: Map<string, string>;
  /** path of each planted copy → [original path, variant] */
  copies: Map<string, [string, Variant]>;
  /** bursts: their shots' paths, the sharpest first */
  bursts: string[][];
  /** the originals with copies */
  originals: string[];
}

const exif = (seconds: number, camera = 'Pixel 7') => {
  const t = new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
  return { IFD0: { Make: 'Google', Model: camera }, IFD2: { DateTimeOriginal: t } };
};

/**
 * `distinct` photos from the synthetic generator (4 colours × 4 shapes, so
 * many share a class), re-saved as 640-px camera JPEGs with EXIF; `planted` of
 * them get one copy of each variant; `bursts` bursts of 4 shots one second apart.
 */
export async function makeDuplicateSet(dir: string, opts: { distinct: number; planted: number; bursts: number; seed: number }): Promise<DuplicateSet> {
  const raw = join(dir, 'raw');
  const photos = join(dir, 'photos');
  mkdirSync(photos, { recursive: true });
  const gen = await generatePhotos({ outDir: raw, count: opts.distinct + opts.bursts, seed: opts.seed, minSize: 480, maxSize: 720 });
  const origin = new Map<string, string>();
  const copies = new Map<string, [string, Variant]>();
  const originals: string[] = [];
  const rng = mulberry32(opts.seed);
  for (let i = 0; i < opts.distinct; i++) {
    const path = join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`);
    await sharp(gen[i]!.file).jpeg({ quality: 92 }).withExif(exif(i * 3600)).toFile(path);
    origin.set(path, `base-${i}`);
    if (i >= opts.planted) continue;
    originals.push(path);
    const copyDir = join(photos, 'copies', String(i));
    mkdirSync(copyDir, { recursive: true });
    const meta = await sharp(path).metadata();
    const w = meta.width!;
    const h = meta.height!;
    for (const v of VARIANTS) {
      const ext = v === 'png' ? 'png' : v === 'webp' ? 'webp' : 'jpg';
      const out = join(copyDir, `${v}.${ext}`);
      const img = sharp(path);
      if (v === 'exact') copyFileSync(path, out);
      else if (v === 'resized') await img.resize(Math.round(w * 0.5)).jpeg({ quality: 85 }).keepExif().toFile(out);
      else if (v === 'recompressed') await img.jpeg({ quality: 40 }).keepExif().toFile(out);
      else if (v === 'cropped') {
        const dx = Math.round(w * (0.02 + 0.02 * rng())); // 2–4 % off each of two sides
        const dy = Math.round(h * (0.02 + 0.02 * rng()));
        await img.extract({ left: dx, top: dy, width: w - 2 * dx, height: h - 2 * dy }).jpeg({ quality: 90 }).toFile(out);
      } else if (v === 'brightened') await img.modulate({ brightness: 1.2 }).jpeg({ quality: 90 }).toFile(out);
      else if (v === 'png') await img.png().toFile(out);
      else if (v === 'webp') await img.resize(Math.round(w * 0.75)).webp({ quality: 80 }).toFile(out);
      else await img.jpeg({ quality: 92 }).toFile(out); // stripped: same pixels, no EXIF
      origin.set(out, `base-${i}`);
      copies.set(out, [path, v]);
    }
  }
  // Bursts: the camera drifts a few percent between shots, one shot is shaken (blurred).
  const bursts: string[][] = [];
  for (let b = 0; b < opts.bursts; b++) {
    const src = gen[opts.distinct + b]!.file;
    const meta = await sharp(src).metadata();
    const w = meta.width!;
    const h = meta.height!;
    const cw = Math.round(w * 0.9);
    const ch = Math.round(h * 0.9);
    const shots: string[] = [];
    for (let s = 0; s < 4; s++) {
      const path = join(photos, 'burst', `B${b}_${s}.jpg`);
      mkdirSync(join(photos, 'burst'), { recursive: true });
      const left = Math.round(((w - cw) * s) / 3);
      let img = sharp(src).extract({ left, top: Math.round(((h - ch) * (3 - s)) / 3), width: cw, height: ch });
      if (s !== 1) img = img.blur(1.5 + s); // shot 1 is the sharp one
      await img.jpeg({ quality: 90 }).withExif(exif(1_000_000 + b * 3600 + s)).toFile(path);
      origin.set(path, `burst-${b}-${s}`);
      shots.push(path);
    }
    bursts.push([shots[1]!, ...shots.filter((_, s) => s !== 1)]);
  }
  return { dir: photos, origin, copies, bursts, originals };
}
