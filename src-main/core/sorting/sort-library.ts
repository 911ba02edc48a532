/** Sorts the whole library into its category folders and stores the automatic result. */
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import type { VectorIndex } from '../search/vector-index.js';
import { encodeTexts } from '../search/text-vectors.js';
import { sortPhotos, type SortResult } from './sorter.js';

export async function sortLibrary(ctx: LibraryContext, active: ActiveModel, index: VectorIndex): Promise<SortResult> {
  const folders = [];
  for (const c of ctx.categories.list()) folders.push({ id: c.id, prompts: await encodeTexts(ctx, active, c.prompts) });
  const result = sortPhotos(index, folders, active.model.folder.scoring);
  ctx.categories.saveAuto(result.decisions, true);
  return result;
}
