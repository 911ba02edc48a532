/**
 * The active model's photo vectors, in memory, for search and sorting.
 *
 * Each photo is kept as int8 codes (int8-codes.ts) in one shared WebAssembly
 * memory: about a quarter of float32's size, scanned with SIMD on every core
 * (scan-pool.ts). A search scans the codes for its best few hundred
 * candidates, then rescores those with their exact float32 vectors, so the
 * top k and their scores are those of an exact float32 scan (unless more than
 * a few hundred photos are within about 1e-3 of the k-th score).
 *
 * Exact vectors come either from memory (the default: simple, 4× the memory)
 * or from an `exact` source, such as the library's database (load-index.ts),
 * which keeps float32 out of memory: about 0.6 KB per 512-d photo in all.
 */
import {
  createMemory, decodeRow, encodeQuery, encodeRow, jsScorer, kernelModule, rowLayout, wasmScorers,
  type RowLayout, type ScoreFn, type WasmMemory,
} from './int8-codes.js';
import { CHUNK_ROWS, MAX_KEEP, PARALLEL_MIN_ROWS, ScanPool, WORK_BYTES, type ScanArea } from './scan-pool.js';

export interface ScoredPhoto {
  photoId: number;
  score: number;
}

/** Exact float32 vectors of some photos (undefined where a photo has none). */
export type ExactSource = (photoIds: readonly number[]) => (Float32Array | undefined)[];

export interface VectorIndexOptions {
  /** where exact vectors come from; without it the index keeps a float32 copy of each */
  exact?: ExactSource | undefined;
  /** threads that scan, the calling one included (default: all cores) */
  threads?: number | undefined;
  /** use the plain-JavaScript kernel (for tests that compare the two) */
  jsKernel?: boolean | undefined;
}

const PAGE = 65536;

/** An index dropped without close(): its workers hold only the memory, so stop them when the index is collected. */
const orphans = new FinalizationRegistry<ScanPool>((pool) => pool.close());
const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * How many int8 candidates to rescore exactly for a top k. The int8 error
 * (about 1e-3) is far below the gap between the k-th and the k+50-th score of
 * any real library, and each candidate costs a database read.
 */
export function candidateCount(k: number): number {
  return k + Math.max(50, k >> 1);
}

export class VectorIndex {
  private ids: Int32Array;
  private n = 0;
  private changes = 0;
  private readonly rowOf = new Map<number, number>();
  private readonly layout: RowLayout;
  private readonly memory: WasmMemory;
  private readonly area: ScanArea;
  private readonly score: ScoreFn;
  private readonly pool: ScanPool;
  private readonly source: ExactSource | undefined;
  /** float32 copies, row-aligned with the codes, when there is no exact source */
  private exact: Float32Array | undefined;
  private views: { u8: Uint8Array; i8: Int8Array; f32: Float32Array };

  constructor(readonly dim: number, capacity = 1024, opts: VectorIndexOptions = {}) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`bad vector size ${dim}`);
    this.layout = rowLayout(dim);
    const qOffset = 64;
    const workOffset = align(qOffset + this.layout.padded * 2, 64);
    const rowsOffset = align(workOffset + WORK_BYTES, 64);
    this.area = { qOffset, rowsOffset, workOffset, stride: this.layout.stride, padded: this.layout.padded };
    this.memory = createMemory(Math.ceil((rowsOffset + capacity * this.layout.stride) / PAGE));
    this.views = VectorIndex.viewsOf(this.memory.buffer);
    const module = opts.jsKernel ? null : kernelModule();
    const shared = this.memory.buffer instanceof SharedArrayBuffer;
    const kernels = module && shared ? wasmScorers(module, this.memory) : undefined;
    this.score = kernels?.score ?? jsScorer(this.memory);
    this.pool = new ScanPool(kernels ? module : null, this.memory, this.score, opts.threads, kernels?.score4);
    orphans.register(this, this.pool, this);
    this.ids = new Int32Array(capacity);
    this.source = opts.exact;
    if (!this.source) this.exact = new Float32Array(capacity * dim);
  }

  get size(): number {
    return this.n;
  }

  /** Changes whenever a vector is added, replaced or deleted (sorting keeps scores until it does). */
  get version(): number {
    return this.changes;
  }

  /** Threads that scan now (workers start in the background once the index is large). */
  get scanThreads(): number {
    return this.pool.ready;
  }

  /** Photo id of each row. */
  photoIds(): Int32Array {
    return this.ids.subarray(0, this.n);
  }

  /** Adds or replaces a photo's vector. */
  set(photoId: number, v: Float32Array): void {
    if (v.length !== this.dim) throw new Error(`vector of ${v.length} dims in an index of ${this.dim}`);
    this.changes++;
    let row = this.rowOf.get(photoId);
    if (row === undefined) {
      if (this.n === this.ids.length) this.grow(Math.max(1024, this.n * 2));
      row = this.n++;
      this.rowOf.set(photoId, row);
      this.ids[row] = photoId;
      if (this.n === PARALLEL_MIN_ROWS) this.pool.start(); // workers boot while the rest loads
    }
    encodeRow(v, this.layout, this.mem(), this.area.rowsOffset + row * this.layout.stride);
    this.exact?.set(v, row * this.dim);
  }

  delete(photoId: number): void {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return;
    this.changes++;
    const last = --this.n;
    if (row !== last) {
      // Move the last row into the hole: rows stay contiguous.
      const lastId = this.ids[last]!;
      this.ids[row] = lastId;
      const { stride, rowsOffset } = this.area;
      this.mem().u8.copyWithin(rowsOffset + row * stride, rowsOffset + last * stride, rowsOffset + (last + 1) * stride);
      this.exact?.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.rowOf.set(lastId, row);
    }
    this.rowOf.delete(photoId);
  }

  has(photoId: number): boolean {
    return this.rowOf.has(photoId);
  }

  /** The photo's exact vector (from the exact source, else what its codes stand for). */
  vector(photoId: number): Float32Array | undefined {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return undefined;
    if (this.exact) return this.exact.slice(row * this.dim, (row + 1) * this.dim);
    return this.source!([photoId])[0] ?? this.decoded(row);
  }

  /**
   * Every photo's similarity to `q`, in row order (for sorting, which needs all
   * of them). Exact with float32 copies in memory; with an exact source, the
   * int8 estimate (off by about 1e-3 at most).
   */
  scoresAll(q: Float32Array): { ids: Int32Array; scores: Float32Array } {
    this.checkQuery(q);
    const scores = new Float32Array(this.n);
    if (this.exact) {
      const d = this.dim;
      const data = this.exact;
      for (let r = 0; r < this.n; r++) {
        let s = 0;
        const o = r * d;
        for (let j = 0; j < d; j++) s += data[o + j]! * q[j]!;
        scores[r] = s;
      }
    } else {
      const qscale = encodeQuery(q, this.layout, this.mem().u8, this.area.qOffset);
      const { qOffset, rowsOffset, stride, padded, workOffset } = this.area;
      for (let first = 0; first < this.n; first += CHUNK_ROWS) {
        const count = Math.min(CHUNK_ROWS, this.n - first);
        this.score(qOffset, rowsOffset + first * stride, count, stride, padded, qscale, workOffset);
        scores.set(new Float32Array(this.memory.buffer, workOffset, count), first);
      }
    }
    return { ids: this.ids.subarray(0, this.n), scores };
  }

  /**
   * scoresAll for several queries at once (sorting: every folder's vectors),
   * on every core (scan-pool.ts). Chunk by chunk, each query in turn, so a
   * chunk of codes is read from memory once while it is still in the cache,
   * not once per query.
   */
  scoresMany(queries: readonly Float32Array[]): Float32Array[] {
    for (const q of queries) this.checkQuery(q);
    if (this.exact || queries.length <= 1 || this.n === 0) return queries.map((q) => this.scoresAll(q).scores);
    const { rowsOffset, stride, padded, workOffset } = this.area;
    const qbytes = padded * 2;
    // The queries' int16 codes go past the last row the index has room for, where every thread can read them.
    const qOffset = align(rowsOffset + this.ids.length * stride, 64);
    const need = qOffset + qbytes * queries.length;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    const u8 = this.mem().u8;
    const scales = Float32Array.from(queries, (q, i) => encodeQuery(q, this.layout, u8, qOffset + i * qbytes));
    if (this.n >= PARALLEL_MIN_ROWS) this.pool.start();
    return this.pool.scores({ qOffset, rowsOffset, stride, padded, workOffset }, qbytes, scales, this.n);
  }

  /** The k most similar photos, best first, with exact scores. */
  search(q: Float32Array, k: number, exclude?: number): ScoredPhoto[] {
    this.checkQuery(q);
    if (this.n === 0 || k <= 0) return [];
    const want = k + (exclude !== undefined && this.has(exclude) ? 1 : 0);
    const keep = Math.min(this.n, candidateCount(want));
    const rows = this.candidates(q, keep);
    const ids = Array.from(rows, (r) => this.ids[r]!);
    const hits: ScoredPhoto[] = [];
    if (this.exact) {
      const data = this.exact;
      rows.forEach((r, i) => hits.push({ photoId: ids[i]!, score: dot(data, r * this.dim, q) }));
    } else {
      const vecs = this.source!(ids);
      rows.forEach((r, i) => hits.push({ photoId: ids[i]!, score: dot(vecs[i] ?? this.decoded(r), 0, q) }));
    }
    return hits
      .filter((h) => h.photoId !== exclude)
      .sort((a, b) => b.score - a.score || a.photoId - b.photoId)
      .slice(0, k);
  }

  /** Where a loader thread may write rows (see load-index.ts): rows [0, capacity) of the shared memory. */
  loadTarget(): { memory: WasmMemory; rowsOffset: number; layout: RowLayout; capacity: number } {
    return { memory: this.memory, rowsOffset: this.area.rowsOffset, layout: this.layout, capacity: this.ids.length };
  }

  /** Takes rows 0 … ids.length-1 as a loader wrote them (into an empty index, without float32 copies). */
  adoptRows(ids: Int32Array): void {
    if (this.n !== 0 || this.exact || ids.length > this.ids.length) throw new Error('adoptRows needs an empty index with an exact source');
    this.ids.set(ids);
    this.n = ids.length;
    this.changes++;
    for (let r = 0; r < ids.length; r++) this.rowOf.set(ids[r]!, r);
    if (this.n >= PARALLEL_MIN_ROWS) this.pool.start();
  }

  /** Stops the scan workers (they never keep the process alive; this frees their memory now). */
  close(): void {
    orphans.unregister(this);
    this.pool.close();
  }

  /** Rows of the `keep` best int8 scores. */
  private candidates(q: Float32Array, keep: number): Int32Array {
    if (keep > MAX_KEEP) {
      // More than the shared result areas hold: score everything here.
      const { scores } = this.scoresAllApprox(q);
      const order = Int32Array.from({ length: this.n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
      return order.subarray(0, keep);
    }
    const qscale = encodeQuery(q, this.layout, this.mem().u8, this.area.qOffset);
    if (this.n >= PARALLEL_MIN_ROWS) this.pool.start();
    return this.pool.scan(this.area, qscale, this.n, keep).rows;
  }

  private scoresAllApprox(q: Float32Array): { scores: Float32Array } {
    const exact = this.exact;
    this.exact = undefined;
    try {
      return this.scoresAll(q);
    } finally {
      this.exact = exact;
    }
  }

  private decoded(row: number): Float32Array {
    return decodeRow(this.layout, this.mem(), this.area.rowsOffset + row * this.layout.stride);
  }

  private checkQuery(q: Float32Array): void {
    if (q.length !== this.dim) throw new Error(`query of ${q.length} dims in an index of ${this.dim}`);
  }

  /** Views of the memory (fresh ones after it grew). */
  private mem(): { u8: Uint8Array; i8: Int8Array; f32: Float32Array } {
    const buf = this.memory.buffer;
    if (this.views.u8.byteLength !== buf.byteLength) this.views = VectorIndex.viewsOf(buf);
    return this.views;
  }

  private static viewsOf(buf: ArrayBufferLike): { u8: Uint8Array; i8: Int8Array; f32: Float32Array } {
    return { u8: new Uint8Array(buf), i8: new Int8Array(buf), f32: new Float32Array(buf) };
  }

  private grow(cap: number): void {
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    this.ids = ids;
    if (this.exact) {
      const exact = new Float32Array(cap * this.dim);
      exact.set(this.exact);
      this.exact = exact;
    }
    const need = this.area.rowsOffset + cap * this.layout.stride;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
  }
}

function dot(v: Float32Array, offset: number, q: Float32Array): number {
  let s = 0;
  for (let j = 0; j < q.length; j++) s += v[offset + j]! * q[j]!;
  return s;
}
