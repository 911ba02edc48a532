/**
 * Indexing in a worker thread (jobs/indexing-job.ts starts it): its own
 * connection to the library (WAL lets the window read while it writes), the
 * same indexRoots the CLI runs, and each batch of stored photos as an event so
 * the window shows them at once.
 */
import { openLibrary, closeLibrary } from '../../core/context.js';
import { loadActiveModel } from '../../core/models/active-model.js';
import type { Accelerator } from '../../core/domain/models.js';
import { indexRoots, type IndexSummary } from '../../core/indexer/indexer.js';
import { serveWorker } from '../jobs/worker-protocol.js';

export interface IndexWorkerData {
  libraryDir: string;
  roots: string[];
  accelerator?: Accelerator | undefined;
  batchSize?: number | undefined;
}

/** photos just stored */
export type IndexWorkerEvent = { ids: number[] };

serveWorker<IndexWorkerData, IndexSummary, IndexWorkerEvent>(async (data, io) => {
  const ctx = openLibrary(data.libraryDir, { check: 'none' }); // the app checked it when it opened the library
  let active;
  try {
    active = await loadActiveModel(ctx, { accelerator: data.accelerator });
    return await indexRoots(ctx, active, data.roots, {
      signal: io.signal,
      batchSize: data.batchSize,
      onProgress: io.progress,
      onBatch: (ids) => io.event({ ids }),
    });
  } finally {
    await active?.model.release().catch(() => undefined);
    closeLibrary(ctx);
  }
});
