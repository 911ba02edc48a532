/**
 * Int8 codes (vector-codes/int8.ts) laid out in memory, and the kernel that
 * scores them.
 *
 * A photo's vector is kept as one int8 per dimension plus a float32 scale
 * (max |x| / 127): 4× smaller than float32, and scanned with WebAssembly SIMD
 * (scan-kernel.wat). The query is kept as int16, so nearly all of the error is
 * the photo side's rounding (about 1e-3 of a cosine); search() rescores its
 * best candidates with the exact float32 vectors, so results are exact.
 *
 * Row layout in memory: `padded` int8 codes (dim rounded up to 32, zeros after
 * dim), the float32 scale, the float32 floor (the photo's best score for a
 * description of nothing in particular, for the relevance cut-off; 0 until
 * set), zeros up to `stride` (a multiple of 16).
 */
import { SCAN_KERNEL_WASM } from './scan-kernel-wasm.js';
import { codesBytes, quantize } from '../vector-codes/int8.js';

/** The slice of the WebAssembly JS API used here (Node's types do not declare it without the DOM lib). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface RowLayout {
  dim: number;
  /** codes per row, dim rounded up to a multiple of 32 */
  padded: number;
  /** bytes per row */
  stride: number;
}

export function rowLayout(dim: number): RowLayout {
  const padded = Math.ceil(dim / 32) * 32;
  return { dim, padded, stride: padded + 16 };
}

/** Largest |q| for which Σ code·q cannot leave int32 (codes are at most 127 in magnitude). */
export function queryMax(padded: number): number {
  return Math.min(32767, Math.floor(0x7fffffff / (127 * padded)));
}

/** Writes v's codes and scale as the row at byte `offset` (a multiple of 16) of `mem`'s buffer. */
export function encodeRow(v: ArrayLike<number>, layout: RowLayout, mem: { i8: Int8Array; f32: Float32Array }, offset: number): void {
  const { dim, padded, stride } = layout;
  const scale = quantize(v, dim, mem.i8, offset);
  mem.i8.fill(0, offset + dim, offset + stride);
  mem.f32[(offset + padded) >> 2] = scale;
}

/** Copies stored codes into the row at byte `offset` of `u8`'s buffer; false if they are not codes of layout.dim. */
function writeCodes(codes: Uint8Array, layout: RowLayout, u8: Uint8Array, offset: number): boolean {
  const { dim, padded, stride } = layout;
  if (codes.byteLength !== codesBytes(dim)) return false;
  u8.set(codes.subarray(0, dim), offset);
  u8.fill(0, offset + dim, offset + stride);
  u8.set(codes.subarray(dim, dim + 4), offset + padded); // the scale: little-endian in both
  return true;
}

/** Sets the floor of the row at byte `offset` (see the row layout above). */
export function writeFloor(layout: RowLayout, f32: Float32Array, offset: number, floor: number): void {
  f32[(offset + layout.padded + 4) >> 2] = floor;
}

/** The vector a row's codes stand for (for a photo whose exact vector is not at hand). */
export function decodeRow(layout: RowLayout, mem: { i8: Int8Array; f32: Float32Array }, offset: number): Float32Array {
  const scale = mem.f32[(offset + layout.padded) >> 2]!;
  const out = new Float32Array(layout.dim);
  for (let j = 0; j < layout.dim; j++) out[j] = mem.i8[offset + j]! * scale;
  return out;
}

/** Writes the int16 query at `offset`; returns its scale. */
export function encodeQuery(q: ArrayLike<number>, layout: RowLayout, bytes: Uint8Array, offset: number): number {
  let max = 0;
  for (let j = 0; j < layout.dim; j++) max = Math.max(max, Math.abs(q[j]!));
  const out = new Int16Array(bytes.buffer, bytes.byteOffset + offset, layout.padded);
  out.fill(0);
  const qmax = queryMax(layout.padded);
  const inv = max > 0 ? qmax / max : 0;
  for (let j = 0; j < layout.dim; j++) out[j] = Math.round(q[j]! * inv);
  return max / qmax;
}

/**
 * Scores `n` rows (`stride` bytes apart, `padded` codes each) into float32s at `out`. All offsets in bytes.
 * `mask` (non-zero): offset of one byte per row, 0 = leave the row out (-inf); `floor` (non-zero): a row
 * scoring no more than its floor gets -inf.
 */
export type ScoreFn = (
  qOffset: number, rowOffset: number, n: number, stride: number, padded: number, qscale: number, out: number, mask: number, floor: number,
) => void;

/**
 * The same arithmetic in plain JavaScript: the reference the WASM kernel is
 * tested against, and the fallback where WebAssembly SIMD is missing.
 */
export function jsScorer(memory: WasmMemory): ScoreFn {
  return (qOffset, rowOffset, n, stride, padded, qscale, outOffset, mask, floor) => {
    const buf = memory.buffer;
    const codes = new Int8Array(buf);
    const bytes = new Uint8Array(buf);
    const q = new Int16Array(buf, qOffset, padded);
    const out = new Float32Array(buf, outOffset, n);
    const view = new DataView(buf);
    const qs = Math.fround(qscale); // WASM takes it as an f32 parameter
    for (let r = 0; r < n; r++) {
      if (mask && bytes[mask + r] === 0) {
        out[r] = -Infinity;
        continue;
      }
      const o = rowOffset + r * stride;
      let s = 0;
      for (let j = 0; j < padded; j++) s += codes[o + j]! * q[j]!;
      out[r] = Math.fround(s) * Math.fround(view.getFloat32(o + padded, true) * qs);
      if (floor && !(out[r]! > view.getFloat32(o + padded + 4, true))) out[r] = -Infinity;
    }
  };
}

let compiled: WasmModule | null | undefined;

/** The compiled kernel, or null where this runtime lacks WebAssembly SIMD or shared memory. */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      const bytes = Buffer.from(SCAN_KERNEL_WASM, 'base64');
      compiled = WA.validate(bytes) ? new WA.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A memory that worker threads can share (a plain one where threads are unavailable). */
export function createMemory(pages: number): WasmMemory {
  try {
    return new WA.Memory({ initial: pages, maximum: 65536, shared: true });
  } catch {
    return new WA.Memory({ initial: pages, maximum: 65536 });
  }
}

/**
 * Four queries (at `qOffset + k · qStride`, scales s0..s3) over the same rows, scores of
 * query k at `out + k · outStride`: each row is read once for the four.
 */
export type Score4Fn = (
  qOffset: number, qStride: number, rowOffset: number, n: number, stride: number, padded: number,
  s0: number, s1: number, s2: number, s3: number, out: number, outStride: number,
) => void;

export function wasmScorer(module: WasmModule, memory: WasmMemory): ScoreFn {
  return wasmScorers(module, memory).score;
}

/** One instance's kernels: one query at a time, and four at once. */
export function wasmScorers(module: WasmModule, memory: WasmMemory): { score: ScoreFn; score4: Score4Fn } {
  const inst = new WA.Instance(module, { env: { memory } });
  return { score: inst.exports.score as ScoreFn, score4: inst.exports.score4 as Score4Fn };
}

/**
 * Copies stored codes, as (photo id, codes) rows, into consecutive index rows
 * from `rowsOffset`, and their ids into `ids`; skips codes of another size.
 * Returns how many rows it wrote.
 */
export function writeCodeRows(
  rows: Iterable<[number, Uint8Array]>,
  target: { memory: WasmMemory; rowsOffset: number; layout: RowLayout; capacity: number },
  ids: Int32Array,
): number {
  const { layout, rowsOffset, capacity } = target;
  const u8 = new Uint8Array(target.memory.buffer);
  let n = 0;
  for (const [id, codes] of rows) {
    if (n === capacity) throw new Error('more vectors than expected (the library changed while loading)');
    if (!writeCodes(codes, layout, u8, rowsOffset + n * layout.stride)) continue;
    ids[n++] = id;
  }
  return n;
}
