/**
 * Resolve to the Windows Recycle Bin, on a pretend Windows whose drive is a
 * temp folder (real Windows is not here): each copy becomes
 * `$Recycle.Bin\<SID>\$R……<ext>` beside its `$I` record (original path, size,
 * date), written before the move; undo brings every file back byte-identical
 * and drops only our records; a SIGKILL at every step loses nothing. The
 * moves, the journal, undo and recovery are the same code as on Linux.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { runKillChild } from '../../helpers/kill-run.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';
import { pretendWindows } from '../../helpers/pretend-windows.js';
import { sha256File } from '../../helpers/hash.js';
import { openLibrary } from '../../../src-main/core/context.js';
import { findLibraryGroups } from '../../../src-main/core/duplicates/library.js';
import { resolveGroups } from '../../../src-main/core/duplicates/resolve.js';
import { recoverInterruptedBatches, undoBatch } from '../../../src-main/core/organize/index.js';
import { decodeRecord, encodeRecord } from '../../../src-main/core/organize/recycle-bin.js';
import { setTrashHost } from '../../../src-main/core/organize/trash.js';

const A = Buffer.alloc(3000, 'a');
const B = Buffer.alloc(5000, 'b');
const LAYOUT = { 'a.jpg': null, 'backup/a.jpg': null, 'old/a copy.jpg': null, 'b.jpg': null, 'backup/b.jpg': null, 'c.jpg': null };
const CONTENT = { 'a.jpg': A, 'backup/a.jpg': A, 'old/a copy.jpg': A, 'b.jpg': B, 'backup/b.jpg': B };

function ls(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

test('resolve to the Recycle Bin (pretend Windows): $R file + $I record each; undo restores every byte and drops our records only', async (t) => {
  const dir = tempDir(t);
  const fx = makeLibrary(dir, LAYOUT, { content: CONTENT });
  const bin = pretendWindows(join(dir, 'drive'));
  t.after(() => setTrashHost(null));
  // Something another program recycled before: left alone.
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, '$ROTHER1.jpg'), 'other');
  writeFileSync(join(bin, '$IOTHER1.jpg'), encodeRecord('C:\\elsewhere\\a.jpg', 5, 0));
  const before = snapshot(fx.photosDir);
  const ctx = openLibrary(fx.libDir);
  try {
    const t0 = Date.now();
    const report = await resolveGroups(ctx, findLibraryGroups(ctx, undefined).map((group) => ({ group })), undefined);
    assert.equal(report.done, 3);
    assert.deepEqual([...snapshot(fx.photosDir).keys()].sort(), ['a.jpg', 'b.jpg', 'c.jpg'], 'one of each kept');
    const ours = ls(bin).filter((n) => !n.includes('OTHER'));
    const files = ours.filter((n) => n.startsWith('$R'));
    assert.equal(files.length, 3, ls(bin).join(' '));
    for (const f of files) {
      assert.match(f, /^\$R[A-Z0-9]{6}\.jpg$/);
      const rec = decodeRecord(readFileSync(join(bin, `$I${f.slice(2)}`)))!;
      assert.equal(rec.version, 2);
      assert.ok(before.has(rec.path.slice(fx.photosDir.length + 1)), `the original path: ${rec.path}`);
      assert.equal(rec.size, statSync(join(bin, f)).size, 'the size');
      assert.ok(rec.deletedMs >= t0 - 1000 && rec.deletedMs <= Date.now() + 1000, 'the time it went');
      assert.equal(sha256File(join(bin, f)), before.get(rec.path.slice(fx.photosDir.length + 1)), 'the same bytes');
    }
    assert.equal(ours.length, 6, 'a $I for each $R');
    assert.equal(readFileSync(join(bin, '$ROTHER1.jpg'), 'utf8'), 'other');

    await undoBatch(ctx, undefined);
    assert.deepEqual(snapshot(fx.photosDir), before, 'undo puts back every file, byte-identical');
    assert.deepEqual(ls(bin), ['$IOTHER1.jpg', '$ROTHER1.jpg'], 'our records gone, the other program\'s kept');
  } finally {
    ctx.db.close();
  }
});

test('resolve to the Recycle Bin killed at every step (pretend Windows): recovery puts every photo back and leaves the bin as it was', async (t) => {
  const base = tempDir(t);
  t.after(() => setTrashHost(null));
  const child = (libDir: string, drive: string, k: number) => runKillChild([libDir, 'resolve', '-', `windows:${drive}`, String(k)]);
  const probe = join(base, 'probe');
  mkdirSync(probe);
  const pfx = makeLibrary(probe, LAYOUT, { content: CONTENT });
  const whole = child(pfx.libDir, join(probe, 'drive'), 0);
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(ls(pretendWindows(join(probe, 'drive'))).length, 6);
  assert.ok(whole.steps > 5);

  for (let k = 1; k <= whole.steps; k++) {
    const dir = join(base, `run${k}`);
    mkdirSync(dir);
    const fx = makeLibrary(dir, LAYOUT, { content: CONTENT });
    const before = snapshot(fx.photosDir);
    const r = child(fx.libDir, join(dir, 'drive'), k);
    assert.equal(r.signal, 'SIGKILL', `killed at step ${k}`);
    const bin = pretendWindows(join(dir, 'drive')); // recovery runs here, in this process
    const ctx = openLibrary(fx.libDir);
    try {
      await recoverInterruptedBatches(ctx);
      const state = ctx.db.prepare('SELECT state FROM apply_batches').pluck().get();
      if (state === 'done') {
        assert.equal(ls(bin).length, 6, `step ${k}`);
      } else {
        assert.equal(state, 'rolled_back', `step ${k}`);
        assert.deepEqual(snapshot(fx.photosDir), before, `step ${k}: every photo back, byte-identical, no leftovers`);
        assert.deepEqual(ls(bin), [], `step ${k}: nothing left in the Recycle Bin`);
      }
    } finally {
      ctx.db.close();
    }
  }
});
