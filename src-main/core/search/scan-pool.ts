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
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Score4Fn, ScoreFn, WasmMemory, WasmModule } from './int8-codes.js';
import {
  CHUNK, CHUNKS, CONTROL_WORDS, COUNT, DONE, FLOOR, KEEP, MASK, MAX_SLOTS, MODE, NEXT, PADDED, PASSED, QBYTES, QOFF, QSCALE, QUERIES, READY,
  RESBYTES, RESULT, ROWS, ROWSOFF, SCRATCH, STRIDE, TASK, scanSlot, scoresSlot, type ScanWorkerData, type ScoresJob,
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
  /** our end of each worker's job channel */
  private readonly ports: (MessagePort | undefined)[] = [];
  private task = 0;
  /** the output buffer of the last scores(…, reuse) */
  private reusable: SharedArrayBuffer | undefined;

  constructor(
    private readonly module: WasmModule | null,
    private readonly memory: WasmMemory,
    private readonly score: ScoreFn,
    private readonly threads = Math.min(MAX_SLOTS, availableParallelism()),
    /** the four-query kernel of this thread's instance (absent with the JavaScript kernel) */
    private readonly score4?: Score4Fn,
  ) {}

  /** Starts the workers (in the background: a scan uses those that are ready). */
  start(): void {
    if (this.workers.length || !this.module || !(this.memory.buffer instanceof SharedArrayBuffer)) return;
    for (let slot = 1; slot < this.threads; slot++) {
      try {
        const { port1, port2 } = new MessageChannel();
        const init: ScanWorkerData = { module: this.module, memory: this.memory, control: this.ctrl.buffer as SharedArrayBuffer, slot, port: port2 };
        const w = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: init, transferList: [port2] });
        w.unref();
        port1.unref();
        this.ports[slot] = port1;
        w.on('error', () => this.drop(slot));
        w.on('exit', () => this.drop(slot));
        this.workers[slot] = w;
      } catch {
        // no worker threads here: the calling thread scans alone
      }
    }
  }

  /** Threads a scan of many rows would use now: this one and the workers that are ready. */
  get ready(): number {
    let n = 1;
    for (let slot = 1; slot < this.workers.length; slot++) if (this.workers[slot] && Atomics.load(this.ctrl, READY + slot) === 1) n++;
    return n;
  }

  /** The best `keep` rows of [0, rows) (unordered), scanned on every ready core. */
  scan(area: ScanArea, qscale: number, rows: number, keep: number, filter: ScanFilter = { mask: 0, floor: false }): Candidates {
    const c = this.setup(area, rows, 0);
    c[MASK] = filter.mask;
    c[FLOOR] = filter.floor ? 1 : 0;
    c[KEEP] = keep;
    this.ctrlF[QSCALE] = qscale;
    c[RESULT] = area.workOffset + MAX_SLOTS * CHUNK_ROWS * 4;
    c[RESBYTES] = MAX_KEEP * 8;
    const task = ++this.task;
    const posted = this.post(rows, task);
    const counts = [scanSlot(0, c, this.memory.buffer, this.score)];
    const done = this.join(posted, task, counts, 0);
    if (!done) return this.scan(area, qscale, rows, keep, filter); // the dropped worker is out now
    return this.gather(c[RESULT]!, keep, done, counts);
  }

  /**
   * Every row's score for each of `scales.length` queries, encoded at
   * `area.qOffset + i · qbytes` (sorting), on every ready core: the threads
   * take chunks of rows from the shared counter and write all queries' scores
   * for them into one shared buffer.
   */
  scores(area: ScanArea, qbytes: number, scales: Float32Array, rows: number, reuse = false): Float32Array[] {
    const c = this.setup(area, rows, 1);
    c[MASK] = 0;
    c[FLOOR] = 0;
    c[QUERIES] = scales.length;
    c[QBYTES] = qbytes;
    c[RESULT] = area.workOffset + MAX_SLOTS * CHUNK_ROWS * 4;
    c[RESBYTES] = MAX_KEEP * 8;
    const bytes = scales.length * rows * 4;
    // A fresh buffer costs the system a zeroed page per 4 KiB first written (about a tenth of a sort's CPU time at 100k):
    // a caller done with the scores before its next call can have the last buffer again.
    let out: SharedArrayBuffer;
    if (reuse) {
      if (!this.reusable || this.reusable.byteLength < bytes) this.reusable = new SharedArrayBuffer(bytes);
      out = this.reusable;
    } else out = new SharedArrayBuffer(bytes);
    const task = ++this.task;
    const job: ScoresJob = { task, out, scales };
    const started = Date.now();
    const posted = this.post(rows, task, (slot) => this.ports[slot]!.postMessage(job));
    scoresSlot(0, c, this.memory.buffer, this.score, job, this.score4);
    const counts = [0];
    // A worker may still be on its last chunk: give it as long again as this thread took in all.
    if (!this.join(posted, task, counts, Date.now() - started)) return this.scores(area, qbytes, scales, rows, reuse);
    return Array.from(scales, (_, i) => new Float32Array(out, i * rows * 4, rows));
  }

  private setup(area: ScanArea, rows: number, mode: number): Int32Array {
    const c = this.ctrl;
    c[MODE] = mode;
    c[NEXT] = 0;
    c[CHUNKS] = Math.ceil(rows / CHUNK_ROWS);
    c[ROWS] = rows;
    c[STRIDE] = area.stride;
    c[PADDED] = area.padded;
    c[QOFF] = area.qOffset;
    c[ROWSOFF] = area.rowsOffset;
    c[CHUNK] = CHUNK_ROWS;
    c[SCRATCH] = area.workOffset;
    return c;
  }

  /** Posts the task to every ready worker (when the scan is worth it); `before` runs just before each is woken. */
  private post(rows: number, task: number, before?: (slot: number) => void): number[] {
    const c = this.ctrl;
    const posted: number[] = [];
    if (rows < PARALLEL_MIN_ROWS) return posted;
    for (let slot = 1; slot < this.workers.length; slot++) {
      if (!this.workers[slot] || Atomics.load(c, READY + slot) !== 1) continue;
      before?.(slot);
      Atomics.store(c, TASK + slot, task);
      Atomics.notify(c, TASK + slot);
      posted.push(slot);
    }
    return posted;
  }

  /**
   * Waits for the posted workers; pushes each one's COUNT to `counts` and
   * returns the slots that answered (0 first), or undefined when one failed or
   * timed out (it is dropped: the caller runs the task again without it).
   */
  private join(posted: number[], task: number, counts: number[], extraMs: number): number[] | undefined {
    const c = this.ctrl;
    const slots = [0];
    let failed = false;
    for (const slot of posted) {
      const deadline = Date.now() + WORKER_TIMEOUT_MS + extraMs;
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
    return failed ? undefined : slots;
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
    this.ports[slot]?.close();
    this.ports[slot] = undefined;
    Atomics.store(this.ctrl, READY + slot, 0);
    Atomics.store(this.ctrl, TASK + slot, -1);
    Atomics.notify(this.ctrl, TASK + slot);
    void w.terminate();
  }

  close(): void {
    for (let slot = 1; slot < this.workers.length; slot++) this.drop(slot);
  }
}
