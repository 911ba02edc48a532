/**
 * The Immich layout (visual/model.onnx + preprocess_cfg.json, textual/model.onnx
 * + tokenizer files, open_clip-style config.json) is read as well as the
 * Transformers.js one: the tiny test model laid out the Immich way gives the
 * same embeddings as the original.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClipModel } from '../../../src-main/core/models/clip-model.js';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { validateModelFolder } from '../../../src-main/core/models/install.js';
import { decodePhoto } from '../../../src-main/core/imaging/decode.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { immichCopy } from '../../helpers/model-layouts.js';
import { cosine } from '../../helpers/vectors.js';

test('the Immich layout is recognised and validated', async (t) => {
  const dir = immichCopy(tempDir(t));
  const folder = readModelFolder(dir);
  assert.equal(folder.layout, 'immich');
  assert.equal(folder.contextLength, 77);
  assert.deepEqual(folder.preprocess, readModelFolder(TINY_CLIP).preprocess, 'same preprocessing read from either file');
  assert.equal(folder.scoring.kind, 'softmax');
  assert.equal((await validateModelFolder(dir)).dim, 64);
});

test('the Immich layout gives the same image and text embeddings as the Hugging Face layout', async (t) => {
  const tmp = tempDir(t);
  const immich = ClipModel.open(immichCopy(tmp), { accelerator: 'cpu' });
  const hf = ClipModel.open(TINY_CLIP, { accelerator: 'cpu' });
  try {
    const photos = await generatePhotos({ outDir: join(tmp, 'photos'), count: 6, seed: 77 });
    const spec = immich.folder.preprocess;
    const per = 3 * spec.width * spec.height;
    const pixels = new Float32Array(per * photos.length);
    for (const [i, p] of photos.entries()) pixels.set((await decodePhoto(readFileSync(p.file), spec)).pixels, i * per);
    const a = await immich.embedImages(pixels, photos.length);
    const b = await hf.embedImages(pixels, photos.length);
    for (let i = 0; i < photos.length; i++) assert.ok(cosine(a[i]!, b[i]!) > 0.9999, `photo ${i}`);

    const texts = ['a photo of a red circle', 'a blue star', 'yellow'];
    const ta = await immich.embedTexts(texts);
    const tb = await hf.embedTexts(texts);
    // Immich pads every text to the full 77 tokens, the HF path to the longest text: the mask makes it the same.
    for (let i = 0; i < texts.length; i++) assert.ok(cosine(ta[i]!, tb[i]!) > 0.9999, `${texts[i]}: ${cosine(ta[i]!, tb[i]!)}`);
  } finally {
    await immich.release();
    await hf.release();
  }
});

test('the Immich layout: bad preprocessing and a damaged tower are named by field and by file', async (t) => {
  const edit = (change: (cfg: Record<string, unknown>) => void): string => {
    const dir = immichCopy(tempDir(t));
    const f = join(dir, 'visual', 'preprocess_cfg.json');
    const cfg = JSON.parse(readFileSync(f, 'utf8'));
    change(cfg);
    writeFileSync(f, JSON.stringify(cfg));
    return dir;
  };
  const refused = (dir: string, pattern: RegExp) =>
    assert.rejects(validateModelFolder(dir), (err: Error) => {
      assert.match(err.message, pattern);
      return true;
    });
  await refused(edit((c) => (c.std = [0, 0, 0])), /visual\/preprocess_cfg\.json: "std" must be greater than 0/);
  await refused(edit((c) => (c.size = [0, 64])), /visual\/preprocess_cfg\.json: "size\[0\]" must be a whole number of pixels/);
  await refused(edit((c) => (c.interpolation = 'sinc')), /visual\/preprocess_cfg\.json: "interpolation" must be one of bicubic, bilinear, nearest, not "sinc"/);
  const damaged = immichCopy(tempDir(t));
  writeFileSync(join(damaged, 'visual', 'model.onnx'), 'not onnx');
  await refused(damaged, /tower visual\/model\.onnx is not a loadable ONNX model/);
});
