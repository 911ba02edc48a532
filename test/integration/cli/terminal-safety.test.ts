/**
 * What the CLI prints for people is safe to show in a terminal, and its exit
 * codes are honest: a file name cannot send escape sequences or start a line of
 * its own; a preview of an apply that cannot run exits 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { makeLibrary } from '../../helpers/library-fixture.js';
import { terminalSafe, terminalText } from '../../../src-main/cli/output.js';

const ESC = '\x1b';
/** C0 (but the line ends), DEL and C1: none may reach the terminal raw. */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

test('control characters in a line are shown as \\xNN; an array item is one line whatever it holds', () => {
  assert.equal(terminalSafe(`red${ESC}[31m\nx\x7f\x9b\t`), 'red\\x1b[31m\\x0ax\\x7f\\x9b\\x09');
  assert.equal(terminalText(['a\nb', 'c']), 'a\\x0ab\nc\n');
  assert.equal(terminalText('one\ntwo\n'), 'one\ntwo\n');
  assert.equal(terminalText('café ✓ 한국어'), 'café ✓ 한국어\n', 'printable text is left alone');
});

test('a photo named with an escape sequence and a newline: status and search print it escaped, on one line', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const photos = await generatePhotos({ outDir: pics, count: 4, seed: 11 });
  const evil = join(pics, `red${ESC}[31m\nInjected line.jpg`);
  renameSync(photos[0]!.file, evil);
  const broken = join(pics, `broken${ESC}]0;title\x07\r.jpg`);
  writeFileSync(broken, 'not an image');
  const lib = ['--library', join(dir, 'lib')];

  const index = shoebox(['index', pics, '--model', TINY_CLIP, ...lib]);
  assert.equal(index.code, 0, index.stderr);

  // JSON keeps the names exactly (it escapes them itself).
  const status = shoeboxJson(['status', ...lib]);
  assert.deepEqual(status.errors.map((e: { path: string }) => e.path), [broken]);

  const human = shoebox(['status', ...lib]);
  assert.equal(human.code, 0, human.stderr);
  assert.doesNotMatch(human.stdout, RAW_CONTROL);
  assert.ok(human.stdout.includes('broken\\x1b]0;title\\x07\\x0d.jpg'), human.stdout);
  assert.equal(human.stdout.split('\n').filter((l) => l.includes('broken')).length, 1);

  const search = shoebox(['search', 'a photo', '--limit', '10', '--all', ...lib]);
  assert.equal(search.code, 0, search.stderr);
  assert.doesNotMatch(search.stdout, RAW_CONTROL);
  // One line per photo, after the summary line (and the "Weaker results:" line where the matches end).
  const lines = search.stdout.trimEnd().split('\n').filter((l) => /^\s*\d+\. /.test(l));
  assert.equal(lines.length, 4, `one line per photo:\n${search.stdout}`);
  assert.ok(lines.some((l) => l.endsWith('red\\x1b[31m\\x0aInjected line.jpg')), search.stdout);
  assert.ok(!lines.some((l) => l.startsWith('Injected')), 'the name starts no line of its own');

  // Messages on stderr too: an error that names the photo.
  const missing = shoebox(['similar', join(pics, `gone${ESC}[2J.jpg`), ...lib]);
  assert.equal(missing.code, 1);
  assert.doesNotMatch(missing.stderr, RAW_CONTROL);
});

test('apply --dry-run of a plan that cannot run prints the plan and its problems, and exits 1', (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': null });
  const lib = ['--library', fx.libDir];
  // A destination inside the library folder is refused by the plan.
  const inside = join(fx.libDir, 'Sorted');

  const text = shoebox(['apply', '--to', inside, '--dry-run', ...lib]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /copy to .*Sorted: 1 file\(s\)/, 'the plan is still printed');
  assert.match(text.stdout, /Cannot apply:\n\s+✗ .*overlaps Shoebox's own library folder/);

  const json = shoebox(['apply', '--to', inside, '--dry-run', '--json', ...lib]);
  assert.equal(json.code, 1);
  const plan = JSON.parse(json.stdout);
  assert.equal(plan.dryRun, true);
  assert.equal(plan.problems.length, 1);
  assert.match(json.stderr, /overlaps/);

  // A plan that can run: 0, as before.
  const ok = shoebox(['apply', '--to', join(base, 'Sorted'), '--dry-run', ...lib]);
  assert.equal(ok.code, 0, ok.stderr);
});
