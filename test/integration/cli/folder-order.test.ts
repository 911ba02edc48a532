/**
 * The folders' order from the command line: `shoebox folder move <name> --to <position>`
 * puts a folder in place (the window's keys 1–9 follow it), a new folder goes last, and
 * a position that is not one is refused with a usage error (exit 2), changing nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';

test('folder move puts a folder in place; a new one goes last; a bad position is refused', (t) => {
  const lib = ['--library', join(tempDir(t), 'library')];
  for (const name of ['Receipts', 'Cats', 'Beach']) shoeboxJson(['folder', 'add', name, '--prompt', `a photo of ${name}`, ...lib]);
  const names = (): string[] => shoeboxJson(['folder', 'list', ...lib]).folders.map((f: { name: string }) => f.name);
  assert.deepEqual(names(), ['Receipts', 'Cats', 'Beach'], 'in the order they were made');
  assert.deepEqual(shoeboxJson(['folder', 'move', 'Beach', '--to', '1', ...lib]).folders.map((f: { name: string }) => f.name), ['Beach', 'Receipts', 'Cats']);
  assert.deepEqual((shoeboxJson(['folder', 'move', 'beach', '--to', '99', ...lib]).folders as { name: string }[]).map((f) => f.name), ['Receipts', 'Cats', 'Beach'], 'past the end: last');
  shoeboxJson(['folder', 'add', 'Aardvarks', '--prompt', 'an aardvark', ...lib]);
  assert.deepEqual(names(), ['Receipts', 'Cats', 'Beach', 'Aardvarks']);
  // The text output shows each folder's key.
  const text = shoebox(['folder', 'list', ...lib]);
  assert.match(text.stdout, /^\[1\] Receipts /m);
  assert.match(text.stdout, /^\[4\] Aardvarks /m);
  for (const bad of [['--to', '0'], ['--to', 'first'], []]) {
    const r = shoebox(['folder', 'move', 'Cats', ...bad, ...lib]);
    assert.equal(r.code, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /--to: 1 for the first place, up to 4 for the last/);
  }
  assert.equal(shoebox(['folder', 'move', 'Dogs', '--to', '1', ...lib]).code, 1, 'an unknown folder is not found');
  assert.deepEqual(names(), ['Receipts', 'Cats', 'Beach', 'Aardvarks'], 'nothing changed');
});
