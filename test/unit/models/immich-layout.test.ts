/**
 * The Immich layout (visual/model.onnx + preprocess_cfg.json, textual/model.onnx
 * + tokenizer files, open_clip-style config.json) is read as well as the
 * Transformers.js one: the tiny test model laid out the Immich way gives the
 * same embeddings as the original.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClipModel } from '../../../src-main/core/models/clip-model.js';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { validateModelFolder } from '../../../src-main/core/models/install.js';
import { decodePhoto } from '../../../src-main/core/imaging/decode.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

/** Lays the tiny CLIP model out as Immich's exporter does for an OpenCLIP model. */
export function immichCopy(dir: string): string {
  const out = join(dir, 'ViT-tiny__shoebox');
  mkdirSync(join(out, 'visual'), { recursive: true });
  mkdirSync(join(out, 'textual'), { recursive: true });
  cpSync(join(TINY_CLIP, 'onnx', 'vision_model.onnx'), join(out, 'visual', 'model.onnx'));
  cpSync(join(TINY_CLIP, 'onnx', 'text_model.onnx'), join(out, 'textual', 'model.onnx'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt']) {
    cpSync(join(TINY_CLIP, f), join(out, 'textual', f));
  }
  const hf = JSON.parse(readFileSync(join(TINY_CLIP, 'preprocessor_config.json'), 'utf8'));
  writeFileSync(
    join(out, 'visual', 'preprocess_cfg.json'),
    JSON.stringify({ size: [64, 64], mode: 'RGB', mean: hf.image_mean, std: hf.image_std, interpolation: 'bicubic', resize_mode: 'shortest', fill_color: 0 }),
  );
  writeFileSync(
    join(out, 'config.json'),
    JSON.stringify({
      embed_dim: 64,
      vision_cfg: { image_size: 64, layers: 5, width: 96, patch_size: 16 },
      text_cfg: { context_length: 77, vocab_size: 49408, width: 64, heads: 4, layers: 2 },
    }),
  );
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s; // both are unit vectors
}

test('the Immich layout is recognised and validated', async () => {
  const dir = immichCopy(tempDir());
  const folder = readModelFolder(dir);
  assert.equal(folder.layout, 'immich');
  assert.equal(folder.contextLength, 77);
  assert.deepEqual(folder.preprocess, readModelFolder(TINY_CLIP).preprocess, 'same preprocessing read from either file');
  assert.equal(folder.scoring.kind, 'softmax');
  assert.equal((await validateModelFolder(dir)).dim, 64);
});

test('the Immich layout gives the same image and text embeddings as the Hugging Face layout', async () => {
  const tmp = tempDir();
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
