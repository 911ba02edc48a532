import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 as rng, randomUnit as unit } from '../../helpers/random.js';
import { VectorIndex } from '../../../src-main/core/search/vector-index.js';
import { FolderScores, type Rejections } from '../../../src-main/core/sorting/sorter.js';
import { learnFolder } from '../../../src-main/core/sorting/learning.js';
import { previewFolder } from '../../../src-main/core/sorting/preview.js';
import type { Scoring } from '../../../src-main/core/models/model-folder.js';

/** What a full sort would do: the photos it puts in the folder (not chosen by hand), and the folder each is in without it. */
function bySorting(scores: FolderScores, id: number, manual: ReadonlyMap<number, number | null>, rejected: Rejections): [number, number | null][] {
  const after = scores.decide(rejected);
  const before = scores.decide(rejected, new Set(scores.folderIds().filter((f) => f !== id)));
  return after.flatMap((d, r): [number, number | null][] => (d.categoryId === id && !manual.has(d.photoId) ? [[d.photoId, before[r]!.categoryId]] : [])).sort((a, b) => a[0] - b[0]);
}

test('the preview after each Yes/No answer takes exactly the photos a full sort would, from the folders they would leave', () => {
  const r = rng(11);
  const dim = 16;
  const scoring: Scoring = { kind: 'softmax', logitScale: 30 };
  const vecs = new Map<number, Float32Array>();
  const index = new VectorIndex(dim);
  for (let id = 1; id <= 3000; id++) vecs.set(id, unit(dim, r)), index.set(id, vecs.get(id)!);
  const background = [unit(dim, r)];
  const folders = Array.from({ length: 5 }, (_, f) => ({ id: f + 1, prompts: [unit(dim, r)], positives: [] as number[], negatives: [] as number[] }));
  const manual = new Map<number, number | null>();
  const rejected = new Map<number, Set<number>>(folders.map((f) => [f.id, new Set<number>()]));
  const scores = new FolderScores(index, scoring, background);
  const update = (): void =>
    scores.update(
      folders.map((f) => learnFolder({ id: f.id, prompts: f.prompts, positives: f.positives.map((p) => vecs.get(p)!), negatives: f.negatives.map((p) => vecs.get(p)!) }, scoring, background)),
      new Map(folders.map((f) => [f.id, JSON.stringify([f.positives, f.negatives])])),
    );
  update();
  let moved = 0;
  for (let step = 0; step < 12; step++) {
    const photo = 1 + Math.floor(r() * 3000);
    if (step % 3 === 2) {
      // another folder learns from photos put in it by hand (its cut-off moves, so its margins change everywhere)
      const other = folders[1 + (step % 4)]!;
      for (let k = 0; k < 40; k++) other.positives.push(1 + Math.floor(r() * 3000)), manual.set(other.positives.at(-1)!, other.id);
    } else if (step % 2 === 0) folders[0]!.positives.push(photo), manual.set(photo, 1); // Yes for folder 1
    else folders[0]!.negatives.push(photo), rejected.get(1)!.add(photo); // No for folder 1
    if (step === 6) for (let p = 1; p <= 3000; p += 7) rejected.get(2)!.add(p); // another folder's rejections change
    update();
    const hits = previewFolder(scores, 1, manual, rejected, false);
    assert.deepEqual(hits.map((h) => [h.photoId, h.from]).sort((a, b) => a[0]! - b[0]!), bySorting(scores, 1, manual, rejected), `step ${step}`);
    moved += hits.filter((h) => h.from !== null).length;
  }
  assert.ok(moved > 0, 'some photos would leave another folder');
});
