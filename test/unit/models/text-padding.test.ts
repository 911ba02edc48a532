import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { TextTokenizer } from '../../../src-main/core/models/tokenizer.js';
import { TINY_CLIP } from '../../helpers/paths.js';

// CLIP pools at the end-of-text token under a causal mask, so the tokens after
// it (padding) cannot change the result: the text encoder can run on the real
// token count instead of 77, which is what TextTokenizer.batch does.
test('CLIP text embeddings are the same padded to 77 tokens and unpadded', async () => {
  const folder = readModelFolder(TINY_CLIP);
  const tokenizer = new TextTokenizer(folder);
  const session = await ort.InferenceSession.create(join(TINY_CLIP, 'onnx', 'text_model.onnx'));
  const run = async (texts: string[], length?: number): Promise<Float32Array> => {
    const b = tokenizer.batch(texts, length);
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) feeds[name] = new ort.Tensor('int64', /mask/i.test(name) ? b.mask : b.ids, [b.count, b.length]);
    const out = await session.run(feeds);
    return out['text_embeds']!.data as Float32Array;
  };
  try {
    const texts = ['a cat', 'a photo of a red circle', 'a blurry photo of a yellow star on a table'];
    const padded = await run(texts, 77);
    const dim = padded.length / texts.length;
    for (const [i, text] of texts.entries()) {
      const alone = await run([text]);
      assert.equal(tokenizer.batch([text]).length < 77, true);
      const row = padded.subarray(i * dim, (i + 1) * dim);
      for (let j = 0; j < dim; j++) assert.ok(Math.abs(alone[j]! - row[j]!) < 1e-4, `${text}: dim ${j}: ${alone[j]} vs ${row[j]}`);
    }
    // And the batch padded only to its longest text gives the same as each text alone.
    const batch = await run(texts);
    for (let j = 0; j < padded.length; j++) assert.ok(Math.abs(batch[j]! - padded[j]!) < 1e-4);
  } finally {
    await session.release();
  }
});
