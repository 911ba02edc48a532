/**
 * Builds the in-memory vector index of one model from the database. The index
 * keeps int8 codes only; the few exact float32 vectors a search rescores are
 * read back from the database (one indexed query per search), so a large
 * library costs about a quarter of its float32 size in memory.
 */
import type { LibraryContext } from '../context.js';
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
