import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closePairs } from '../../../src-main/core/duplicates/candidates.js';
import { encodeCodes } from '../../../src-main/core/vector-codes/int8.js';

const DIM = 64;

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
}

function unit(parts: [Float32Array, number][]): Float32Array {
  const out = new Float32Array(DIM);
  for (const [v, w] of parts) for (let j = 0; j < DIM; j++) out[j]! += v[j]! * w;
  const inv = 1 / Math.hypot(...out);
  return out.map((x) => x * inv);
}

const cosine = (a: Uint8Array, b: Uint8Array): number => {
  const sa = Buffer.from(a).readFloatLE(DIM);
  const sb = Buffer.from(b).readFloatLE(DIM);
  let s = 0;
  for (let j = 0; j < DIM; j++) s += ((a[j]! << 24) >> 24) * ((b[j]! << 24) >> 24);
  return s * sa * sb;
};

test('candidates: in a library whose vectors bunch up (one common direction), every close copy is found, each pair once and truly close', () => {
  const r = rng(5);
  const rand = (): Float32Array => Float32Array.from({ length: DIM }, r);
  const common = rand();
  const scenes = Array.from({ length: 8 }, rand);
  const codes: Uint8Array[] = [];
  const copies: [number, number][] = [];
  while (codes.length < 3000) {
    const v = unit([[common, 3], [scenes[Math.floor(((r() + 1) / 2) * scenes.length)]!, 1], [rand(), 0.6]]);
    codes.push(encodeCodes(v));
    if (r() > 0.8) {
      copies.push([codes.length - 1, codes.length]);
      codes.push(encodeCodes(unit([[v, 1], [rand(), 0.05]])));
    }
  }
  const rows = { ids: Int32Array.from(codes, (_, i) => i + 1), codes, dim: DIM };
  const pairs = closePairs(rows, 0.9);
  const keys = new Set(pairs.map(([i, j]) => `${i} ${j}`));
  assert.equal(keys.size, pairs.length, 'each pair once');
  for (const [i, j] of pairs) {
    assert.ok(i < j);
    assert.ok(cosine(codes[i]!, codes[j]!) >= 0.9 - 1e-6);
  }
  const missed = copies.filter(([i, j]) => !keys.has(`${i} ${j}`));
  assert.deepEqual(missed, [], 'every planted copy proposed');
  // Bunched: most of the library is within 0.9 of a great many others, so the candidates are not just the copies.
  assert.ok(pairs.length > copies.length * 2, `${pairs.length} pairs`);
});
