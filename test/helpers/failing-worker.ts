/** A worker that fails with a coded error (for the worker protocol's test). */
import { serveWorker } from '../../src-main/app/jobs/worker-protocol.js';
import { fail } from '../../src-main/core/util/errors.js';

serveWorker<{ id: number }, never>(async ({ id }) => {
  throw fail('photo.missing_id', { id });
});
