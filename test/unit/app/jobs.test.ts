/**
 * The job model: which jobs may run together (the coordinator's table), and
 * errors that cross a worker thread keeping their codes and message codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobCoordinator } from '../../../src-main/app/jobs/coordinator.js';
import { runInWorker } from '../../../src-main/app/jobs/worker-protocol.js';
import { ShoeboxError } from '../../../src-main/core/util/errors.js';

function holdable() {
  const log: string[] = [];
  return {
    log,
    async hold() {
      log.push('held');
      return () => log.push('released');
    },
  };
}

test('an apply refuses to start during a model switch and the other way round, with the reason', () => {
  const jobs = new JobCoordinator();
  const sw = jobs.claim('switch');
  assert.throws(() => jobs.claim('organize'), (e: ShoeboxError) => e.code === 'conflict' && e.key === 'job.busy_switch');
  assert.throws(() => jobs.claim('download'), (e: ShoeboxError) => e.key === 'job.busy_switch');
  sw.release();
  const org = jobs.claim('organize');
  assert.throws(() => jobs.claim('switch'), (e: ShoeboxError) => e.key === 'job.busy_organize');
  assert.doesNotThrow(() => jobs.claim('download').release(), 'a download may run beside an apply');
  org.release();
  assert.doesNotThrow(() => jobs.claim('switch').release());
});

test('an apply and a switch hold indexing while they run and let it go after; a download does not', async () => {
  const jobs = new JobCoordinator();
  const indexing = holdable();
  jobs.register('indexing', indexing);
  const org = jobs.claim('organize');
  await org.held;
  assert.deepEqual(indexing.log, ['held']);
  org.release();
  org.release(); // twice is once
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(indexing.log, ['held', 'released']);
  const dl = jobs.claim('download');
  await dl.held;
  dl.release();
  assert.deepEqual(indexing.log, ['held', 'released'], 'a download leaves indexing alone');
});

test('a failure in a worker thread arrives with its code, message code and params', async () => {
  const url = new URL('../../helpers/failing-worker.js', import.meta.url);
  const run = runInWorker<{ id: number }, never>(url, { id: 7 }, { what: 'test' });
  await assert.rejects(run.result, (e: ShoeboxError) => e instanceof ShoeboxError && e.code === 'not_found' && e.key === 'photo.missing_id' && e.params?.id === 7 && e.message === 'There is no photo 7.');
  await run.exited;
});
