import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderTexts, readsKorean } from '../../../src-main/core/sorting/prompt-ensemble.js';
import { CLIP_TEMPLATES, KOREAN_TEMPLATES } from '../../../src-main/core/sorting/prompt-templates.js';
import { TINY_CLIP, TINY_SIGLIP } from '../../helpers/paths.js';

const tokenizer = (dir: string): { tokenizerJson: object } => ({ tokenizerJson: JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object });

test('a name-only folder is its name in the 80 templates of the CLIP paper', () => {
  assert.equal(CLIP_TEMPLATES.length, 80);
  assert.equal(new Set(CLIP_TEMPLATES).size, 80);
  const texts = folderTexts({ name: 'Dogs', prompts: ['Dogs'] }, tokenizer(TINY_CLIP));
  assert.equal(texts.kind, 'ensemble');
  assert.ok(texts.kind === 'ensemble' && texts.groups.length === 1 && texts.groups[0]!.includes('a blurry photo of a Dogs.'));
});

test('descriptions a person wrote are used as written', () => {
  assert.deepEqual(folderTexts({ name: 'Dogs', prompts: ['a photo of a dog', 'a puppy'] }, tokenizer(TINY_CLIP)), { kind: 'written', texts: ['a photo of a dog', 'a puppy'] });
});

test('a Korean name gets Korean templates too, with a model that reads Korean (not with an English-only one)', () => {
  assert.equal(readsKorean(tokenizer(TINY_SIGLIP)), true);
  assert.equal(readsKorean(tokenizer(TINY_CLIP)), false);
  const ko = folderTexts({ name: '강아지', prompts: ['강아지'] }, tokenizer(TINY_SIGLIP));
  assert.ok(ko.kind === 'ensemble' && ko.groups.length === 2 && ko.groups[1]!.length === KOREAN_TEMPLATES.length && ko.groups[1]!.includes('강아지 사진'));
  const en = folderTexts({ name: '강아지', prompts: ['강아지'] }, tokenizer(TINY_CLIP));
  assert.ok(en.kind === 'ensemble' && en.groups.length === 1);
});
