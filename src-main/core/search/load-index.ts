/**
 * Builds the in-memory vector index of one model from the database. The index
 * keeps int8 codes only, copied from the codes stored beside each vector
 * (embedding_codes, migration 003: 53 MB to read for 100k 512-d photos instead
 * of 470 MB of float32 rows); the few exact float32 vectors a search rescores
 * are read back from the database (one indexed query per search), so a large
 * library costs about a quarter of its float32 size in memory.
 */
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import { modelSettings, type ActiveModel } from '../models/active-model.js';
import type { LoaderData } from './index-loader.js';
import { fillMissingCodes, fromBlob, INDEX_CODES_SQL } from '../store/vectors.js';
import { writeCodeRows } from './int8-codes.js';
import { VectorIndex, type ExactSource } from './vector-index.js';

export function loadIndex(ctx: LibraryContext, modelId: number, dim: number): VectorIndex {
  const { index, target } = prepare(ctx, modelId, dim);
  const ids = new Int32Array(target.capacity);
  const rows = ctx.db.prepare(INDEX_CODES_SQL).raw(true).iterate(modelId) as Iterable<[number, Buffer]>;
  const n = writeCodeRows(rows, target, ids);
  index.adoptRows(ids.subarray(0, n));
  return index;
}

/** An empty index big enough for the model's photos, after making sure each vector has its codes. */
function prepare(ctx: LibraryContext, modelId: number, dim: number): { index: VectorIndex; target: ReturnType<VectorIndex['loadTarget']> } {
  // Exact vectors are 2 KB blobs on overflow pages: reading them through a memory map
  // instead of read() calls halves rescoring. Reads only; per connection.
  ctx.db.pragma('mmap_size = 4294967296');
  const count = ctx.vectors.count(modelId);
  // Codes are only ever missing (never stale): vectors written by something that bypassed VectorStore.
  if (ctx.vectors.codesCount(modelId) !== count) fillMissingCodes(ctx.db, modelId);
  const index = new VectorIndex(dim, count + 1024, { exact: exactFromDb(ctx, modelId) });
  return { index, target: index.loadTarget() };
}

/**
 * The same index, filled by a worker thread (index-loader.ts) so this thread
 * is free meanwhile: at launch, start this, load the model, then await it.
 * Falls back to loading here if the worker cannot do it.
 */
export async function loadIndexInBackground(ctx: LibraryContext, modelId: number, dim: number): Promise<VectorIndex> {
  const { index, target } = prepare(ctx, modelId, dim);
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

/**
 * The active model and its index, loaded side by side: the index's worker
 * reads the codes of the model the settings name while `loadModel` loads the
 * model (the two are the first search's wait at launch). If the loaded model
 * turns out to be another record (changed settings, a new embedding size), the
 * early index is dropped and the right one loaded here.
 */
export async function loadModelAndIndex(
  ctx: LibraryContext,
  loadModel: () => Promise<ActiveModel>,
): Promise<{ active: ActiveModel; index: VectorIndex }> {
  const dir = modelSettings(ctx)?.dir;
  const early = dir ? ctx.vectors.models().find((m) => m.key === resolve(dir)) : undefined;
  const pending = early ? loadIndexInBackground(ctx, early.id, early.dim).catch(() => undefined) : undefined;
  let active: ActiveModel;
  try {
    active = await loadModel();
  } catch (err) {
    void pending?.then((index) => index?.close());
    throw err;
  }
  const index = await pending;
  if (index && early!.id === active.record.id && early!.dim === active.record.dim) return { active, index };
  index?.close();
  return { active, index: loadIndex(ctx, active.record.id, active.record.dim) };
}

/** Exact vectors of some photos, read from the library's embeddings table. */
function exactFromDb(ctx: LibraryContext, modelId: number): ExactSource {
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
