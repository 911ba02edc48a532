/**
 * Switching a library to another model: a pause (AbortSignal) keeps the old
 * model in use with its vectors and sorting; resuming finishes the new vectors,
 * re-encodes the folder descriptions and re-sorts, then switches. Manual
 * assignments are the same before and after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { chooseModel, loadActiveModel, modelSettings } from '../../../src-main/core/models/active-model.js';
import { indexRoots } from '../../../src-main/core/indexer/indexer.js';
import { sortLibrary } from '../../../src-main/core/sorting/sort-library.js';
import { loadIndex } from '../../../src-main/core/search/load-index.js';
import { importModel } from '../../../src-main/core/models/install.js';
import { pendingSwitch, switchModel } from '../../../src-main/core/models/switch.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { immichCopy } from '../../helpers/model-layouts.js';

test('switching models: pause keeps the old model; resume completes, re-sorts and keeps manual choices', async (t) => {
  const tmp = tempDir(t);
  const photosDir = join(tmp, 'Pictures');
  await generatePhotos({ outDir: photosDir, count: 40, seed: 9090 });
  const ctx = openLibrary(join(tmp, 'library'));
  try {
    // A library indexed and sorted with the tiny model, with two manual choices.
    chooseModel(ctx, TINY_CLIP);
    ctx.settings.addRoot(photosDir);
    const old = await loadActiveModel(ctx);
    await indexRoots(ctx, old, ctx.settings.roots(), { batchSize: 8 });
    ctx.categories.add('Reds', ['a photo of something red']);
    const blues = ctx.categories.add('Blues', ['a photo of something blue']);
    await sortLibrary(ctx, old, loadIndex(ctx, old.record.id, old.record.dim));
    const [p1, p2] = ctx.photos.all();
    ctx.categories.assignManual(p1!.id, blues.id);
    ctx.categories.assignManual(p2!.id, null);
    const manualBefore = [...ctx.categories.manual()];
    const autoBefore = ctx.categories.assignments();
    await old.model.release();

    // The new model: the same weights in the Immich layout, installed in the library (a different model to the store).
    const installed = await importModel(immichCopy(tmp), { libraryDir: ctx.dir, id: 'tiny-immich' });

    // Pause after the first batch.
    const controller = new AbortController();
    const paused = await switchModel(ctx, installed.dir, { signal: controller.signal, batchSize: 8, onBatch: () => controller.abort() });
    assert.equal(paused.state, 'paused');
    assert.equal(paused.activeDir, TINY_CLIP);
    assert.ok(paused.embedded >= 8 && paused.embedded < 40, `partly embedded: ${paused.embedded}`);
    assert.equal(paused.total, 40);
    assert.equal(modelSettings(ctx)?.dir, TINY_CLIP, 'still the old model');
    assert.equal(pendingSwitch(ctx)?.dir, installed.dir, 'the app can offer to resume');
    const records = ctx.vectors.models();
    const oldRec = records.find((r) => r.key === TINY_CLIP)!;
    const newRec = records.find((r) => r.key === installed.dir)!;
    assert.equal(ctx.vectors.count(oldRec.id), 40, 'old vectors kept');
    assert.equal(ctx.vectors.count(newRec.id), paused.embedded);
    assert.deepEqual(ctx.categories.assignments(), autoBefore, 'sorting unchanged while paused');

    // Resume: completes and switches.
    const done = await switchModel(ctx, installed.dir, { batchSize: 8, threads: 1 });
    assert.equal(done.state, 'switched');
    assert.equal(done.embedded, 40);
    assert.equal(modelSettings(ctx)?.dir, installed.dir);
    assert.equal(modelSettings(ctx)?.threads, 1, 'thread setting remembered');
    assert.equal(pendingSwitch(ctx), undefined);
    assert.equal(ctx.vectors.count(newRec.id), 40);
    assert.equal(ctx.vectors.count(oldRec.id), 40, 'old vectors still there: switching back is instant');
    for (const c of ctx.categories.list()) {
      for (const prompt of c.prompts) assert.ok(ctx.vectors.textVector(newRec.id, prompt), `"${prompt}" encoded with the new model`);
    }
    assert.deepEqual([...ctx.categories.manual()], manualBefore, 'manual assignments untouched');
    const after = ctx.categories.assignments();
    assert.equal(after.find((a) => a.photoId === p1!.id)?.categoryId, blues.id);
    assert.equal(after.find((a) => a.photoId === p2!.id)?.categoryId, null);
    assert.equal(after.filter((a) => !a.manual && a.score === null).length, 0, 'every other photo re-sorted');

    // Search now runs on the new model.
    const now = await loadActiveModel(ctx);
    assert.equal(now.record.id, newRec.id);
    await now.model.release();
  } finally {
    closeLibrary(ctx);
  }
});
