/**
 * A library of generated photos (the colour × shape classes), indexed with the
 * test model through the real pipeline, and a Searcher over it: what the
 * search tests that call the core directly start from. Closed with the test.
 */
import { join } from 'node:path';
import { closeLibrary, openLibrary, type LibraryContext } from '../../src-main/core/context.js';
import { chooseModel, loadActiveModel, type ActiveModel } from '../../src-main/core/models/active-model.js';
import { indexRoots } from '../../src-main/core/indexer/indexer.js';
import { Searcher } from '../../src-main/core/search/search.js';
import { generatePhotos, type SynthPhoto } from '../fixtures/synth/photos.js';
import { onCleanup, type Owner } from './cleanup.js';
import { TINY_CLIP, tempDir } from './paths.js';

export interface SearchFixture {
  photos: SynthPhoto[];
  ctx: LibraryContext;
  active: ActiveModel;
  searcher: Searcher;
}

export async function searchFixture(owner: Owner, opts: { count: number; seed: number }): Promise<SearchFixture> {
  const tmp = tempDir(owner);
  const photosDir = join(tmp, 'Pictures');
  const photos = await generatePhotos({ outDir: photosDir, count: opts.count, seed: opts.seed });
  const ctx = openLibrary(join(tmp, 'library'));
  onCleanup(owner, () => closeLibrary(ctx));
  chooseModel(ctx, TINY_CLIP);
  const active = await loadActiveModel(ctx);
  await indexRoots(ctx, active, [photosDir]);
  return { photos, ctx, active, searcher: new Searcher(ctx, active) };
}
