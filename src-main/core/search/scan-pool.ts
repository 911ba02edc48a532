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
import {
  CHUNK, CHUNKS, CONTROL_WORDS, COUNT, DONE, FLOOR, KEEP, MASK, MAX_SLOTS, NEXT, PADDED, PASSED, QOFF, QSCALE, READY, RESBYTES, RESULT, ROWS, ROWSOFF,
  SCRATCH, STRIDE, TASK, scanSlot, type ScanWorkerData,
} from './scan-slot.js';

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

export interface Candidates {
  rows: Int32Array;
  scores: Float32Array;
  /** rows scored above -inf: in the mask and, with a floor, above their floor */
  passed: number;
}

export interface ScanFilter {
  /** byte offset of one byte per row (0 = leave the row out); 0 for every row */
  mask: number;
  /** only rows scoring above their floor */
  floor: boolean;
}

export class ScanPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  private readonly ctrlF = new Float32Array(this.ctrl.buffer);
  private readonly workers: (Worker | undefined)[] = [];
  private task = 0;

  constructor(
    private readonly module: WasmModule | null,
    private readonly memory: WasmMemory,
    private readonly score: ScoreFn,
    private readonly threads = Math.min(MAX_SLOTS, availableParallelism()),
  ) {}

  /** Starts the workers (in the background: a scan uses those that are ready). */
  start(): void {
    if (this.workers.length || !this.module || !(this.memory.buffer instanceof SharedArrayBuffer)) return;
    for (let slot = 1; slot < this.threads; slot++) {
      try {
        const init: ScanWorkerData = { module: this.module, memory: this.memory, control: this.ctrl.buffer as SharedArrayBuffer, slot };
        const w = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: init });
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
  scan(area: ScanArea, qscale: number, rows: number, keep: number, filter: ScanFilter = { mask: 0, floor: false }): Candidates {
    const c = this.ctrl;
    c[MASK] = filter.mask;
    c[FLOOR] = filter.floor ? 1 : 0;
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
    if (failed) return this.scan(area, qscale, rows, keep, filter); // the dropped worker is out now
    return this.gather(c[RESULT]!, keep, slots, counts);
  }

  private gather(result: number, keep: number, slots: number[], counts: number[]): Candidates {
    const total = counts.reduce((a, b) => a + b, 0);
    const rows = new Int32Array(total);
    const scores = new Float32Array(total);
    const buf = this.memory.buffer;
    let at = 0;
    let passed = 0;
    slots.forEach((slot, i) => {
      passed += Atomics.load(this.ctrl, PASSED + slot);
      const base = result + slot * MAX_KEEP * 8;
      rows.set(new Int32Array(buf, base, counts[i]!), at);
      scores.set(new Float32Array(buf, base + keep * 4, counts[i]!), at);
      at += counts[i]!;
    });
    return { rows, scores, passed };
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
