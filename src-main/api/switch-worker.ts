/**
 * A model switch (re-embedding every photo with another model) in a worker
 * thread, like the indexer (core/indexer/worker.ts): its own connection to the
 * library, so the window stays responsive while it runs.
 *   → { type: 'progress', progress } | { type: 'done', result } | { type: 'error', message }
 *   ← { type: 'abort' }   pause after the photos in flight; running it again continues
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openLibrary, closeLibrary } from '../core/context.js';
import { switchModel, type SwitchResult } from '../core/models/switch.js';
import type { Accelerator } from '../core/models/accelerators.js';
import type { Progress } from '../core/util/progress.js';
import { errorMessage } from '../core/util/errors.js';

export interface SwitchWorkerData {
  libraryDir: string;
  dir: string;
  accelerator?: Accelerator | undefined;
}

export type SwitchWorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; result: SwitchResult }
  | { type: 'error'; message: string };

async function run(port: NonNullable<typeof parentPort>, data: SwitchWorkerData): Promise<void> {
  const controller = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m?.type === 'abort') controller.abort();
  });
  const post = (m: SwitchWorkerMessage): void => port.postMessage(m);
  const ctx = openLibrary(data.libraryDir);
  try {
    const result = await switchModel(ctx, data.dir, {
      signal: controller.signal,
      accelerator: data.accelerator,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'error', message: errorMessage(err) });
  } finally {
    closeLibrary(ctx);
    port.close();
  }
}

if (parentPort) void run(parentPort, workerData as SwitchWorkerData);
