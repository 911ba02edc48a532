/**
 * Importing a model folder: a good one is copied in with a manifest; each kind
 * of broken folder is refused with a message that names the problem, and
 * nothing is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel, listInstalled, removeModel, validateModelFolder } from '../../../src-main/core/models/install.js';
import { ShoeboxError } from '../../../src-main/core/util/errors.js';
import { ROOT, TINY_CLIP, tempDir } from '../../helpers/paths.js';
import type { Owner } from '../../helpers/cleanup.js';

const DIM32_TEXT = join(ROOT, 'test', 'unit', 'models', 'fixtures', 'text_dim32.onnx');

/** A copy of the tiny model, broken by `breakIt`. */
function brokenCopy(t: Owner, breakIt: (dir: string) => void): string {
  const dir = join(tempDir(t), 'my-model');
  cpSync(TINY_CLIP, dir, { recursive: true });
  breakIt(dir);
  return dir;
}

async function refused(t: Owner, dir: string, pattern: RegExp): Promise<void> {
  const lib = tempDir(t);
  await assert.rejects(importModel(dir, { libraryDir: lib }), (err: ShoeboxError) => {
    assert.equal(err.code, 'bad_model', err.message);
    assert.match(err.message, pattern);
    return true;
  });
  assert.deepEqual(listInstalled(lib), [], 'nothing installed');
  assert.ok(!existsSync(join(lib, 'models')) || readdirSync(join(lib, 'models')).length === 0, 'no staging left');
}

test('a good folder is imported with a manifest; the source is left as it was', async (t) => {
  const lib = tempDir(t);
  const src = brokenCopy(t, () => undefined);
  const before = readdirSync(src).sort();
  const r = await importModel(src, { libraryDir: lib, id: 'Tiny Test' });
  assert.equal(r.id, 'tiny-test');
  assert.equal(r.manifest.dim, 64);
  assert.equal(r.manifest.layout, 'transformers.js');
  assert.deepEqual(readdirSync(src).sort(), before);
  assert.deepEqual(readFileSync(join(r.dir, 'onnx', 'vision_model.onnx')), readFileSync(join(TINY_CLIP, 'onnx', 'vision_model.onnx')));
  assert.deepEqual(listInstalled(lib).map((m) => m.id), ['tiny-test']);
  await removeModel(lib, 'tiny-test');
  assert.deepEqual(listInstalled(lib), []);
});

test('missing tokenizer.json', (t) => refused(t, brokenCopy(t, (d) => rmSync(join(d, 'tokenizer.json'))), /missing tokenizer\.json/));

test('missing config.json', (t) => refused(t, brokenCopy(t, (d) => rmSync(join(d, 'config.json'))), /missing config\.json/));

test('missing preprocessor_config.json', (t) =>
  refused(t, brokenCopy(t, (d) => rmSync(join(d, 'preprocessor_config.json'))), /missing preprocessor_config\.json/));

test('missing text tower', (t) => refused(t, brokenCopy(t, (d) => rmSync(join(d, 'onnx', 'text_model.onnx'))), /missing the text tower/));

test('missing image tower', (t) => refused(t, brokenCopy(t, (d) => rmSync(join(d, 'onnx', 'vision_model.onnx'))), /missing the image tower/));

test('not a model folder at all', (t) => refused(t, tempDir(t), /no onnx\/vision_model/));

test('a truncated ONNX file', (t) =>
  refused(
    t,
    brokenCopy(t, (d) => {
      const f = join(d, 'onnx', 'vision_model.onnx');
      writeFileSync(f, readFileSync(f).subarray(0, 5000));
    }),
    /vision \(image\) tower vision_model\.onnx is not a loadable ONNX model.*download or copy it again/,
  ));

test('a config file that is not JSON', (t) => refused(t, brokenCopy(t, (d) => writeFileSync(join(d, 'config.json'), '{ nope')), /config\.json is not valid JSON/));

test('the towers swapped', (t) =>
  refused(
    t,
    brokenCopy(t, (d) => {
      const v = readFileSync(join(d, 'onnx', 'vision_model.onnx'));
      cpSync(join(d, 'onnx', 'text_model.onnx'), join(d, 'onnx', 'vision_model.onnx'));
      writeFileSync(join(d, 'onnx', 'text_model.onnx'), v);
    }),
    /must take an image batch .* swapped/,
  ));

test('preprocessing that does not fit the image tower', (t) =>
  refused(
    t,
    brokenCopy(t, (d) => {
      const f = join(d, 'preprocessor_config.json');
      const cfg = JSON.parse(readFileSync(f, 'utf8'));
      cfg.size = { shortest_edge: 32 };
      cfg.crop_size = { height: 32, width: 32 };
      writeFileSync(f, JSON.stringify(cfg));
    }),
    /takes images of \[3, 64, 64\], but the preprocessing config makes 3×32×32/,
  ));

test('towers from different models (embedding sizes differ)', (t) =>
  refused(
    t,
    brokenCopy(t, (d) => cpSync(DIM32_TEXT, join(d, 'onnx', 'text_model.onnx'))),
    /image tower gives embeddings of 64 numbers but the text tower gives 32/,
  ));

test('validateModelFolder reports the embedding size of a good model', async () => {
  const v = await validateModelFolder(TINY_CLIP);
  assert.equal(v.dim, 64);
});
