import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_MESSAGES, formatMessage, type MessageKey } from '../../src-main/core/messages/catalog.js';
import { recognizeMessage } from '../../src-main/core/messages/recognize.js';

test('every English message is found again from its text, with its parameters (so a stored reason can be said in Korean)', () => {
  for (const key of Object.keys(ERROR_MESSAGES) as MessageKey[]) {
    const en = ERROR_MESSAGES[key].en;
    if (en.replace(/\{\w+\}/g, '').length < 6) continue; // "{detail}" alone would claim any text
    const params = Object.fromEntries([...en.matchAll(/\{(\w+)\}/g)].map((m, i) => [m[1]!, `/photos/value_${i}.jpg`]));
    const text = formatMessage(key, params);
    const found = recognizeMessage(text);
    assert.ok(found, `${key}: not recognized`);
    // Another template may word the same text; it must then say it the same way.
    assert.equal(formatMessage(found.key, found.params), text, key);
    if (found.key === key) assert.deepEqual(found.params, params, key);
  }
});

test('reasons the indexer stored as text come back coded; other text does not', () => {
  assert.deepEqual(recognizeMessage('The file is empty.'), { key: 'imaging.empty_file', params: {} });
  assert.deepEqual(recognizeMessage('Could not read the file (EACCES: permission denied, open /a/b.jpg).'), {
    key: 'index.file_unreadable',
    params: { detail: 'EACCES: permission denied, open /a/b.jpg' },
  });
  assert.equal(recognizeMessage('something the catalog never said'), null);
});
