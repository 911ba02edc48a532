/**
 * A SIGKILL at any point of a resolve (and of the recovery after it) loses
 * nothing: after recovery every photo is back where it was, byte-identical,
 * nothing is left in the destination, and the journal is clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { runKillChild } from '../../helpers/kill-run.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';
import { openLibrary } from '../../../src-main/core/context.js';
import { recoverInterruptedBatches } from '../../../src-main/core/organize/index.js';

const A = Buffer.alloc(3000, 'a');
const B = Buffer.alloc(5000, 'b');
const LAYOUT = { 'a.jpg': null, 'backup/a.jpg': null, 'old/a copy.jpg': null, 'b.jpg': null, 'backup/b.jpg': null, 'c.jpg': null };
const CONTENT = { 'a.jpg': A, 'backup/a.jpg': A, 'old/a copy.jpg': A, 'b.jpg': B, 'backup/b.jpg': B };

const child = (args: string[]) => runKillChild(args);

test('resolve killed at every step: recovery puts every photo back as it was', async (t) => {
  const base = tempDir(t);
  // A whole run first: how many steps there are, and that it moves the 3 extra copies.
  const probe = join(base, 'probe');
  mkdirSync(probe);
  const pfx = makeLibrary(probe, LAYOUT, { content: CONTENT });
  const whole = child([pfx.libDir, 'resolve', '-', join(probe, 'Removed'), '0']);
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(snapshot(join(probe, 'Removed')).size, 3);
  assert.ok(whole.steps > 5);

  for (let k = 1; k <= whole.steps; k++) {
    const dir = join(base, `run${k}`);
    mkdirSync(dir);
    const fx = makeLibrary(dir, LAYOUT, { content: CONTENT });
    const before = snapshot(fx.photosDir);
    const dest = join(dir, 'Removed');
    const r = child([fx.libDir, 'resolve', '-', dest, String(k)]);
    assert.equal(r.signal, 'SIGKILL', `killed at step ${k}`);
    const ctx = openLibrary(fx.libDir);
    try {
      await recoverInterruptedBatches(ctx);
      assert.equal(ctx.db.prepare("SELECT count(*) AS n FROM apply_batches WHERE state = 'running'").pluck().get(), 0);
      const state = ctx.db.prepare('SELECT state FROM apply_batches').pluck().get();
      const paths = ctx.db.prepare('SELECT path FROM photos ORDER BY path').pluck().all() as string[];
      if (state === 'done') {
        // Killed after the batch was recorded as done: the resolve stands, whole (undo reverts it).
        assert.equal(snapshot(dest).size, 3, `step ${k}`);
        assert.deepEqual([...snapshot(fx.photosDir).keys()].sort(), ['a.jpg', 'b.jpg', 'c.jpg']);
      } else {
        assert.equal(state, 'rolled_back', `step ${k}`);
        assert.deepEqual(snapshot(fx.photosDir), before, `step ${k}: every photo back, byte-identical, no leftovers`);
        assert.equal(snapshot(dest).size, 0, `step ${k}: nothing left in the destination`);
        assert.deepEqual(paths, [...before.keys()].map((p) => join(fx.photosDir, p)).sort(), `step ${k}: the library follows the files`);
      }
    } finally {
      ctx.db.close();
    }
  }
});
