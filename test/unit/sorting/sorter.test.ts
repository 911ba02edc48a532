import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortPhotos } from '../../../src-main/core/sorting/sorter.js';
import { VectorIndex } from '../../../src-main/core/search/vector-index.js';

const unit = (...xs: number[]): Float32Array => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / n);
};

function library(): VectorIndex {
  const index = new VectorIndex(3);
  index.set(1, unit(1, 0, 0.3)); // clearly folder A
  index.set(2, unit(0, 1, 0.3)); // clearly folder B
  index.set(3, unit(0.6, 0.55, 0.3)); // a bit of both, more A
  index.set(4, unit(0, 0, 1)); // like the background descriptions: neither
  return index;
}

const A = { id: 10, prompts: [unit(1, 0, 0)] };
const B = { id: 20, prompts: [unit(0, 1, 0)] };
const background = [unit(0, 0, 1)];

test('softmax models: the best folder that beats the background descriptions wins, else Unsorted', () => {
  const { decisions } = sortPhotos(library(), [A, B], { kind: 'softmax', logitScale: 100 }, background);
  assert.deepEqual(
    decisions.map((d) => [d.photoId, d.categoryId]),
    [[1, 10], [2, 20], [3, 10], [4, null]],
  );
});

test('a folder is judged on its own: adding more folders does not empty the others', () => {
  const many = Array.from({ length: 48 }, (_, i) => ({ id: 100 + i, prompts: [unit(-1, -1 - i / 10, 0.1)] }));
  const { decisions } = sortPhotos(library(), [A, B, ...many], { kind: 'softmax', logitScale: 100 }, background);
  assert.deepEqual(
    decisions.map((d) => d.categoryId),
    [10, 20, 10, null],
  );
});

test('a folder with several descriptions takes photos that fit any of them', () => {
  const either = { id: 30, prompts: [unit(1, 0, 0), unit(0, 1, 0)] };
  const { decisions } = sortPhotos(library(), [either], { kind: 'softmax', logitScale: 100 }, background);
  assert.deepEqual(
    decisions.map((d) => d.categoryId),
    [30, 30, 30, null],
  );
});

test('sigmoid models cut at probability ½: σ(scale·s + bias) ≥ ½', () => {
  const index = new VectorIndex(2);
  index.set(1, unit(1, 0));
  index.set(2, unit(0, 1));
  index.set(3, unit(-1, -1));
  // σ(10·s − 5) ≥ ½ ⇔ s ≥ 0.5
  const { decisions } = sortPhotos(index, [{ id: 10, prompts: [unit(1, 0)] }, { id: 20, prompts: [unit(0, 1)] }], { kind: 'sigmoid', logitScale: 10, logitBias: -5 });
  assert.deepEqual(
    decisions.map((d) => [d.photoId, d.categoryId]),
    [[1, 10], [2, 20], [3, null]],
  );
});

// ── Learning (learning.ts): examples move a folder; none leave the zero-shot rule as it was ──

import { FolderScores } from '../../../src-main/core/sorting/sorter.js';
import { fitThreshold, learnFolder } from '../../../src-main/core/sorting/learning.js';

const softmax = { kind: 'softmax', logitScale: 100 } as const;

test('with no examples a learned folder sorts exactly as the zero-shot rule, cut-off 0', () => {
  const rules = [A, B].map((f) => learnFolder(f, softmax, background));
  assert.deepEqual(rules.map((r) => [r.threshold, r.keys.length]), [[0, 0], [0, 0]]);
  const scores = new FolderScores(library(), softmax, background);
  scores.update(rules);
  assert.deepEqual(scores.decide().map((d) => d.categoryId), sortPhotos(library(), [A, B], softmax, background).decisions.map((d) => d.categoryId));
});

test('a photo put in a folder by hand pulls its look-alikes in; one said not to be in it pushes them out', () => {
  const index = library();
  index.set(5, unit(0.05, 0, 1)); // looks like photo 4 (neither), which a person put in B
  index.set(6, unit(1, 0.05, 0.3)); // looks like photo 1, which a person said is not in A
  const vector = (id: number): Float32Array => index.vector(id)!;
  // Text logits of a real CLIP lie within a few units of the cut-off; at scale 100 these toy vectors would be 100 away.
  const clip = { kind: 'softmax', logitScale: 10 } as const;
  const scores = new FolderScores(index, clip, background);
  scores.update([learnFolder({ ...A, negatives: [vector(1)] }, clip, background), learnFolder({ ...B, positives: [vector(4)] }, clip, background)]);
  const byId = new Map(scores.decide(new Map([[10, new Set([1])]])).map((d) => [d.photoId, d.categoryId]));
  assert.equal(byId.get(5), 20, 'the look-alike of a positive example joins B');
  assert.equal(byId.get(1), null, 'a photo said not to be in A never goes there');
  assert.notEqual(byId.get(6), 10, 'the look-alike of a negative example leaves A');
  assert.equal(byId.get(2), 20, 'photos far from every example keep their text rule');
});

test('the cut-off stays 0 when the examples agree with it, and moves just past them when they do not', () => {
  assert.equal(fitThreshold([3, 5], [-2, -4]), 0);
  assert.equal(fitThreshold([], []), 0);
  const up = fitThreshold([5, 6], [2, 1]); // negatives pass the text rule: raise the bar past them
  assert.ok(up > 2 && up < 5, `${up}`);
  const down = fitThreshold([-3, -2.5], [-8]); // positives fail it: lower it below them
  assert.ok(down < -3 && down > -8, `${down}`);
});
