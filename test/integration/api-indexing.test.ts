/**
 * The background indexing job behind the app: it runs in a worker thread,
 * streams progress, can be paused, and a pause survives closing and reopening
 * the app; resuming finishes the rest without redoing what was stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../../src-main/core/context.js';
import { ShoeboxApp } from '../../src-main/app/shoebox-app.js';
import { invoke as dispatch } from '../../src-main/api/dispatch.js';
import type { IndexState } from '../../src-main/api/contract.js';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';

function waitFor(app: ShoeboxApp, pred: (s: IndexState) => boolean): Promise<IndexState> {
  return new Promise((resolve) => {
    if (pred(app.jobs.indexing.state)) return resolve(app.jobs.indexing.state);
    const off = app.events.on((event, payload) => {
      if (event === 'index.progress' && pred(payload as IndexState)) {
        off();
        resolve(payload as IndexState);
      }
    });
  });
}

test('indexing pauses, stays paused across a reopen, and resumes to the end', async (t) => {
  const dir = tempDir(t);
  const photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 80, seed: 3, maxSize: 200 });
  const libDir = join(dir, 'library');

  let ctx = openLibrary(libDir);
  let app = new ShoeboxApp(ctx, { background: true, batchSize: 1 });
  let caller = { app, transport: 'http' as const };
  const states: IndexState[] = [];
  app.events.on((e, p) => e === 'index.progress' && states.push(p as IndexState));
  assert.ok((await dispatch(caller, 'roots.add', { path: join(dir, 'photos') })).ok);
  const chose = await dispatch(caller, 'model.choose', { dir: TINY_CLIP });
  assert.ok(chose.ok, JSON.stringify(chose));

  await waitFor(app, (s) => s.state === 'running' && s.phase === 'index' && s.done > 0);
  const paused = await dispatch(caller, 'index.pause', {});
  assert.ok(paused.ok && paused.value.state === 'paused');
  while (app.jobs.indexing.running) await new Promise((r) => setTimeout(r, 20));
  const stored = ctx.photos.count().photos;
  assert.ok(stored > 0 && stored < photos.length, `stopped part-way: ${stored} of ${photos.length}`);
  assert.ok(states.some((s) => s.total === photos.length && s.rate >= 0), 'progress said how many there are');
  await app.close();
  closeLibrary(ctx);

  // Reopen: the job is shown paused, and nothing runs until the user resumes.
  ctx = openLibrary(libDir);
  app = new ShoeboxApp(ctx, { background: true, batchSize: 8 });
  caller = { app, transport: 'http' as const };
  void app.start();
  assert.equal(app.jobs.indexing.state.state, 'paused');
  assert.equal(app.jobs.indexing.running, false);
  const status = await dispatch(caller, 'app.status', {});
  assert.ok(status.ok && status.value.indexing.state === 'paused');

  const resumed = await dispatch(caller, 'index.resume', {});
  assert.ok(resumed.ok && resumed.value.state === 'running');
  const done = await waitFor(app, (s) => s.state === 'done' || s.state === 'error');
  assert.equal(done.state, 'done', done.error?.message);
  assert.equal(done.total, photos.length - stored, 'only the rest was indexed');
  assert.equal(ctx.photos.count().photos, photos.length);

  // The searcher's index took in every photo as it arrived.
  const hits = await dispatch(caller, 'search.text', { query: 'a red circle', limit: 1000, all: true });
  assert.ok(hits.ok && hits.value.hits.length === photos.length);
  await app.close();
  closeLibrary(ctx);
});
