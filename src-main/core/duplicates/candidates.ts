/**
 * Pairs of photos whose CLIP vectors are close, from the int8 codes the
 * search index uses, without scoring every pair: each photo goes to its
 * nearest of √n pivots (and to the second nearest when that is almost as near,
 * so a close pair split by a boundary still meets), then only photos that share
 * a pivot are scored against each other, with the search's WebAssembly SIMD
 * kernel; a group that bunches up is split again the same way. About
 * 2·n·√n dot products instead of n²/2.
 */
import { codesBytes } from '../vector-codes/int8.js';
import {
  createMemory, jsScorer, kernelModule, queryMax, rowLayout, wasmScorer, writeCodeRows, type RowLayout,
} from '../search/int8-codes.js';

export interface CodeRows {
  /** photo id per row */
  ids: Int32Array;
  /** stored codes per row (dim int8, then the float32 scale) */
  codes: Uint8Array[];
  dim: number;
}

/** A second pivot is used when it is within this of the nearest (cosine). */
const SECOND_PIVOT_MARGIN = 0.08;
const PAGE = 65536;
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * A pivot group larger than this is split again around its own pivots: where
 * the vectors bunch up (one common direction, a big scene) a group of m would
 * otherwise cost m²/2 scores.
 */
const leafSize = (n: number): number => Math.max(256, Math.round(2 * Math.sqrt(n)));
const MAX_DEPTH = 4;

/** Pairs [rowA, rowB] (rowA < rowB, indexes into rows) whose int8 cosine is at least `min`, each once. */
export function closePairs(rows: CodeRows, min: number): [number, number][] {
  const n = rows.ids.length;
  if (n < 2) return [];
  const layout = rowLayout(rows.dim);
  const leaf = leafSize(n);
  const pivotSpace = new Space(layout, 1);
  const leaves: number[][] = [];

  // Each group: its nearest (and near-second) pivot's members, split again while too large.
  const split = (group: number[], depth: number): void => {
    if (group.length <= leaf || depth >= MAX_DEPTH) {
      leaves.push(group);
      return;
    }
    const m = group.length;
    const pivots = Math.max(2, Math.round(Math.sqrt(m)));
    pivotSpace.load(Array.from({ length: pivots }, (_, p) => rows.codes[group[Math.floor((p * m) / pivots)]!]!));
    const members: number[][] = Array.from({ length: pivots }, () => []);
    for (const i of group) {
      const s = pivotSpace.scoreAll(rows.codes[i]!, 0, pivots);
      let b1 = 0;
      let b2 = -1;
      for (let p = 1; p < pivots; p++) {
        if (s[p]! > s[b1]!) {
          b2 = b1;
          b1 = p;
        } else if (b2 < 0 || s[p]! > s[b2]!) b2 = p;
      }
      members[b1]!.push(i);
      if (b2 >= 0 && s[b2]! >= s[b1]! - SECOND_PIVOT_MARGIN) members[b2]!.push(i);
    }
    for (const g of members) {
      if (g.length < 2) continue;
      // A group that did not shrink (vectors all alike) is scored as it is.
      if (g.length >= m) leaves.push(g);
      else split(g, depth + 1);
    }
  };
  split(Array.from({ length: n }, (_, i) => i), 0);

  // Each leaf's members scored against its later members.
  const space = new Space(layout, 1);
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  for (const m of leaves) {
    space.load(m.map((r) => rows.codes[r]!));
    for (let a = 0; a < m.length - 1; a++) {
      const s = space.scoreAll(rows.codes[m[a]!]!, a + 1, m.length - a - 1);
      for (let b = 0; b < s.length; b++) {
        if (s[b]! < min) continue;
        const i = Math.min(m[a]!, m[a + 1 + b]!);
        const j = Math.max(m[a]!, m[a + 1 + b]!);
        if (i === j) continue;
        const key = i * n + j;
        if (seen.has(key)) continue; // met in more than one group
        seen.add(key);
        pairs.push([i, j]);
      }
    }
  }
  return pairs;
}

/** Rows of codes in a WebAssembly memory, scored with the search kernel. */
class Space {
  private memory!: ReturnType<typeof createMemory>;
  private score!: ReturnType<typeof wasmScorer>;
  private readonly qOffset = 64;
  private workOffset = 0;
  private rowsOffset = 0;
  private capacity = 0;

  constructor(private readonly layout: RowLayout, capacity: number) {
    this.allocate(capacity);
  }

  /** Room for `capacity` rows (and a score for each): a new memory when the old one is too small. */
  private allocate(capacity: number): void {
    this.capacity = Math.max(1, capacity);
    this.workOffset = align(this.qOffset + this.layout.padded * 2, 64);
    this.rowsOffset = align(this.workOffset + this.capacity * 4, 64);
    this.memory = createMemory(Math.ceil((this.rowsOffset + this.capacity * this.layout.stride) / PAGE));
    const module = kernelModule();
    this.score = module && this.memory.buffer instanceof SharedArrayBuffer ? wasmScorer(module, this.memory) : jsScorer(this.memory);
  }

  /** Puts codes in rows 0…, growing (by half again at least) when they do not fit. */
  load(codes: Uint8Array[]): void {
    if (codes.length > this.capacity) this.allocate(Math.max(codes.length, Math.ceil(this.capacity * 1.5)));
    const written = writeCodeRows(
      codes.map((c, i) => [i, c] as [number, Uint8Array]),
      { memory: this.memory, rowsOffset: this.rowsOffset, layout: this.layout, capacity: this.capacity },
      new Int32Array(this.capacity),
    );
    if (written !== codes.length) throw new Error('codes of another size');
  }

  /**
   * Writes stored codes as the int16 query, an exact multiple of the int8
   * codes (no second rounding, and no float vector to make); returns its scale.
   */
  private query(codes: Uint8Array): number {
    const dim = this.layout.dim;
    if (codes.byteLength !== codesBytes(dim)) throw new Error('codes of another size');
    const i8 = new Int8Array(codes.buffer, codes.byteOffset, dim);
    const scale = new DataView(codes.buffer, codes.byteOffset, codes.byteLength).getFloat32(dim, true);
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(i8[j]!));
    const f = max > 0 ? Math.floor(queryMax(this.layout.padded) / max) : 0;
    const out = new Int16Array(this.memory.buffer, this.qOffset, this.layout.padded);
    out.fill(0);
    for (let j = 0; j < dim; j++) out[j] = i8[j]! * f;
    return f > 0 ? scale / f : 0;
  }

  /** Scores of rows [first, first + count) against the vector stored codes stand for (a copy). */
  scoreAll(codes: Uint8Array, first: number, count: number): Float32Array {
    if (count <= 0) return new Float32Array(0);
    const qscale = this.query(codes);
    this.score(this.qOffset, this.rowsOffset + first * this.layout.stride, count, this.layout.stride, this.layout.padded, qscale, this.workOffset, 0, 0);
    return new Float32Array(this.memory.buffer, this.workOffset, count).slice();
  }
}
