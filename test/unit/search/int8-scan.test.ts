import { test } from 'node:test';
import { mulberry32 as rng, randomUnit as unit } from '../../helpers/random.js';
import assert from 'node:assert/strict';
import { VectorIndex, candidateCount, type ExactSource } from '../../../src-main/core/search/vector-index.js';
import { CHUNK_ROWS, PARALLEL_MIN_ROWS, ScanPool, WORK_BYTES } from '../../../src-main/core/search/scan-pool.js';
import { createMemory, kernelModule, rowLayout, wasmScorer, type ScoreFn } from '../../../src-main/core/search/int8-codes.js';
import { SCAN_KERNEL_WASM } from '../../../src-main/core/search/scan-kernel-wasm.js';
import { assembleKernel } from '../../../bench/tools/build-kernel.js';

function exactTop(vecs: Map<number, Float32Array>, q: Float32Array, k: number): number[] {
  const dot = (v: Float32Array): number => v.reduce((a, x, i) => a + x * q[i]!, 0);
  return [...vecs].map(([id, v]) => ({ id, s: dot(v) })).sort((a, b) => b.s - a.s || a.id - b.id).slice(0, k).map((e) => e.id);
}

/** An index whose exact vectors live outside it (as with the library database). */
function diskBacked(dim: number, vecs: Map<number, Float32Array>, opts = {}): VectorIndex {
  const source: ExactSource = (ids) => ids.map((id) => vecs.get(id));
  return new VectorIndex(dim, 16, { exact: source, ...opts });
}

test('the committed kernel bytes are the assembled scan-kernel.wat', async () => {
  const bytes = await assembleKernel();
  assert.equal(Buffer.from(bytes).toString('base64'), SCAN_KERNEL_WASM, 'run node dist/bench/tools/build-kernel.js after editing the WAT');
});

test('the WebAssembly kernel scores exactly as the JavaScript kernel does', () => {
  const r = rng(7);
  for (const dim of [3, 64, 100, 512]) {
    const vecs = new Map<number, Float32Array>();
    for (let id = 1; id <= 300; id++) vecs.set(id, unit(dim, r));
    const wasm = diskBacked(dim, vecs);
    const js = diskBacked(dim, vecs, { jsKernel: true });
    for (const [id, v] of vecs) {
      wasm.set(id, v);
      js.set(id, v);
    }
    const q = unit(dim, r);
    assert.deepEqual(wasm.scoresAll(q).scores, js.scoresAll(q).scores, `dim ${dim}`);
  }
});

test('int8 scores stay within 2e-3 of the exact cosine', () => {
  const r = rng(8);
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= 2000; id++) vecs.set(id, unit(512, r));
  const index = diskBacked(512, vecs);
  for (const [id, v] of vecs) index.set(id, v);
  const q = unit(512, r);
  const { ids, scores } = index.scoresAll(q);
  ids.forEach((id, i) => {
    const exact = vecs.get(id)!.reduce((a, x, j) => a + x * q[j]!, 0);
    assert.ok(Math.abs(scores[i]! - exact) < 2e-3, `photo ${id}: ${scores[i]} vs ${exact}`);
  });
});

test('search over int8 codes with exact rescoring gives the exact float32 top-k', () => {
  const r = rng(9);
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= 3000; id++) vecs.set(id, unit(64, r));
  const index = diskBacked(64, vecs);
  for (const [id, v] of vecs) index.set(id, v);
  for (let t = 0; t < 20; t++) {
    const q = unit(64, r);
    const hits = index.search(q, 10);
    assert.deepEqual(hits.map((h) => h.photoId), exactTop(vecs, q, 10));
    const best = vecs.get(hits[0]!.photoId)!.reduce((a, x, j) => a + x * q[j]!, 0);
    assert.ok(Math.abs(hits[0]!.score - best) < 1e-6, 'scores are the exact ones');
  }
  assert.ok(index.search(unit(64, r), 5000).length === 3000, 'k larger than the candidate areas still works');
});

test('a scan split over worker threads finds what one thread finds', async () => {
  const r = rng(10);
  const dim = 32;
  const vecs = new Map<number, Float32Array>();
  const n = PARALLEL_MIN_ROWS + 5000;
  for (let id = 1; id <= n; id++) vecs.set(id, unit(dim, r));
  const multi = diskBacked(dim, vecs, { threads: 2 });
  const single = diskBacked(dim, vecs, { threads: 1 });
  for (const [id, v] of vecs) {
    multi.set(id, v);
    single.set(id, v);
  }
  await new Promise((res) => setTimeout(res, 300)); // let the worker start
  try {
    for (let t = 0; t < 5; t++) {
      const q = unit(dim, r);
      const a = multi.search(q, 20);
      assert.deepEqual(a, single.search(q, 20));
      assert.deepEqual(a.map((h) => h.photoId), exactTop(vecs, q, 20));
    }
  } finally {
    multi.close();
  }
});

test('a scan worker thread (scan-worker.js) takes chunks: the calling thread scans fewer than all', async (t) => {
  const module = kernelModule();
  const layout = rowLayout(32);
  const rows = PARALLEL_MIN_ROWS + 5000;
  const qOffset = 64;
  const workOffset = 128;
  const rowsOffset = workOffset + WORK_BYTES;
  const memory = createMemory(Math.ceil((rowsOffset + rows * layout.stride) / 65536));
  if (!module || !(memory.buffer instanceof SharedArrayBuffer)) return t.skip('no WebAssembly SIMD or shared memory here');
  const wasm = wasmScorer(module, memory);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let callerChunks = 0;
  // A slow calling thread, so a ready worker surely claims some chunks.
  const caller: ScoreFn = (...args) => {
    callerChunks++;
    Atomics.wait(nap, 0, 0, 5);
    wasm(...args);
  };
  const pool = new ScanPool(module, memory, caller, 2);
  pool.start();
  try {
    const area = { qOffset, rowsOffset, workOffset, stride: layout.stride, padded: layout.padded };
    for (let tries = 0; ; tries++) {
      callerChunks = 0;
      const found = pool.scan(area, 1, rows, 10).rows;
      assert.ok(found.length >= 10 && found.every((r) => r >= 0 && r < rows));
      if (callerChunks < Math.ceil(rows / CHUNK_ROWS)) break;
      assert.ok(tries < 50, 'no worker took part in a scan');
      await new Promise((res) => setTimeout(res, 100)); // the worker is still starting
    }
  } finally {
    pool.close();
  }
});

test('deleting and replacing keep codes, ids and exact vectors together', () => {
  const r = rng(11);
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= 50; id++) vecs.set(id, unit(16, r));
  const index = diskBacked(16, vecs);
  for (const [id, v] of vecs) index.set(id, v);
  for (let id = 1; id <= 50; id += 3) {
    index.delete(id);
    vecs.delete(id);
  }
  const moved = unit(16, r);
  vecs.set(2, moved);
  index.set(2, moved);
  assert.equal(index.size, vecs.size);
  assert.deepEqual(index.vector(2), moved);
  for (const [id, v] of vecs) assert.equal(index.search(v, 1)[0]!.photoId, id);
  assert.equal(index.search(moved, 3, 2).some((h) => h.photoId === 2), false);
  assert.ok(candidateCount(10) >= 60);
});

function dotOf(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

test('a filter is applied in the scan: only allowed photos come back, every allowed one counted, on one thread and on several, in WASM and in JS', async () => {
  const r = rng(21);
  const dim = 64;
  const n = PARALLEL_MIN_ROWS + 3000;
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= n; id++) vecs.set(id, unit(dim, r));
  const allowed = new Uint8Array(n + 1);
  let count = 0;
  for (let id = 1; id <= n; id++) if (r() < 0.01) (allowed[id] = 1), count++;
  const indexes = [diskBacked(dim, vecs, { threads: 2 }), diskBacked(dim, vecs, { threads: 1 }), diskBacked(dim, vecs, { jsKernel: true, threads: 1 })];
  for (const index of indexes) for (const [id, v] of vecs) index.set(id, v);
  await new Promise((res) => setTimeout(res, 300));
  try {
    for (let t = 0; t < 3; t++) {
      const q = unit(dim, r);
      const want = [...vecs].filter(([id]) => allowed[id]).map(([id, v]) => ({ id, s: dotOf(v, q) })).sort((a, b) => b.s - a.s);
      for (const index of indexes) {
        const { hits, passed } = index.searchWith(q, 20, { allowed });
        assert.equal(passed, count);
        assert.deepEqual(hits.map((h) => h.photoId), want.slice(0, 20).map((w) => w.id));
        const unfiltered = index.searchWith(q, 20, {});
        assert.equal(unfiltered.passed, n, 'without a filter every photo passes');
      }
    }
    // A filter narrower than k gives every allowed photo, and the excluded one never.
    const few = new Uint8Array(n + 1);
    few[5] = few[6] = few[7] = 1;
    const { hits, passed } = indexes[0]!.searchWith(unit(dim, r), 50, { allowed: few, exclude: 6 });
    assert.deepEqual(hits.map((h) => h.photoId).sort(), [5, 7]);
    assert.equal(passed, 2);
  } finally {
    indexes[0]!.close();
  }
});

test('floors: only photos scoring above their floor pass the scan, and they are all counted', () => {
  const r = rng(22);
  const dim = 64;
  const vecs = new Map<number, Float32Array>();
  for (let id = 1; id <= 3000; id++) vecs.set(id, unit(dim, r));
  const background = [unit(dim, r), unit(dim, r)];
  for (const opts of [{}, { jsKernel: true }]) {
    const index = diskBacked(dim, vecs, opts);
    for (let id = 1; id <= 1500; id++) index.set(id, vecs.get(id)!);
    index.setFloors(background);
    for (let id = 1501; id <= 3000; id++) index.set(id, vecs.get(id)!); // set after: floors computed as they come
    const floorOf = (v: Float32Array): number => Math.max(...background.map((b) => dotOf(v, b)));
    for (let t = 0; t < 5; t++) {
      const q = unit(dim, r);
      // Leave out photos within the int8 error of their floor: either answer is right for them.
      const margin = [...vecs].map(([id, v]) => ({ id, m: dotOf(v, q) - floorOf(v) }));
      const sure = margin.filter((x) => Math.abs(x.m) > 5e-3);
      const above = new Set(index.aboveFloor(q));
      for (const x of sure) assert.equal(above.has(x.id), x.m > 0, `photo ${x.id}`);
      const { hits, passed } = index.searchWith(q, 10, { aboveFloor: true });
      assert.equal(passed, above.size);
      for (const h of hits) assert.ok(above.has(h.photoId));
      assert.ok(Math.abs(index.floor(1)! - floorOf(vecs.get(1)!)) < 5e-3);
      assert.ok(Math.abs(index.floor(2000)! - floorOf(vecs.get(2000)!)) < 1e-6, 'a photo set later gets its exact floor');
    }
  }
});
