/**
 * Small libraries for the organize tests, filled without the model: photo
 * rows go in through PhotoStore with their real sha256, folders through
 * CategoryStore (manual and automatic assignments). The files are small
 * random bytes with photo names: apply never decodes them.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openLibrary, type LibraryContext } from '../../src-main/core/context.js';
import { mulberry32 } from '../fixtures/synth/photos.js';
import { sha256, sha256File } from './hash.js';

export interface FixturePhoto {
  id: number;
  path: string;
  hash: string;
  category: string | null;
}

export interface Fixture {
  libDir: string;
  photosDir: string;
  photos: FixturePhoto[];
}

function randomBytes(size: number, rng: () => number): Buffer {
  const buf = Buffer.alloc(Math.ceil(size / 4) * 4);
  for (let i = 0; i < buf.length; i += 4) buf.writeUInt32LE(Math.floor(rng() * 2 ** 32), i);
  return buf.subarray(0, size);
}

/**
 * `layout` maps a file path relative to the photos folder to its category
 * (null: in no folder); `content` optionally fixes a file's bytes (for duplicates).
 */
export function makeLibrary(
  base: string,
  layout: Record<string, string | null>,
  opts: { seed?: number; content?: Record<string, Buffer>; manual?: boolean; size?: number } = {},
): Fixture {
  const libDir = join(base, 'library');
  const photosDir = join(base, 'photos');
  mkdirSync(photosDir, { recursive: true });
  const rng = mulberry32(opts.seed ?? 1);
  const ctx = openLibrary(libDir);
  try {
    ctx.settings.addRoot(photosDir);
    const cats = new Map<string, number>();
    const photos: FixturePhoto[] = [];
    const auto: { photoId: number; categoryId: number | null; score: number }[] = [];
    for (const [rel, category] of Object.entries(layout)) {
      const path = join(photosDir, rel);
      mkdirSync(join(path, '..'), { recursive: true });
      const bytes = opts.content?.[rel] ?? randomBytes(opts.size ?? 2048, rng);
      writeFileSync(path, bytes);
      const st = statSync(path);
      const hash = sha256(bytes);
      const id = ctx.photos.upsert({ path, size: st.size, mtimeMs: st.mtimeMs, hash });
      let categoryId: number | null = null;
      if (category !== null) {
        if (!cats.has(category)) cats.set(category, ctx.categories.add(category, [`a photo of ${category}`]).id);
        categoryId = cats.get(category)!;
      }
      // Half the photos are sorted by hand, half automatically: apply must honour both.
      if (opts.manual ?? photos.length % 2 === 0) ctx.categories.assignManual(id, categoryId);
      else auto.push({ photoId: id, categoryId, score: 0.5 });
      photos.push({ id, path, hash, category });
    }
    ctx.categories.saveAuto(auto, true);
    return { libDir, photosDir, photos };
  } finally {
    ctx.db.close();
  }
}

/** Every regular file under `dir` (temp files included: a leftover is a failure) → sha256; symlinks → "link:<target>". */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out.set(relative(dir, p), 'link');
      else out.set(relative(dir, p), sha256File(p));
    }
  };
  walk(dir);
  return out;
}

export function inode(p: string): number {
  return lstatSync(p).ino;
}

export function open(fx: Fixture): LibraryContext {
  return openLibrary(fx.libDir);
}
