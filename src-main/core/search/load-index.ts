/** Builds the in-memory vector index of one model from the database. */
import type { LibraryContext } from '../context.js';
import { VectorIndex } from './vector-index.js';

export function loadIndex(ctx: LibraryContext, modelId: number, dim: number): VectorIndex {
  const index = new VectorIndex(dim, Math.max(1024, ctx.vectors.count(modelId)));
  for (const { photoId, vector } of ctx.vectors.iterate(modelId)) index.setBlob(photoId, vector);
  return index;
}
