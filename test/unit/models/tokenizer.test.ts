import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { TextTokenizer } from '../../../src-main/core/models/tokenizer.js';
import { TINY_CLIP } from '../../helpers/paths.js';

const tokenizer = new TextTokenizer(readModelFolder(TINY_CLIP));

test('CLIP tokenizer gives OpenAI CLIP ids with start and end tokens', () => {
  assert.deepEqual(tokenizer.encode('a photo of a cat'), [49406, 320, 1125, 539, 320, 2368, 49407]);
  // Lower-casing and whitespace clean-up, as CLIP's own tokenizer does.
  assert.deepEqual(tokenizer.encode('A   Photo of a CAT'), [49406, 320, 1125, 539, 320, 2368, 49407]);
});

test('long texts are cut at the context length with the end token kept last', () => {
  const ids = tokenizer.encode('dog '.repeat(200));
  assert.equal(ids.length, 77);
  assert.equal(ids[0], 49406);
  assert.equal(ids[76], 49407);
});

test('a batch is padded to its longest text with the pad token and masked', () => {
  const b = tokenizer.batch(['a cat', 'a photo of a cat']);
  assert.equal(b.length, 7);
  assert.deepEqual([...b.ids.slice(0, 7)].map(Number), [49406, 320, 2368, 49407, 49407, 49407, 49407]);
  assert.deepEqual([...b.mask.slice(0, 7)].map(Number), [1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual([...b.mask.slice(7)].map(Number), [1, 1, 1, 1, 1, 1, 1]);
});
