import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderThreshold } from '../../../src-main/core/sorting/threshold.js';
import { sortPhotos } from '../../../src-main/core/sorting/sorter.js';
import { VectorIndex } from '../../../src-main/core/search/vector-index.js';

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
}
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('two clear groups of scores: the cut-off falls between them', () => {
  const r = rng(3);
  const scores = Float32Array.from([
    ...Array.from({ length: 900 }, () => 0.18 + 0.02 * normal(r)),
    ...Array.from({ length: 100 }, () => 0.31 + 0.02 * normal(r)),
  ]);
  const t = folderThreshold(scores);
  assert.equal(t.method, 'split');
  assert.ok(t.value > 0.22 && t.value < 0.28, String(t.value));
});

test('one group of scores (nothing matches): nobody passes but clear outliers', () => {
  const r = rng(4);
  const scores = Float32Array.from({ length: 1000 }, () => 0.2 + 0.02 * normal(r));
  const t = folderThreshold(scores);
  assert.equal(t.method, 'outlier');
  const passing = scores.filter((s) => s >= t.value).length;
  assert.ok(passing <= 2, `${passing} photos passed`);
});

test('a folder that most photos belong to still takes them', () => {
  const r = rng(5);
  const scores = Float32Array.from([
    ...Array.from({ length: 700 }, () => 0.3 + 0.015 * normal(r)),
    ...Array.from({ length: 300 }, () => 0.15 + 0.015 * normal(r)),
  ]);
  const t = folderThreshold(scores);
  assert.ok(scores.filter((s) => s >= t.value).length >= 680);
});

test('sorting: best passing folder wins, otherwise Unsorted; sigmoid models cut at probability ½', () => {
  const index = new VectorIndex(2);
  index.set(1, Float32Array.from([1, 0]));
  index.set(2, Float32Array.from([0, 1]));
  index.set(3, Float32Array.from([-Math.SQRT1_2, -Math.SQRT1_2]));
  const folders = [
    { id: 10, prompts: [Float32Array.from([1, 0])] },
    { id: 20, prompts: [Float32Array.from([0, 1])] },
  ];
  // σ(10·s − 5) ≥ ½ ⇔ s ≥ 0.5
  const { decisions } = sortPhotos(index, folders, { kind: 'sigmoid', logitScale: 10, logitBias: -5 });
  assert.deepEqual(
    decisions.map((d) => [d.photoId, d.categoryId]),
    [[1, 10], [2, 20], [3, null]],
  );
});
