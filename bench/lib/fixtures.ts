/** What the benchmarks run on: the ViT-B/32 export, a library of N random vectors, generated photos. */
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openLibrary, closeLibrary, type LibraryContext } from '../../src-main/core/context.js';
import { chooseModel } from '../../src-main/core/models/active-model.js';
import { readModelFolder } from '../../src-main/core/models/model-folder.js';
import { CACHE, ROOT } from './report.js';
import { vectorFor } from './vectors.js';

export const VITB32 = join(CACHE, 'clip-vit-b32');
export const PYTHON = process.env.SHOEBOX_BENCH_PYTHON ?? '/usr/bin/python3';

/** The random-weight CLIP ViT-B/32 export, made on first use (needs python3 with torch 1.13+ and onnx). */
export function ensureModel(): string {
  if (existsSync(join(VITB32, 'onnx', 'vision_model_int8.onnx')) && existsSync(join(VITB32, 'tokenizer.json'))) return VITB32;
  console.error('bench: exporting the random-weight CLIP ViT-B/32 (once, about a minute)…');
  const r = spawnSync(PYTHON, [join(ROOT, 'bench', 'models', 'export_vitb32.py'), VITB32], { stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`Exporting the bench model failed. It needs ${PYTHON} with torch and onnx (Debian: apt install python3-torch python3-onnx).`);
  return VITB32;
}

/**
 * A real library (the app's schema, through openLibrary) with `n` photos that
 * have random unit vectors for the ViT-B/32 model, chosen as its active model.
 * Made once and kept in bench/cache.
 */
export function ensureLibrary(n: number): string {
  const model = ensureModel();
  return ensureVectorLibrary(`library-${n}`, n, (ctx) => {
    chooseModel(ctx, model);
    const folder = readModelFolder(model);
    return { key: folder.dir, name: folder.name };
  });
}

/**
 * A library in bench/cache/`name` with `n` photos and a random unit vector
 * each for one model record (`model` chooses it; none needed where nothing is
 * embedded). Made once; a stamp file says it is complete.
 */
export function ensureVectorLibrary(name: string, n: number, model: (ctx: LibraryContext) => { key: string; name: string }): string {
  const dir = join(CACHE, name);
  const stamp = join(dir, 'complete.json');
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).n === n) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.error(`bench: building a library of ${n} photos with random vectors…`);
  const ctx = openLibrary(dir);
  try {
    const m = model(ctx);
    const record = ctx.vectors.model(m.key, m.name, 512);
    const photo = ctx.db.prepare(
      `INSERT INTO photos (id, path, size, mtime_ms, hash, width, height, taken_at, error, indexed_at)
       VALUES (?, ?, ?, ?, ?, 4032, 3024, ?, NULL, ?)`,
    );
    const v = new Float32Array(512);
    const now = Date.now();
    for (let start = 1; start <= n; start += 10_000) {
      ctx.db.transaction(() => {
        for (let id = start; id < Math.min(n + 1, start + 10_000); id++) {
          const path = `/photos/${2010 + (id % 15)}/${String((id % 12) + 1).padStart(2, '0')}/IMG_${String(id).padStart(7, '0')}.jpg`;
          photo.run(id, path, 4_600_000 + (id % 1000), now - id * 1000, id.toString(16).padStart(64, '0'), new Date(now - id * 60_000).toISOString(), now);
          ctx.vectors.put(id, record.id, vectorFor(id, 512, v)); // the vector and its int8 codes
        }
      })();
    }
  } finally {
    closeLibrary(ctx);
  }
  writeFileSync(stamp, JSON.stringify({ n }));
  return dir;
}
