/**
 * Builds the in-memory vector index of one model from the database. The index
 * keeps int8 codes only; the few exact float32 vectors a search rescores are
 * read back from the database (one indexed query per search), so a large
 * library costs about a quarter of its float32 size in memory.
 */
import { Worker } from 'node:worker_threads';
import type { LibraryContext } from '../context.js';
import type { LoaderData } from './index-loader.js';
import { fromBlob } from '../store/vectors.js';
import { VectorIndex, type ExactSource } from './vector-index.js';

export function loadIndex(ctx: LibraryContext, modelId: number, dim: number): VectorIndex {
  // Vectors are 2 KB blobs on overflow pages: reading them through a memory map
  // instead of read() calls halves loading and rescoring. Reads only; per connection.
  ctx.db.pragma('mmap_size = 4294967296');
  const index = new VectorIndex(dim, Math.max(1024, ctx.vectors.count(modelId)), { exact: exactFromDb(ctx, modelId) });
  for (const { photoId, vector } of ctx.vectors.iterate(modelId)) index.setBlob(photoId, vector);
  return index;
}

/**
 * The same index, filled by a worker thread (index-loader.ts) so this thread
 * is free meanwhile: at launch, start this, load the model, then await it.
 * Falls back to loading here if the worker cannot do it.
 */
export async function loadIndexInBackground(ctx: LibraryContext, modelId: number, dim: number): Promise<VectorIndex> {
  ctx.db.pragma('mmap_size = 4294967296');
  const count = ctx.vectors.count(modelId);
  const index = new VectorIndex(dim, count + 1024, { exact: exactFromDb(ctx, modelId) });
  const target = index.loadTarget();
  const ids = new SharedArrayBuffer(target.capacity * 4);
  const data: LoaderData = { dbPath: ctx.db.name, modelId, ...target, ids };
  try {
    const n = await new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL('./index-loader.js', import.meta.url), { workerData: data });
      w.once('message', (m: { count?: number; error?: string }) => (m.error !== undefined ? reject(new Error(m.error)) : resolve(m.count!)));
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`index loader exited (${code})`)));
    });
    index.adoptRows(new Int32Array(ids, 0, n));
    return index;
  } catch {
    index.close();
    return loadIndex(ctx, modelId, dim);
  }
}

/** Exact vectors of some photos, read from the library's embeddings table. */
export function exactFromDb(ctx: LibraryContext, modelId: number): ExactSource {
  const stmt = ctx.db.prepare(
    'SELECT photo_id AS id, vector FROM embeddings WHERE model_id = ? AND photo_id IN (SELECT value FROM json_each(?))',
  );
  return (ids) => {
    const found = new Map<number, Float32Array>();
    for (const row of stmt.iterate(modelId, JSON.stringify(ids)) as Iterable<{ id: number; vector: Buffer }>)
      found.set(row.id, fromBlob(row.vector));
    return ids.map((id) => found.get(id));
  };
}
