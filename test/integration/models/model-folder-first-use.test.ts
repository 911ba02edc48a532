/**
 * A model folder named with --model is never imported, so it is checked before
 * its first use: one whose towers give NaN is refused in words before any
 * photo is indexed, and one exported with a fixed batch of 1 indexes and
 * searches like any other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { fixBatchSize } from '../../helpers/onnx-edit.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';

function modelCopy(dir: string): string {
  const out = join(dir, 'model');
  cpSync(TINY_CLIP, out, { recursive: true });
  return out;
}

test('a --model folder whose preprocessing overflows to NaN is refused before indexing, naming the files', async (t) => {
  const tmp = tempDir(t);
  const model = modelCopy(tmp);
  const cfgFile = join(model, 'preprocessor_config.json');
  const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
  Object.assign(cfg, { rescale_factor: 1e30, image_std: 1e-30 }); // each value allowed, their product is not
  writeFileSync(cfgFile, JSON.stringify(cfg));
  await generatePhotos({ outDir: join(tmp, 'photos'), count: 3, seed: 5 });
  const r = shoebox(['index', join(tmp, 'photos'), '--model', model, '--library', join(tmp, 'lib'), '--json']);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr + r.stdout, /vision_model\.onnx gave NaN or infinite embeddings.*preprocessor_config\.json/);
  const status = shoeboxJson(['status', '--library', join(tmp, 'lib')]);
  assert.equal(status.photos, 0, 'no photo was indexed with the broken model');
});

test('a --model folder whose preprocessing has a zero std is refused by field and file', async (t) => {
  const tmp = tempDir(t);
  const model = modelCopy(tmp);
  const cfgFile = join(model, 'preprocessor_config.json');
  writeFileSync(cfgFile, JSON.stringify({ ...JSON.parse(readFileSync(cfgFile, 'utf8')), image_std: 0 }));
  const r = shoebox(['status', '--model', model, '--library', join(tmp, 'lib')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /preprocessor_config\.json: "image_std" must be greater than 0, not 0/);
});

test('a --model folder exported with a fixed batch of 1 indexes every photo and searches', async (t) => {
  const tmp = tempDir(t);
  const model = modelCopy(tmp);
  for (const tower of ['vision_model.onnx', 'text_model.onnx']) fixBatchSize(join(TINY_CLIP, 'onnx', tower), join(model, 'onnx', tower), 1);
  await generatePhotos({ outDir: join(tmp, 'photos'), count: 7, seed: 9 });
  const lib = ['--library', join(tmp, 'lib')];
  const r = shoeboxJson(['index', join(tmp, 'photos'), '--model', model, ...lib]);
  assert.equal(r.added, 7, JSON.stringify(r));
  assert.equal(r.errors, 0, JSON.stringify(r));
  const s = shoeboxJson(['search', 'a red circle', '--all', ...lib]);
  assert.equal(s.results.length, 7);
  assert.ok(s.results.every((h: { score: number }) => Number.isFinite(h.score)));
});
