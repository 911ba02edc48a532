/**
 * Resolve to the trash (the freedesktop.org Trash spec on Linux): the copies go
 * to files/ with a .trashinfo a file manager can restore from; `shoebox undo`
 * brings them back byte-identical and drops the .trashinfo; a SIGKILL at any
 * step loses nothing. XDG_DATA_HOME points at a temp folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { runKillChild } from '../../helpers/kill-run.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { openLibrary } from '../../../src-main/core/context.js';
import { recoverInterruptedBatches } from '../../../src-main/core/organize/index.js';
import { onCleanup } from '../../helpers/cleanup.js';

const A = Buffer.alloc(3000, 'a');
const B = Buffer.alloc(5000, 'b');
const LAYOUT = { 'a.jpg': null, 'backup/a.jpg': null, 'old/a copy.jpg': null, 'b.jpg': null, 'backup/b.jpg': null, 'c.jpg': null };
const CONTENT = { 'a.jpg': A, 'backup/a.jpg': A, 'old/a copy.jpg': A, 'b.jpg': B, 'backup/b.jpg': B };
const linux = process.platform === 'linux';

function ls(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

test('resolve to the trash: files/ + info/*.trashinfo per the freedesktop spec; undo restores every byte and drops the info', { skip: !linux && 'the freedesktop trash is tested on Linux' }, (t) => {
  const dir = tempDir(t);
  const fx = makeLibrary(dir, LAYOUT, { content: CONTENT });
  const env = { XDG_DATA_HOME: join(dir, 'xdg') };
  const trash = join(dir, 'xdg', 'Trash');
  const lib = ['--library', fx.libDir];
  // Another file of that name is already in the trash: ours gets the next name, the other is left alone.
  mkdirSync(join(trash, 'files'), { recursive: true });
  mkdirSync(join(trash, 'info'), { recursive: true });
  const otherInfo = '[Trash Info]\nPath=/elsewhere/a.jpg\nDeletionDate=2020-01-01T00:00:00\n';
  for (const [p, c] of [['files/a.jpg', 'other'], ['info/a.jpg.trashinfo', otherInfo]]) writeFileSync(join(trash, p!), c!);
  const before = snapshot(fx.photosDir);

  assert.equal(shoebox(['duplicates', 'resolve', '--all', ...lib], env).code, 2, 'neither --dry-run nor --yes');
  const dry = shoeboxJson(['duplicates', 'resolve', '--all', '--dry-run', ...lib], env);
  assert.equal(dry.moves.length, 3);
  assert.ok(dry.moves.every((m: any) => m.to.startsWith(join(trash, 'files'))), JSON.stringify(dry.moves));
  assert.deepEqual(snapshot(fx.photosDir), before, 'a dry run moves nothing');

  const report = shoeboxJson(['duplicates', 'resolve', '--all', '--yes', ...lib], env);
  assert.equal(report.done, 3);
  assert.deepEqual([...snapshot(fx.photosDir).keys()].sort(), ['a.jpg', 'b.jpg', 'c.jpg'], 'one of each kept');
  assert.deepEqual(ls(join(trash, 'files')), ['a copy.jpg', 'a.2.jpg', 'a.jpg', 'b.jpg']);
  assert.deepEqual(ls(join(trash, 'info')), ['a copy.jpg.trashinfo', 'a.2.jpg.trashinfo', 'a.jpg.trashinfo', 'b.jpg.trashinfo']);
  assert.equal(readFileSync(join(trash, 'files', 'a.jpg'), 'utf8'), 'other', 'the file already in the trash is untouched');
  const info = readFileSync(join(trash, 'info', 'a copy.jpg.trashinfo'), 'utf8');
  assert.match(info, /^\[Trash Info\]\nPath=.*\/old\/a%20copy\.jpg\nDeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\n$/);
  assert.ok(info.includes(`Path=${fx.photosDir.split('/').map(encodeURIComponent).join('/')}/old/a%20copy.jpg`), 'the absolute original path, URL-escaped');
  assert.deepEqual(shoeboxJson(['duplicates', ...lib], env).groups, [], 'resolved');

  shoeboxJson(['undo', ...lib], env);
  assert.deepEqual(snapshot(fx.photosDir), before, 'undo puts back every file, byte-identical');
  assert.deepEqual(ls(join(trash, 'files')), ['a.jpg']);
  assert.deepEqual(ls(join(trash, 'info')), ['a.jpg.trashinfo'], 'our .trashinfo files are gone, the other one stays');
  assert.equal(readFileSync(join(trash, 'info', 'a.jpg.trashinfo'), 'utf8'), otherInfo);
  assert.equal(shoeboxJson(['duplicates', ...lib], env).groups.length, 2);
});

test('resolve to the trash killed at every step: recovery puts every photo back and leaves the trash as it was', { skip: !linux && 'the freedesktop trash is tested on Linux' }, async (t) => {
  const base = tempDir(t);
  const child = (libDir: string, xdg: string, k: number) => runKillChild([libDir, 'resolve', '-', 'trash', String(k)], { XDG_DATA_HOME: xdg });
  const probe = join(base, 'probe');
  mkdirSync(probe);
  const pfx = makeLibrary(probe, LAYOUT, { content: CONTENT });
  const whole = child(pfx.libDir, join(probe, 'xdg'), 0);
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(ls(join(probe, 'xdg', 'Trash', 'files')).length, 3);
  assert.ok(whole.steps > 5);

  for (let k = 1; k <= whole.steps; k++) {
    const dir = join(base, `run${k}`);
    mkdirSync(dir);
    const fx = makeLibrary(dir, LAYOUT, { content: CONTENT });
    const before = snapshot(fx.photosDir);
    const xdg = join(dir, 'xdg');
    const r = child(fx.libDir, xdg, k);
    assert.equal(r.signal, 'SIGKILL', `killed at step ${k}`);
    process.env.XDG_DATA_HOME = xdg; // recovery runs here, in this process
    const ctx = openLibrary(fx.libDir);
    try {
      await recoverInterruptedBatches(ctx);
      const state = ctx.db.prepare('SELECT state FROM apply_batches').pluck().get();
      if (state === 'done') {
        assert.equal(ls(join(xdg, 'Trash', 'files')).length, 3, `step ${k}`);
        assert.equal(ls(join(xdg, 'Trash', 'info')).length, 3, `step ${k}`);
      } else {
        assert.equal(state, 'rolled_back', `step ${k}`);
        assert.deepEqual(snapshot(fx.photosDir), before, `step ${k}: every photo back, byte-identical, no leftovers`);
        assert.deepEqual([ls(join(xdg, 'Trash', 'files')), ls(join(xdg, 'Trash', 'info'))], [[], []], `step ${k}: nothing left in the trash`);
      }
    } finally {
      ctx.db.close();
      delete process.env.XDG_DATA_HOME;
    }
  }
});

test('a photo on another drive goes to that drive\'s own trash ($topdir/.Trash-$uid), a move and not a copy', async (t) => {
  if (!linux || process.getuid?.() !== 0) {
    t.skip('needs root on Linux, to mount a tmpfs as the other drive');
    return;
  }
  const dir = tempDir(t);
  const mnt = join(dir, 'drive');
  mkdirSync(mnt);
  if (spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', mnt]).status !== 0) {
    t.skip('mount -t tmpfs failed here');
    return;
  }
  onCleanup(t, () => spawnSync('umount', [mnt]));
  const fx = makeLibrary(mnt, LAYOUT, { content: CONTENT });
  const env = { XDG_DATA_HOME: join(dir, 'xdg') };
  const before = snapshot(fx.photosDir);
  shoeboxJson(['duplicates', 'resolve', '--all', '--yes', '--library', fx.libDir], env);
  const own = join(mnt, `.Trash-${process.getuid!()}`);
  assert.equal(ls(join(own, 'files')).length, 3);
  assert.match(readFileSync(join(own, 'info', 'b.jpg.trashinfo'), 'utf8'), /\nPath=photos\/backup\/b\.jpg\n/, 'Path relative to the drive\'s top');
  assert.deepEqual(ls(join(dir, 'xdg', 'Trash', 'files')), [], 'nothing copied to the home trash');
  shoeboxJson(['undo', '--library', fx.libDir], env);
  assert.deepEqual(snapshot(fx.photosDir), before);
  assert.deepEqual([ls(join(own, 'files')), ls(join(own, 'info'))], [[], []]);
});
