import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { loadIndex, loadIndexInBackground, loadModelAndIndex } from '../../../src-main/core/search/load-index.js';
import { chooseModel, loadActiveModel } from '../../../src-main/core/models/active-model.js';
import { toBlob } from '../../../src-main/core/store/vectors.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

function unit(dim: number, seed: number): Float32Array {
  const v = Float32Array.from({ length: dim }, (_, j) => Math.sin(seed * 12.9898 + j * 78.233) * 43758.5453 % 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

test('the index loaded by a worker thread equals the one loaded in place, and both rescore from the database', async (t) => {
  const ctx = openLibrary(tempDir(t));
  try {
    const model = ctx.vectors.model('/models/test', 'test', 48);
    for (let i = 1; i <= 400; i++) {
      const id = ctx.photos.upsert({ path: `/photos/p${i}.jpg`, size: 1, mtimeMs: 1, hash: `h${i}`, error: i % 50 === 0 ? 'broken' : null });
      ctx.vectors.put(id, model.id, unit(48, i));
    }
    const inPlace = loadIndex(ctx, model.id, 48);
    const background = await loadIndexInBackground(ctx, model.id, 48);
    assert.equal(background.size, 392, 'photos with errors are left out');
    assert.deepEqual(background.photoIds(), inPlace.photoIds());
    for (const probe of [3, 77, 311]) {
      const q = unit(48, probe);
      const hits = background.search(q, 5);
      assert.deepEqual(hits, inPlace.search(q, 5));
      assert.equal(hits[0]!.photoId, probe);
      assert.ok(Math.abs(hits[0]!.score - 1) < 1e-6, 'the exact vector was read back');
    }
    assert.deepEqual(background.vector(5), ctx.vectors.get(5, model.id));
    background.close();
    inPlace.close();
  } finally {
    closeLibrary(ctx);
  }
});

test('vectors written without their codes (by another writer) are still found: loading fills the codes in', async (t) => {
  const ctx = openLibrary(tempDir(t));
  try {
    const model = ctx.vectors.model('/models/test', 'test', 48);
    for (let i = 1; i <= 40; i++) {
      const id = ctx.photos.upsert({ path: `/photos/p${i}.jpg`, size: 1, mtimeMs: 1, hash: `h${i}`, error: null });
      if (i % 2) ctx.vectors.put(id, model.id, unit(48, i));
      else ctx.db.prepare('INSERT OR REPLACE INTO embeddings (photo_id, model_id, vector) VALUES (?, ?, ?)').run(id, model.id, toBlob(unit(48, i)));
    }
    for (const index of [loadIndex(ctx, model.id, 48), await loadIndexInBackground(ctx, model.id, 48)]) {
      assert.equal(index.size, 40);
      assert.equal(index.search(unit(48, 10), 1)[0]!.photoId, 10);
      index.close();
    }
    assert.equal(ctx.vectors.codesCount(model.id), 40, 'the missing codes were stored');
  } finally {
    closeLibrary(ctx);
  }
});

test('a first search loads the model and the index side by side, and drops an early index of the wrong model', async (t) => {
  const ctx = openLibrary(tempDir(t));
  try {
    chooseModel(ctx, TINY_CLIP, 'cpu');
    const first = await loadActiveModel(ctx);
    const dim = first.record.dim;
    await first.model.release();
    for (let i = 1; i <= 30; i++) {
      const id = ctx.photos.upsert({ path: `/photos/p${i}.jpg`, size: 1, mtimeMs: 1, hash: `h${i}`, error: null });
      ctx.vectors.put(id, first.record.id, unit(dim, i));
    }
    const { active, index } = await loadModelAndIndex(ctx, () => loadActiveModel(ctx));
    assert.equal(active.record.id, first.record.id);
    assert.equal(index.size, 30);
    assert.equal(index.search(unit(dim, 7), 1)[0]!.photoId, 7);
    index.close();
    await active.model.release();

    // The database says the model gives 48 numbers; loading it finds 64: those vectors were
    // dropped, so the early index (30 photos of 48) must not be used.
    ctx.db.prepare('UPDATE models SET dim = 48 WHERE id = ?').run(first.record.id);
    const again = await loadModelAndIndex(ctx, () => loadActiveModel(ctx));
    assert.equal(again.active.record.dim, dim);
    assert.equal(again.index.size, 0);
    again.index.close();
    await again.active.model.release();
  } finally {
    closeLibrary(ctx);
  }
});
