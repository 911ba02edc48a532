/**
 * A scan worker thread (started by scan-pool.ts): waits for a task number in
 * its TASK word, scans its share (scanSlot, or scoresSlot for sorting), reports
 * in COUNT and DONE; a negative task stops it.
 */
import { isMainThread, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { wasmScorers } from './int8-codes.js';
import { COUNT, DONE, MODE, READY, TASK, scanSlot, scoresSlot, type ScanWorkerData, type ScoresJob } from './scan-slot.js';

function run({ module, memory, control, slot, port }: ScanWorkerData): void {
  const { score, score4 } = wasmScorers(module, memory);
  const ctrl = new Int32Array(control);
  let last = Atomics.load(ctrl, TASK + slot);
  Atomics.store(ctrl, READY + slot, 1);
  for (;;) {
    Atomics.wait(ctrl, TASK + slot, last);
    last = Atomics.load(ctrl, TASK + slot);
    if (last < 0) return;
    let count: number;
    try {
      if (Atomics.load(ctrl, MODE) === 1) {
        // The caller posted this task's output buffer before posting the task.
        const job = receiveMessageOnPort(port)?.message as ScoresJob | undefined;
        if (job?.task !== last) throw new Error('no job for this task');
        scoresSlot(slot, ctrl, memory.buffer, score, job, score4);
        count = 0;
      } else count = scanSlot(slot, ctrl, memory.buffer, score);
    } catch {
      count = -1;
    }
    Atomics.store(ctrl, COUNT + slot, count);
    Atomics.store(ctrl, DONE + slot, last);
    Atomics.notify(ctrl, DONE + slot);
  }
}

if (!isMainThread) run(workerData as ScanWorkerData);
