/**
 * Pairs of photos whose CLIP vectors are close, from the int8 codes the
 * search index uses, without scoring every pair: each photo goes to its
 * nearest of √n pivots (and to the second nearest when that is almost as near,
 * so a close pair split by a boundary still meets), then only photos that share
 * a pivot are scored against each other, with the search's WebAssembly SIMD
 * kernel. About 2·n·√n dot products instead of n²/2.
 */
import { codesBytes } from '../vector-codes/int8.js';
import {
  createMemory, decodeRow, encodeQuery, jsScorer, kernelModule, rowLayout, wasmScorer, writeCodeRows, type RowLayout,
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

/** Pairs [rowA, rowB] (rowA < rowB, indexes into rows) whose int8 cosine is at least `min`, each once. */
export function closePairs(rows: CodeRows, min: number): [number, number][] {
  const n = rows.ids.length;
  if (n < 2) return [];
  const layout = rowLayout(rows.dim);
  const pivots = Math.max(1, Math.round(Math.sqrt(n)));
  const pivotRows = Array.from({ length: pivots }, (_, p) => Math.floor((p * n) / pivots));

  // Assign every photo to its nearest pivots.
  const pivotSpace = new Space(layout, pivots);
  pivotSpace.load(pivotRows.map((r) => rows.codes[r]!));
  const members: number[][] = Array.from({ length: pivots }, () => []);
  const q = new Space(layout, 0);
  for (let i = 0; i < n; i++) {
    const v = q.vectorOf(rows.codes[i]!);
    const s = pivotSpace.scoreAll(v, 0, pivots);
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

  // Photos laid out cluster by cluster; each is scored against the later members of its clusters.
  const total = members.reduce((a, m) => a + m.length, 0);
  const largest = members.reduce((a, m) => Math.max(a, m.length), 0);
  const space = new Space(layout, total, largest);
  const order = members.flat();
  space.load(order.map((r) => rows.codes[r]!));
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  let first = 0;
  for (const m of members) {
    for (let a = 0; a < m.length - 1; a++) {
      const v = space.vectorAt(first + a);
      const s = space.scoreAll(v, first + a + 1, m.length - a - 1);
      for (let b = 0; b < s.length; b++) {
        if (s[b]! < min) continue;
        const i = Math.min(m[a]!, m[a + 1 + b]!);
        const j = Math.max(m[a]!, m[a + 1 + b]!);
        if (i === j) continue;
        const key = i * n + j;
        if (seen.has(key)) continue; // met in both of their clusters
        seen.add(key);
        pairs.push([i, j]);
      }
    }
    first += m.length;
  }
  return pairs;
}

/** Rows of codes in a WebAssembly memory, scored with the search kernel. */
class Space {
  private readonly memory;
  private readonly score;
  private readonly qOffset = 64;
  private readonly workOffset: number;
  private readonly rowsOffset: number;

  constructor(private readonly layout: RowLayout, private readonly capacity: number, work = capacity) {
    this.workOffset = align(this.qOffset + layout.padded * 2, 64);
    this.rowsOffset = align(this.workOffset + Math.max(1, work) * 4, 64);
    this.memory = createMemory(Math.ceil((this.rowsOffset + Math.max(1, capacity) * layout.stride) / PAGE));
    const module = kernelModule();
    this.score = module && this.memory.buffer instanceof SharedArrayBuffer ? wasmScorer(module, this.memory) : jsScorer(this.memory);
  }

  load(codes: Uint8Array[]): void {
    const written = writeCodeRows(
      codes.map((c, i) => [i, c] as [number, Uint8Array]),
      { memory: this.memory, rowsOffset: this.rowsOffset, layout: this.layout, capacity: this.capacity },
      new Int32Array(this.capacity),
    );
    if (written !== codes.length) throw new Error('codes of another size');
  }

  /** The vector row r's codes stand for. */
  vectorAt(r: number): Float32Array {
    const buf = this.memory.buffer;
    return decodeRow(this.layout, { i8: new Int8Array(buf), f32: new Float32Array(buf) }, this.rowsOffset + r * this.layout.stride);
  }

  /** The vector stored codes stand for. */
  vectorOf(codes: Uint8Array): Float32Array {
    const dim = this.layout.dim;
    if (codes.byteLength !== codesBytes(dim)) throw new Error('codes of another size');
    const scale = new DataView(codes.buffer, codes.byteOffset, codes.byteLength).getFloat32(dim, true);
    const i8 = new Int8Array(codes.buffer, codes.byteOffset, dim);
    const out = new Float32Array(dim);
    for (let j = 0; j < dim; j++) out[j] = i8[j]! * scale;
    return out;
  }

  /** Scores of rows [first, first + count) against v (a copy). */
  scoreAll(v: Float32Array, first: number, count: number): Float32Array {
    if (count <= 0) return new Float32Array(0);
    const qscale = encodeQuery(v, this.layout, new Uint8Array(this.memory.buffer), this.qOffset);
    this.score(this.qOffset, this.rowsOffset + first * this.layout.stride, count, this.layout.stride, this.layout.padded, qscale, this.workOffset, 0, 0);
    return new Float32Array(this.memory.buffer, this.workOffset, count).slice();
  }
}
