import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';

test('shoebox apply: preview, refusal without --yes, apply of chosen folders, history, undo', (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': 'Dogs', 'c.jpg': null });
  const lib = ['--library', fx.libDir];
  const dest = join(base, 'Sorted');
  const before = snapshot(fx.photosDir);

  const preview = shoeboxJson(['apply', '--to', dest, '--mode', 'move', '--unsorted', '--dry-run', ...lib]);
  assert.equal(preview.dryRun, true);
  assert.deepEqual(preview.ops.map((o: { dest: string }) => o.dest.slice(dest.length + 1)).sort(), ['Cats/a.jpg', 'Dogs/b.jpg', 'Unsorted/c.jpg']);
  assert.equal(preview.totals.files, 3);
  assert.equal(existsSync(dest), false, 'the preview wrote nothing');
  const text = shoebox(['apply', '--to', dest, '--dry-run', ...lib]);
  assert.match(text.stdout, /copy\s+.*a\.jpg → .*Cats\/a\.jpg/);

  const noYes = shoebox(['apply', '--to', dest, ...lib]);
  assert.equal(noYes.code, 2);
  assert.match(noYes.stderr, /--yes/);
  assert.equal(shoebox(['apply', '--to', dest, '--mode', 'teleport', '--dry-run', ...lib]).code, 2);
  assert.equal(shoebox(['apply', '--to', dest, '--folders', 'Birds', '--dry-run', ...lib]).code, 2);
  assert.equal(shoebox(['apply', '--dry-run', ...lib]).code, 2);
  assert.deepEqual(snapshot(fx.photosDir), before);

  const applied = shoeboxJson(['apply', '--to', dest, '--mode', 'move', '--folders', 'cats', '--yes', ...lib]);
  assert.equal(applied.state, 'done');
  assert.equal(applied.done, 1);
  assert.deepEqual([...snapshot(dest).keys()], ['Cats/a.jpg']);

  const history = shoeboxJson(['history', ...lib]).history;
  assert.equal(history[0].id, applied.batchId);
  assert.equal(history[0].state, 'done');
  const undone = shoeboxJson(['undo', String(applied.batchId), ...lib]);
  assert.equal(undone.kind, 'undo');
  assert.deepEqual(snapshot(fx.photosDir), before);
  const again = shoebox(['undo', ...lib]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /no apply to undo/);
  assert.match(shoebox(['history', ...lib]).stdout, /\[undone\]/);
});
