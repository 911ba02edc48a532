/**
 * Splits a scan over the CPU's cores: the calling thread and worker threads
 * take chunks of rows from a shared counter (so a core busy with something
 * else simply takes fewer), each keeps its best rows, and the caller merges
 * them. Rows live in one shared WebAssembly memory, so nothing is copied.
 *
 * The call is synchronous (VectorIndex.search is): the caller sleeps in
 * Atomics.wait until the workers are done. A worker that has not started yet
 * is left out; one that fails to answer in time is dropped for good and the
 * query is scanned again on the calling thread alone.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ScoreFn, WasmMemory, WasmModule } from './int8-codes.js';

// Control words (an Int32Array over a SharedArrayBuffer).
const NEXT = 0; // next chunk to claim
const CHUNKS = 1;
const ROWS = 2; // rows in this scan
const KEEP = 3; // best rows each slot keeps
const STRIDE = 4;
const PADDED = 5;
const QSCALE = 6; // float32
const QOFF = 7;
const ROWSOFF = 8;
const CHUNK = 9; // rows per chunk
const SCRATCH = 10; // byte offset of slot 0's scratch scores
const RESULT = 11; // byte offset of slot 0's result
const RESBYTES = 12; // result bytes per slot
const TASK = 16; // + slot: task number posted to a worker (-1: stop)
const DONE = 40; // + slot: last task number finished
const READY = 64; // + slot: 1 once the worker waits for tasks
const COUNT = 88; // + slot: rows the slot kept (-1: it failed)
export const CONTROL_WORDS = 112;
export const MAX_SLOTS = 16;
export const CHUNK_ROWS = 2048;
/** candidates per slot the shared result area holds */
export const MAX_KEEP = 4096;
/** below this many rows one thread is faster than waking others */
export const PARALLEL_MIN_ROWS = 20_000;
const WORKER_TIMEOUT_MS = 5000;

export interface ScanArea {
  qOffset: number;
  rowsOffset: number;
  stride: number;
  padded: number;
  /** byte offset of the scratch and result areas: MAX_SLOTS × (CHUNK_ROWS × 4 + MAX_KEEP × 8) bytes */
  workOffset: number;
}

export const WORK_BYTES = MAX_SLOTS * (CHUNK_ROWS * 4 + MAX_KEEP * 8);

type Score = ScoreFn;

/**
 * One slot's share of a scan: claims chunks until none are left, keeping the
 * `keep` best rows, and writes them (rows, then scores) to its result area.
 * Self-contained (no outer names): worker threads run its source text.
 */
export function scanSlot(slot: number, ctrl: Int32Array, buffer: ArrayBufferLike, score: Score): number {
  const ctrlF = new Float32Array(ctrl.buffer, ctrl.byteOffset, ctrl.length);
  const chunks = ctrl[1]!, rows = ctrl[2]!, keep = ctrl[3]!, stride = ctrl[4]!, padded = ctrl[5]!;
  const qscale = ctrlF[6]!, qOff = ctrl[7]!, rowsOff = ctrl[8]!, chunk = ctrl[9]!;
  const scratch = ctrl[10]! + slot * chunk * 4;
  const result = ctrl[11]! + slot * ctrl[12]!;
  const out = new Float32Array(buffer, scratch, chunk);
  const cap = keep * 2;
  let candS = new Float32Array(cap);
  let candR = new Int32Array(cap);
  let len = 0;
  let thr = -Infinity;
  const compact = (): void => {
    const order = Array.from({ length: len }, (_, i) => i).sort((a, b) => candS[b]! - candS[a]!);
    const s2 = new Float32Array(cap);
    const r2 = new Int32Array(cap);
    const n = Math.min(keep, len);
    for (let i = 0; i < n; i++) {
      s2[i] = candS[order[i]!]!;
      r2[i] = candR[order[i]!]!;
    }
    candS = s2;
    candR = r2;
    len = n;
    if (len === keep) thr = candS[keep - 1]!;
  };
  for (;;) {
    const c = Atomics.add(ctrl, 0, 1);
    if (c >= chunks) break;
    const first = c * chunk;
    const n = Math.min(chunk, rows - first);
    score(qOff, rowsOff + first * stride, n, stride, padded, qscale, scratch);
    for (let i = 0; i < n; i++) {
      const s = out[i]!;
      if (s > thr) {
        if (len === cap) {
          compact();
          if (!(s > thr)) continue;
        }
        candS[len] = s;
        candR[len++] = first + i;
      }
    }
  }
  if (len > keep) compact();
  new Int32Array(buffer, result, len).set(candR.subarray(0, len));
  new Float32Array(buffer, result + keep * 4, len).set(candS.subarray(0, len));
  return len;
}

/** The worker thread's loop (run from its source text, in a CommonJS eval context). */
function workerMain(scan: typeof scanSlot): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { workerData } = (globalThis as unknown as { require: (m: string) => { workerData: WorkerInit } }).require('node:worker_threads');
  const { module, memory, control, slot } = workerData;
  const WA = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: Record<string, unknown> } } }).WebAssembly;
  const inst = new WA.Instance(module, { env: { memory } });
  const score = inst.exports.score as Score;
  const ctrl = new Int32Array(control);
  let last = Atomics.load(ctrl, 16 + slot);
  Atomics.store(ctrl, 64 + slot, 1);
  for (;;) {
    Atomics.wait(ctrl, 16 + slot, last);
    last = Atomics.load(ctrl, 16 + slot);
    if (last < 0) return;
    let count: number;
    try {
      count = scan(slot, ctrl, memory.buffer, score);
    } catch {
      count = -1;
    }
    Atomics.store(ctrl, 88 + slot, count);
    Atomics.store(ctrl, 40 + slot, last);
    Atomics.notify(ctrl, 40 + slot);
  }
}

interface WorkerInit {
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  slot: number;
}

const WORKER_SOURCE = `const scanSlot = ${scanSlot.toString()};\n(${workerMain.toString()})(scanSlot);`;

export interface Candidates {
  rows: Int32Array;
  scores: Float32Array;
}

export class ScanPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  private readonly ctrlF = new Float32Array(this.ctrl.buffer);
  private readonly workers: (Worker | undefined)[] = [];
  private task = 0;

  constructor(
    private readonly module: WasmModule | null,
    private readonly memory: WasmMemory,
    private readonly score: Score,
    private readonly threads = Math.min(MAX_SLOTS, availableParallelism()),
  ) {}

  /** Starts the workers (in the background: a scan uses those that are ready). */
  start(): void {
    if (this.workers.length || !this.module || !(this.memory.buffer instanceof SharedArrayBuffer)) return;
    for (let slot = 1; slot < this.threads; slot++) {
      try {
        const init: WorkerInit = { module: this.module, memory: this.memory, control: this.ctrl.buffer as SharedArrayBuffer, slot };
        const w = new Worker(WORKER_SOURCE, { eval: true, workerData: init });
        w.unref();
        w.on('error', () => this.drop(slot));
        w.on('exit', () => this.drop(slot));
        this.workers[slot] = w;
      } catch {
        // no worker threads here: the calling thread scans alone
      }
    }
  }

  /** The best `keep` rows of [0, rows) (unordered), scanned on every ready core. */
  scan(area: ScanArea, qscale: number, rows: number, keep: number): Candidates {
    const c = this.ctrl;
    c[NEXT] = 0;
    c[CHUNKS] = Math.ceil(rows / CHUNK_ROWS);
    c[ROWS] = rows;
    c[KEEP] = keep;
    c[STRIDE] = area.stride;
    c[PADDED] = area.padded;
    this.ctrlF[QSCALE] = qscale;
    c[QOFF] = area.qOffset;
    c[ROWSOFF] = area.rowsOffset;
    c[CHUNK] = CHUNK_ROWS;
    c[SCRATCH] = area.workOffset;
    c[RESULT] = area.workOffset + MAX_SLOTS * CHUNK_ROWS * 4;
    c[RESBYTES] = MAX_KEEP * 8;
    const task = ++this.task;
    const posted: number[] = [];
    if (rows >= PARALLEL_MIN_ROWS) {
      for (let slot = 1; slot < this.workers.length; slot++) {
        if (!this.workers[slot] || Atomics.load(c, READY + slot) !== 1) continue;
        Atomics.store(c, TASK + slot, task);
        Atomics.notify(c, TASK + slot);
        posted.push(slot);
      }
    }
    const counts = [scanSlot(0, c, this.memory.buffer, this.score)];
    const slots = [0];
    let failed = false;
    for (const slot of posted) {
      const deadline = Date.now() + WORKER_TIMEOUT_MS;
      while (Atomics.load(c, DONE + slot) !== task) {
        if (Date.now() > deadline) break;
        Atomics.wait(c, DONE + slot, Atomics.load(c, DONE + slot), 50);
      }
      const n = Atomics.load(c, COUNT + slot);
      if (Atomics.load(c, DONE + slot) !== task || n < 0) {
        this.drop(slot);
        failed = true;
      } else {
        counts.push(n);
        slots.push(slot);
      }
    }
    if (failed) return this.scan(area, qscale, rows, keep); // the dropped worker is out now
    return this.gather(c[RESULT]!, keep, slots, counts);
  }

  private gather(result: number, keep: number, slots: number[], counts: number[]): Candidates {
    const total = counts.reduce((a, b) => a + b, 0);
    const rows = new Int32Array(total);
    const scores = new Float32Array(total);
    const buf = this.memory.buffer;
    let at = 0;
    slots.forEach((slot, i) => {
      const base = result + slot * MAX_KEEP * 8;
      rows.set(new Int32Array(buf, base, counts[i]!), at);
      scores.set(new Float32Array(buf, base + keep * 4, counts[i]!), at);
      at += counts[i]!;
    });
    return { rows, scores };
  }

  private drop(slot: number): void {
    const w = this.workers[slot];
    if (!w) return;
    this.workers[slot] = undefined;
    Atomics.store(this.ctrl, READY + slot, 0);
    Atomics.store(this.ctrl, TASK + slot, -1);
    Atomics.notify(this.ctrl, TASK + slot);
    void w.terminate();
  }

  close(): void {
    for (let slot = 1; slot < this.workers.length; slot++) this.drop(slot);
  }
}
