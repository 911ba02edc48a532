/**
 * The indexer in a worker thread, so decoding and inference never block the
 * thread that answers the UI. It opens its own connection to the library (WAL
 * lets the UI read while it writes), runs indexRoots, and reports as messages:
 *   → { type: 'progress', progress }   rate-limited by ProgressMeter
 *   → { type: 'batch', ids }           photos just stored (the UI shows them at once)
 *   → { type: 'done', summary }        finished or stopped (summary.cancelled)
 *   → { type: 'error', code, message }
 *   ← { type: 'abort' }                stop after the photos in flight; nothing half-written
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openLibrary, closeLibrary } from '../context.js';
import { loadActiveModel } from '../models/active-model.js';
import type { Accelerator } from '../models/accelerators.js';
import { indexRoots, type IndexSummary } from './indexer.js';
import type { Progress } from '../util/progress.js';
import { ShoeboxError, errorMessage } from '../util/errors.js';

export interface IndexWorkerData {
  libraryDir: string;
  roots: string[];
  accelerator?: Accelerator | undefined;
  batchSize?: number | undefined;
}

export type IndexWorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'batch'; ids: number[] }
  | { type: 'done'; summary: IndexSummary }
  | { type: 'error'; code: string; message: string };

async function run(port: NonNullable<typeof parentPort>, data: IndexWorkerData): Promise<void> {
  const controller = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m?.type === 'abort') controller.abort();
  });
  const post = (m: IndexWorkerMessage): void => port.postMessage(m);
  const ctx = openLibrary(data.libraryDir);
  let active;
  try {
    active = await loadActiveModel(ctx, { accelerator: data.accelerator });
    const summary = await indexRoots(ctx, active, data.roots, {
      signal: controller.signal,
      batchSize: data.batchSize,
      onProgress: (progress) => post({ type: 'progress', progress }),
      onBatch: (ids) => post({ type: 'batch', ids }),
    });
    post({ type: 'done', summary });
  } catch (err) {
    post({ type: 'error', code: err instanceof ShoeboxError ? err.code : 'internal', message: errorMessage(err) });
  } finally {
    await active?.model.release().catch(() => undefined);
    closeLibrary(ctx);
    port.close();
  }
}

if (parentPort) void run(parentPort, workerData as IndexWorkerData);
