import { test } from 'node:test';
import { mulberry32 as rng, randomUnit as unit } from '../../helpers/random.js';
import assert from 'node:assert/strict';
import { VectorIndex } from '../../../src-main/core/search/vector-index.js';

test('search returns the exact top-k by cosine, best first', () => {
  const r = rng(1);
  const index = new VectorIndex(32, 4);
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= 500; id++) {
    const v = unit(32, r);
    vecs.set(id, v);
    index.set(id, v);
  }
  const q = unit(32, r);
  const exact = [...vecs].map(([id, v]) => ({ id, s: v.reduce((a, x, i) => a + x * q[i]!, 0) })).sort((a, b) => b.s - a.s);
  const hits = index.search(q, 10);
  assert.deepEqual(hits.map((h) => h.photoId), exact.slice(0, 10).map((e) => e.id));
  for (let i = 0; i < 10; i++) assert.ok(Math.abs(hits[i]!.score - exact[i]!.s) < 1e-5);
});

test('deleting and replacing vectors keeps the index consistent', () => {
  const r = rng(2);
  const index = new VectorIndex(8);
  const a = unit(8, r);
  const b = unit(8, r);
  index.set(1, a);
  index.set(2, b);
  index.set(3, unit(8, r));
  index.delete(1);
  assert.equal(index.size, 2);
  assert.equal(index.has(1), false);
  assert.deepEqual(index.search(b, 1).map((h) => h.photoId), [2]);
  index.set(3, a); // replace
  assert.deepEqual(index.search(a, 1).map((h) => h.photoId), [3]);
  assert.equal(index.search(a, 5, 3).some((h) => h.photoId === 3), false, 'exclude leaves the query photo out');
});

test('scoresMany on two threads gives every photo the same scores as one query at a time', async () => {
  const r = rng(7);
  const n = 45_000; // above PARALLEL_MIN_ROWS, not a whole number of chunks
  const vecs: Float32Array[] = [];
  const index = new VectorIndex(64, n, { threads: 2, exact: (ids) => ids.map((id) => vecs[id - 1]) });
  for (let id = 1; id <= n; id++) {
    vecs.push(unit(64, r));
    index.set(id, vecs[id - 1]!);
  }
  try {
    for (let i = 0; i < 200 && index.scanThreads < 2; i++) await new Promise((res) => setTimeout(res, 25));
    assert.equal(index.scanThreads, 2, 'the scan worker started');
    const queries = Array.from({ length: 9 }, () => unit(64, r));
    const many = index.scoresMany(queries);
    assert.equal(many.length, queries.length);
    queries.forEach((q, i) => assert.deepEqual(many[i], index.scoresAll(q).scores, `query ${i}`));
    // a search after it still scans for the best rows
    assert.equal(index.search(vecs[123]!, 1)[0]!.photoId, 124);
  } finally {
    index.close();
  }
});
