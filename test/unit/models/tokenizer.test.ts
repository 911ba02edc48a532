import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { TextTokenizer, isClipBpe } from '../../../src-main/core/models/tokenizer.js';
import { TINY_CLIP, TINY_SIGLIP } from '../../helpers/paths.js';

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

test('CLIP tokenizer cleans text as OpenAI clip.tokenize does: HTML entities, mojibake, quotes, whitespace', () => {
  const ids = (t: string): number[] => tokenizer.encode(t);
  // The real CLIP BPE's ids for "café" and "a & b"; the cleaned forms must give exactly these.
  assert.deepEqual(ids('café'), [49406, 15304, 49407]);
  assert.deepEqual(ids('a & b'), [49406, 320, 261, 321, 49407]);
  const same: [string, string][] = [
    ['caf&eacute;', 'café'],
    ['a &amp; b', 'a & b'],
    ['&lt;3', '<3'],
    ['&amp;amp;', '&'], // double-escaped: html.unescape twice
    ['a &amp;amp;amp; b', 'a & b'], // ftfy unescapes until stable first
    ['P&EACUTE;REZ', 'pérez'], // ftfy's all-caps entities
    ['  a   cat  ', 'a cat'],
    ['a\tcat\n', 'a cat'],
    ['cafÃ© crÃ¨me', 'café crème'], // UTF-8 read as Windows-1252
    ['donâ€™t', "don't"], // …and its curly quote uncurled, as ftfy does
    ['“a cat”', '"a cat"'],
    ['ﬁne', 'fine'],
    ['ＣＡＴ', 'cat'],
    ['a \x1b[31mred\x1b[0m cat', 'a red cat'],
  ];
  for (const [raw, clean] of same) assert.deepEqual(ids(raw), ids(clean), `${JSON.stringify(raw)} tokenizes as ${JSON.stringify(clean)}`);
  // ftfy leaves entities alone in text with a "<", but html.unescape (twice) still decodes them.
  assert.deepEqual(ids('<b> &amp;amp;'), ids('<b> &'));
  // Informal text is not an entity without its ";" for ftfy, but html.unescape reads "&not" as "¬", as OpenAI's does.
  assert.deepEqual(ids('this&not that'), ids('this¬ that'));
});

test('SigLIP / Gemma tokenizers get the text as it is: no CLIP clean-up', () => {
  const siglip = readModelFolder(TINY_SIGLIP);
  assert.equal(isClipBpe(siglip), false);
  const tok = new TextTokenizer(siglip);
  assert.notDeepEqual(tok.encode('a &amp; b'), tok.encode('a & b'));
});

test('a CLIP BPE tokenizer is known by its class, or by its start token where there is no tokenizer_config.json (Immich)', () => {
  const clip = readModelFolder(TINY_CLIP);
  assert.equal(isClipBpe(clip), true);
  assert.equal(isClipBpe({ tokenizerJson: clip.tokenizerJson, tokenizerConfig: {} }), true);
});
