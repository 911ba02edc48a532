/** Sorts the whole library into its category folders and stores the automatic result. */
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import type { VectorIndex } from '../search/vector-index.js';
import { encodeTexts } from '../search/text-vectors.js';
import { sortPhotos, type SortResult } from './sorter.js';
import { BACKGROUND_PROMPTS } from './background.js';

export async function sortLibrary(ctx: LibraryContext, active: ActiveModel, index: VectorIndex): Promise<SortResult> {
  const folders = [];
  for (const c of ctx.categories.list()) folders.push({ id: c.id, prompts: await encodeTexts(ctx, active, c.prompts) });
  const result = sortPhotos(index, folders, active.model.folder.scoring, await backgroundVectors(ctx, active));
  ctx.categories.saveAuto(result.decisions, true);
  return result;
}

/** The vectors a folder must beat, for models that need them (see background.ts). */
export async function backgroundVectors(ctx: LibraryContext, active: ActiveModel): Promise<Float32Array[]> {
  return active.model.folder.scoring.kind === 'softmax' ? encodeTexts(ctx, active, [...BACKGROUND_PROMPTS]) : [];
}
