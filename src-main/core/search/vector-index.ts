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
  createMemory, decodeRow, encodeQuery, encodeRow, jsScorer, kernelModule, rowLayout, wasmScorers, writeFloor,
  type RowLayout, type ScoreFn, type WasmMemory,
} from './int8-codes.js';
import { CHUNK_ROWS, MAX_KEEP, PARALLEL_MIN_ROWS, ScanPool, WORK_BYTES, type ScanArea } from './scan-pool.js';

export interface ScoredPhoto {
  photoId: number;
  score: number;
}

/** A set of photos as one byte per photo id (1 = in); ids past its end are out. */
export type PhotoSet = Uint8Array;

export interface SearchOptions {
  /** a photo to leave out (the one "similar" starts from) */
  exclude?: number | undefined;
  /** only these photos (filters): applied in the scan, so a narrow filter scans less */
  allowed?: PhotoSet | undefined;
  /** only photos whose score is above their floor (setFloors): the relevance cut-off */
  aboveFloor?: boolean | undefined;
}

export interface SearchAnswer {
  hits: ScoredPhoto[];
  /** photos that passed the scan (allowed, and above their floor when asked): all of them, not only the k */
  passed: number;
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
  /** the vectors whose best score is each row's floor (setFloors) */
  private floorVectors: Float32Array[] | undefined;
  /** a floor every photo has at least (sigmoid models' fixed cut-off) */
  private floorConstant = -Infinity;
  private views: { u8: Uint8Array; i8: Int8Array; f32: Float32Array };

  constructor(readonly dim: number, capacity = 1024, opts: VectorIndexOptions = {}) {
    if (!Number.isInteger(dim) || dim <= 0) throw new Error(`bad vector size ${dim}`);
    this.layout = rowLayout(dim);
    const qOffset = 64;
    const workOffset = align(qOffset + this.layout.padded * 2, 64);
    const rowsOffset = align(workOffset + WORK_BYTES, 64);
    this.area = { qOffset, rowsOffset, workOffset, stride: this.layout.stride, padded: this.layout.padded };
    this.memory = createMemory(Math.ceil((rowsOffset + capacity * (this.layout.stride + 1)) / PAGE));
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
    const offset = this.area.rowsOffset + row * this.layout.stride;
    encodeRow(v, this.layout, this.mem(), offset);
    if (this.floorVectors) writeFloor(this.layout, this.mem().f32, offset, Math.max(this.floorConstant, floorOf(v, this.floorVectors)));
    this.exact?.set(v, row * this.dim);
  }

  /**
   * Sets every photo's floor to its best score over `vectors` (descriptions of
   * nothing in particular), or `constant` where that is higher, and keeps them
   * so photos set later get theirs.
   */
  setFloors(vectors: Float32Array[], constant = -Infinity): void {
    vectors.forEach((v) => this.checkQuery(v));
    const best = new Float32Array(this.n).fill(constant);
    for (const v of vectors) {
      const s = this.rowScores(v, 0, false);
      for (let r = 0; r < this.n; r++) if (s[r]! > best[r]!) best[r] = s[r]!;
    }
    const f32 = this.mem().f32;
    for (let r = 0; r < this.n; r++) writeFloor(this.layout, f32, this.area.rowsOffset + r * this.layout.stride, best[r]!);
    this.floorVectors = vectors.map((v) => v.slice());
    this.floorConstant = constant;
  }

  get hasFloors(): boolean {
    return this.floorVectors !== undefined;
  }

  /** A photo's floor (see setFloors), or undefined. */
  floor(photoId: number): number | undefined {
    const row = this.rowOf.get(photoId);
    if (row === undefined || !this.floorVectors) return undefined;
    return this.mem().f32[(this.area.rowsOffset + row * this.layout.stride + this.layout.padded + 4) >> 2];
  }

  /** The photos (of `allowed`, if given) whose int8 score for `q` is above their floor: every one, unordered. */
  aboveFloor(q: Float32Array, allowed?: PhotoSet): number[] {
    this.checkQuery(q);
    if (!this.floorVectors) throw new Error('aboveFloor needs setFloors first');
    const s = this.rowScores(q, allowed ? this.writeMask(allowed) : 0, true);
    const out: number[] = [];
    for (let r = 0; r < this.n; r++) if (s[r] !== -Infinity) out.push(this.ids[r]!);
    return out;
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

  /** The photo's row (its place in photoIds()), or undefined. */
  row(photoId: number): number | undefined {
    return this.rowOf.get(photoId);
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
      scores.set(this.rowScores(q, 0, false));
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
    return this.scoresInto(queries, false);
  }

  /**
   * scoresMany into a buffer this index reuses: the scores are valid only
   * until the next call (a sort's passes: each pass's scores are used up
   * before the next pass), and cost no fresh memory per pass.
   */
  withScores<T>(queries: readonly Float32Array[], use: (scores: Float32Array[]) => T): T {
    return use(this.scoresInto(queries, true));
  }

  private scoresInto(queries: readonly Float32Array[], reuse: boolean): Float32Array[] {
    for (const q of queries) this.checkQuery(q);
    if (this.exact || queries.length <= 1 || this.n === 0) return queries.map((q) => this.scoresAll(q).scores);
    const { rowsOffset, stride, padded, workOffset } = this.area;
    const qbytes = padded * 2;
    // The queries' int16 codes go past the last row the index has room for and the mask bytes after it (writeMask), where every thread can read them.
    const qOffset = align(rowsOffset + this.ids.length * (stride + 1), 64);
    const need = qOffset + qbytes * queries.length;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    const u8 = this.mem().u8;
    const scales = Float32Array.from(queries, (q, i) => encodeQuery(q, this.layout, u8, qOffset + i * qbytes));
    if (this.n >= PARALLEL_MIN_ROWS) this.pool.start();
    return this.pool.scores({ qOffset, rowsOffset, stride, padded, workOffset }, qbytes, scales, this.n, reuse);
  }

  /** int8 scores of every row on this thread; -inf for rows out of the mask (or at or below their floor). */
  private rowScores(q: Float32Array, mask: number, floor: boolean): Float32Array {
    const scores = new Float32Array(this.n);
    const qscale = encodeQuery(q, this.layout, this.mem().u8, this.area.qOffset);
    const { qOffset, rowsOffset, stride, padded, workOffset } = this.area;
    for (let first = 0; first < this.n; first += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, this.n - first);
      this.score(qOffset, rowsOffset + first * stride, count, stride, padded, qscale, workOffset, mask ? mask + first : 0, floor ? 1 : 0);
      scores.set(new Float32Array(this.memory.buffer, workOffset, count), first);
    }
    return scores;
  }

  /** Writes one byte per row (1 = in `allowed`) after the rows; returns its offset. */
  private writeMask(allowed: PhotoSet | undefined, exclude?: number): number {
    const offset = this.area.rowsOffset + this.ids.length * this.area.stride;
    const u8 = this.mem().u8;
    const ids = this.ids;
    if (!allowed) u8.fill(1, offset, offset + this.n);
    else {
      const len = allowed.length;
      for (let r = 0; r < this.n; r++) {
        const id = ids[r]!;
        u8[offset + r] = id < len ? allowed[id]! : 0;
      }
    }
    if (exclude !== undefined) {
      const row = this.rowOf.get(exclude);
      if (row !== undefined) u8[offset + row] = 0;
    }
    return offset;
  }

  /** The k most similar photos, best first, with exact scores. */
  search(q: Float32Array, k: number, exclude?: number): ScoredPhoto[] {
    return this.searchWith(q, k, { exclude }).hits;
  }

  /**
   * The k most similar photos among those allowed (and above their floor, when
   * asked), best first, with exact scores; and how many passed in all.
   */
  searchWith(q: Float32Array, k: number, opts: SearchOptions = {}): SearchAnswer {
    this.checkQuery(q);
    const { exclude, allowed, aboveFloor } = opts;
    if (aboveFloor && !this.floorVectors) throw new Error('aboveFloor needs setFloors first');
    if (this.n === 0 || k <= 0) return { hits: [], passed: 0 };
    const excluding = exclude !== undefined && this.has(exclude);
    // Leave the excluded photo out in the scan where there is a mask anyway, or where it might not pass.
    const mask = allowed || (excluding && aboveFloor) ? this.writeMask(allowed, exclude) : 0;
    const unmasked = excluding && !mask ? 1 : 0;
    const keep = Math.min(this.n, candidateCount(k + unmasked));
    const { rows, passed } = this.candidates(q, keep, mask, aboveFloor === true);
    return { hits: this.rescore(q, rows, k, exclude), passed: passed - unmasked };
  }

  private rescore(q: Float32Array, rows: Int32Array, k: number, exclude: number | undefined): ScoredPhoto[] {
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

  /** Rows of the `keep` best int8 scores (of those that pass the mask and floor), and how many passed. */
  private candidates(q: Float32Array, keep: number, mask: number, floor: boolean): { rows: Int32Array; passed: number } {
    if (keep > MAX_KEEP) {
      // More than the shared result areas hold: score everything here.
      const scores = this.rowScores(q, mask, floor);
      const order = Int32Array.from({ length: this.n }, (_, i) => i)
        .filter((r) => scores[r] !== -Infinity)
        .sort((a, b) => scores[b]! - scores[a]!);
      return { rows: order.subarray(0, keep), passed: order.length };
    }
    const qscale = encodeQuery(q, this.layout, this.mem().u8, this.area.qOffset);
    if (this.n >= PARALLEL_MIN_ROWS) this.pool.start();
    const c = this.pool.scan(this.area, qscale, this.n, keep, { mask, floor });
    return { rows: c.rows, passed: c.passed };
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
    const need = this.area.rowsOffset + cap * (this.layout.stride + 1); // the rows, then one mask byte per row
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
  }
}

function floorOf(v: Float32Array, vectors: Float32Array[]): number {
  let best = -Infinity;
  for (const b of vectors) best = Math.max(best, dot(v, 0, b));
  return best;
}

function dot(v: Float32Array, offset: number, q: Float32Array): number {
  let s = 0;
  for (let j = 0; j < q.length; j++) s += v[offset + j]! * q[j]!;
  return s;
}
