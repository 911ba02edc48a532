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
import { fixBatchSize } from '../../helpers/onnx-edit.js';
import { ClipModel } from '../../../src-main/core/models/clip-model.js';
import { cosine } from '../../helpers/vectors.js';
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
    /vision \(image\) tower onnx\/vision_model\.onnx is not a loadable ONNX model.*download or copy it again/,
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
    /image tower onnx\/vision_model\.onnx gives embeddings of 64 numbers but the text tower onnx\/text_model\.onnx gives 32/,
  ));

test('validateModelFolder reports the embedding size of a good model', async () => {
  const v = await validateModelFolder(TINY_CLIP);
  assert.equal(v.dim, 64);
});

/** A copy whose preprocessor_config.json is changed by `edit`. */
function withPreprocessing(t: Owner, edit: (cfg: Record<string, any>) => void): string {
  return brokenCopy(t, (d) => {
    const f = join(d, 'preprocessor_config.json');
    const cfg = JSON.parse(readFileSync(f, 'utf8'));
    edit(cfg);
    writeFileSync(f, JSON.stringify(cfg));
  });
}

// Each of these made every photo's vector NaN (or the photo empty) while the import passed.
test('preprocessing: an image_std of 0 is refused, naming the field and the file', (t) =>
  refused(t, withPreprocessing(t, (c) => (c.image_std = [0.26, 0, 0.27])), /preprocessor_config\.json: "image_std" must be greater than 0, not \[0\.26,0,0\.27\]/));

test('preprocessing: a negative image_std is refused', (t) =>
  refused(t, withPreprocessing(t, (c) => (c.image_std = -0.5)), /preprocessor_config\.json: "image_std" must be greater than 0, not -0\.5/));

test('preprocessing: a negative rescale_factor is refused', (t) =>
  refused(t, withPreprocessing(t, (c) => (c.rescale_factor = -0.0039)), /preprocessor_config\.json: "rescale_factor" must be greater than 0/));

test('preprocessing: size.shortest_edge 0 is refused by its own name', (t) =>
  refused(t, withPreprocessing(t, (c) => (c.size = { shortest_edge: 0 })), /preprocessor_config\.json: "size\.shortest_edge" must be a whole number of pixels from 1 to 4096, not 0/));

test('preprocessing: a mean that is not numbers, and an unknown resample, are refused by name', async (t) => {
  await refused(t, withPreprocessing(t, (c) => (c.image_mean = ['a', 'b', 'c'])), /preprocessor_config\.json: "image_mean" must be a number or a list of three numbers/);
  await refused(t, withPreprocessing(t, (c) => (c.resample = 9)), /preprocessor_config\.json: "resample" must be one of 0, 1, 2, 3, 4, 5, not 9/);
  await refused(t, withPreprocessing(t, (c) => delete c.image_std), /preprocessor_config\.json has no "image_std"/);
});

test('preprocessing whose every value is allowed but whose product overflows: the towers are run and the NaN refused', (t) =>
  refused(
    t,
    withPreprocessing(t, (c) => {
      c.rescale_factor = 1e30;
      c.image_std = 1e-30;
    }),
    /onnx\/vision_model\.onnx gave NaN or infinite embeddings on a test input.*preprocessor_config\.json/,
  ));

test('a tower exported with a fixed batch of 1 imports and embeds a batch of photos, one at a time', async (t) => {
  const dir = brokenCopy(t, (d) => {
    fixBatchSize(join(TINY_CLIP, 'onnx', 'vision_model.onnx'), join(d, 'onnx', 'vision_model.onnx'), 1);
    fixBatchSize(join(TINY_CLIP, 'onnx', 'text_model.onnx'), join(d, 'onnx', 'text_model.onnx'), 1);
  });
  const lib = tempDir(t);
  const r = await importModel(dir, { libraryDir: lib });
  assert.equal(r.manifest.dim, 64);
  const fixed = ClipModel.open(r.dir, { accelerator: 'cpu' });
  const any = ClipModel.open(TINY_CLIP, { accelerator: 'cpu' });
  t.after(async () => {
    await fixed.release();
    await any.release();
  });
  const { width, height } = fixed.folder.preprocess;
  const pixels = Float32Array.from({ length: 3 * 3 * width * height }, (_, i) => Math.sin(i / 7));
  const a = await fixed.embedImages(pixels, 3);
  const b = await any.embedImages(pixels, 3);
  assert.equal(a.length, 3);
  for (let i = 0; i < 3; i++) assert.ok(cosine(a[i]!, b[i]!) > 0.9999, `photo ${i}`);
  const texts = ['a red circle', 'a blue star', 'grass'];
  const ta = await fixed.embedTexts(texts);
  const tb = await any.embedTexts(texts);
  for (let i = 0; i < 3; i++) assert.ok(cosine(ta[i]!, tb[i]!) > 0.999, texts[i]);
});
