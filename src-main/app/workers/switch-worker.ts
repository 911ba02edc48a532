/**
 * A model switch (re-embedding every photo with another model) in a worker
 * thread, like indexing: pausing keeps the new vectors, running it again continues.
 */
import { openLibrary, closeLibrary } from '../../core/context.js';
import { switchModel, type SwitchResult } from '../../core/models/switch.js';
import type { Accelerator } from '../../core/domain/models.js';
import { serveWorker } from '../jobs/worker-protocol.js';

export interface SwitchWorkerData {
  libraryDir: string;
  dir: string;
  accelerator?: Accelerator | undefined;
}

serveWorker<SwitchWorkerData, SwitchResult>(async (data, io) => {
  const ctx = openLibrary(data.libraryDir, { check: 'none' }); // the app checked it when it opened the library
  try {
    return await switchModel(ctx, data.dir, { signal: io.signal, accelerator: data.accelerator, onProgress: io.progress });
  } finally {
    closeLibrary(ctx);
  }
});
