import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctFolderNames, numbered, safeFileName, safeName, MAX_NAME_BYTES } from '../../../src-main/core/organize/safe-names.js';

test('Windows reserved device names are never a folder or file name, with or without an extension', () => {
  for (const n of ['CON', 'prn', 'Aux', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt9', 'COM¹']) assert.equal(safeName(n), '_' + n);
  assert.equal(safeFileName('con.jpg'), '_con.jpg');
  assert.equal(safeFileName('nul .txt'), '_nul.txt');
  assert.equal(safeName('CONSOLE'), 'CONSOLE');
  assert.equal(safeName('COM10'), 'COM10');
});

test('forbidden characters and control characters become "_"; trailing dots and spaces go', () => {
  assert.equal(safeName('a<b>c:d"e/f\\g|h?i*j'), 'a_b_c_d_e_f_g_h_i_j');
  assert.equal(safeName('tab\there\u0001'), 'tab_here_');
  assert.equal(safeName('Trip. . '), 'Trip');
  assert.equal(safeName('  padded  '), 'padded');
  assert.equal(safeName('...'), 'Unnamed');
  assert.equal(safeName(''), 'Unnamed');
  assert.equal(safeName('..'), 'Unnamed');
});

test('long names are cut at a character boundary within the byte limit', () => {
  const long = '猫'.repeat(100); // 3 bytes each
  const s = safeName(long);
  assert.ok(Buffer.byteLength(s) <= MAX_NAME_BYTES);
  assert.equal(s, '猫'.repeat(40));
  const emoji = safeName('📷'.repeat(60)); // 4 bytes, surrogate pairs
  assert.equal(emoji, '📷'.repeat(30));
  const f = safeFileName('x'.repeat(300) + '.jpeg');
  assert.ok(f.endsWith('.jpeg') && Buffer.byteLength(f) <= MAX_NAME_BYTES);
});

test('names that collide once made safe, or differ only in case, get distinct folders', () => {
  assert.deepEqual(distinctFolderNames(['a:b', 'a?b', 'A_B', 'Dogs', 'dogs', 'Unsorted', 'unsorted']), [
    'a_b',
    'a?b'.replace('?', '_') + ' (2)',
    'A_B (3)',
    'Dogs',
    'dogs (2)',
    'Unsorted',
    'unsorted (2)',
  ]);
  // macOS stores names decomposed: "é" as e + combining accent is the same folder as "é"
  assert.deepEqual(distinctFolderNames(['e\u0301te\u0301', '\u00e9t\u00e9']), ['\u00e9t\u00e9', '\u00e9t\u00e9 (2)']);
});

test('numbered names keep the extension', () => {
  assert.equal(numbered('IMG_1.JPG', 1), 'IMG_1 (1).JPG');
  assert.equal(numbered('noext', 2), 'noext (2)');
});
