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
