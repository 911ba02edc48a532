/**
 * What the calling thread (scan-pool.ts) and the scan workers (scan-worker.ts)
 * share: the layout of the control words and one slot's share of a scan.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Score4Fn, ScoreFn, WasmMemory, WasmModule } from './int8-codes.js';

// Control words (an Int32Array over a SharedArrayBuffer).
export const NEXT = 0; // next chunk to claim
export const CHUNKS = 1;
export const ROWS = 2; // rows in this scan
export const KEEP = 3; // best rows each slot keeps
export const STRIDE = 4;
export const PADDED = 5;
export const QSCALE = 6; // float32
export const QOFF = 7;
export const ROWSOFF = 8;
export const CHUNK = 9; // rows per chunk
export const SCRATCH = 10; // byte offset of slot 0's scratch scores
export const RESULT = 11; // byte offset of slot 0's result
export const RESBYTES = 12; // result bytes per slot
export const MASK = 13; // byte offset of the rows' mask bytes (0: every row)
export const FLOOR = 14; // 1: only rows above their floor count
export const MODE = 15; // 0: keep the best rows (search); 1: every row's score for several queries (sorting)
export const MAX_SLOTS = 16;
export const TASK = 16; // + slot: task number posted to a worker (-1: stop)
export const DONE = TASK + MAX_SLOTS; // + slot: last task number finished
export const READY = DONE + MAX_SLOTS; // + slot: 1 once the worker waits for tasks
export const COUNT = READY + MAX_SLOTS; // + slot: rows the slot kept (-1: it failed)
export const PASSED = COUNT + MAX_SLOTS; // + slot: rows the slot scored above -inf (in the mask, above their floor)
export const QUERIES = PASSED + MAX_SLOTS; // mode 1: queries, at QOFF + i · QBYTES
export const QBYTES = QUERIES + 1; // mode 1: bytes per encoded query
export const CONTROL_WORDS = QBYTES + 1;

/** What a scan worker is started with. */
export interface ScanWorkerData {
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  slot: number;
  /** where mode-1 tasks send their output buffer and query scales (read with receiveMessageOnPort) */
  port: MessagePort;
}

/** A mode-1 task's message to a worker. */
export interface ScoresJob {
  task: number;
  /** QUERIES × ROWS float32 scores, query by query */
  out: SharedArrayBuffer;
  scales: Float32Array;
}

/**
 * One slot's share of a scan: claims chunks until none are left, keeping the
 * `keep` best rows, and writes them (rows, then scores) to its result area.
 */
export function scanSlot(slot: number, ctrl: Int32Array, buffer: ArrayBufferLike, score: ScoreFn): number {
  const ctrlF = new Float32Array(ctrl.buffer, ctrl.byteOffset, ctrl.length);
  const chunks = ctrl[CHUNKS]!, rows = ctrl[ROWS]!, keep = ctrl[KEEP]!, stride = ctrl[STRIDE]!, padded = ctrl[PADDED]!;
  const qscale = ctrlF[QSCALE]!, qOff = ctrl[QOFF]!, rowsOff = ctrl[ROWSOFF]!, chunk = ctrl[CHUNK]!;
  const mask = ctrl[MASK]!, floor = ctrl[FLOOR]!;
  let passed = 0;
  const scratch = ctrl[SCRATCH]! + slot * chunk * 4;
  const result = ctrl[RESULT]! + slot * ctrl[RESBYTES]!;
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
    const c = Atomics.add(ctrl, NEXT, 1);
    if (c >= chunks) break;
    const first = c * chunk;
    const n = Math.min(chunk, rows - first);
    score(qOff, rowsOff + first * stride, n, stride, padded, qscale, scratch, mask ? mask + first : 0, floor);
    for (let i = 0; i < n; i++) {
      const s = out[i]!;
      if (s !== -Infinity) passed++;
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
  Atomics.store(ctrl, PASSED + slot, passed);
  return len;
}

/**
 * One slot's share of a mode-1 task: claims chunks until none are left and
 * writes every query's scores for them into `job.out`. Chunk by chunk, each
 * query in turn, so a chunk of codes is read from memory once for all queries.
 */
export function scoresSlot(slot: number, ctrl: Int32Array, buffer: ArrayBufferLike, score: ScoreFn, job: ScoresJob, score4?: Score4Fn): void {
  const chunks = ctrl[CHUNKS]!, rows = ctrl[ROWS]!, stride = ctrl[STRIDE]!, padded = ctrl[PADDED]!;
  const qOff = ctrl[QOFF]!, rowsOff = ctrl[ROWSOFF]!, chunk = ctrl[CHUNK]!, queries = ctrl[QUERIES]!, qbytes = ctrl[QBYTES]!;
  const scratch = ctrl[SCRATCH]! + slot * chunk * 4;
  const view = new Float32Array(buffer, scratch, chunk);
  // score4 writes four chunks of scores: into the slot's result area, unused by this mode
  const four = ctrl[RESULT]! + slot * ctrl[RESBYTES]!;
  const fours = score4 && ctrl[RESBYTES]! >= 16 * chunk ? [0, 1, 2, 3].map((k) => new Float32Array(buffer, four + k * chunk * 4, chunk)) : undefined;
  const s = job.scales;
  const outs = Array.from({ length: queries }, (_, i) => new Float32Array(job.out, i * rows * 4, rows));
  for (;;) {
    const c = Atomics.add(ctrl, NEXT, 1);
    if (c >= chunks) break;
    const first = c * chunk;
    const n = Math.min(chunk, rows - first);
    const src = n === chunk ? view : view.subarray(0, n);
    let i = 0;
    if (fours) {
      for (; i + 4 <= queries; i += 4) {
        score4!(qOff + i * qbytes, qbytes, rowsOff + first * stride, n, stride, padded, s[i]!, s[i + 1]!, s[i + 2]!, s[i + 3]!, four, chunk * 4);
        for (let k = 0; k < 4; k++) outs[i + k]!.set(n === chunk ? fours[k]! : fours[k]!.subarray(0, n), first);
      }
    }
    for (; i < queries; i++) {
      score(qOff + i * qbytes, rowsOff + first * stride, n, stride, padded, job.scales[i]!, scratch, 0, 0);
      outs[i]!.set(src, first);
    }
  }
}
