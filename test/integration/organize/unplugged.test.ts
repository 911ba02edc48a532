/**
 * A move to another drive is killed part-way, and that drive is not plugged
 * in at the next start: the photos moved so far are only on it. Recovery must
 * not claim a rollback it could not do: the batch stays pending (every start
 * says so, in the CLI's log, `history` and the window's notice), `undo` says
 * why there is nothing to undo yet, and the first start with the drive back
 * finishes the rollback, byte for byte.
 *
 * As root the drive is a real tmpfs, plugged and unplugged with a bind mount;
 * otherwise (no mount allowed) a folder on another file system that is renamed
 * away and back, which looks the same to Shoebox.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { KILL_CHILD, OTHER_FS, tempDir } from '../../helpers/paths.js';
import { onCleanup, type Owner } from '../../helpers/cleanup.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { makeLibrary, open, snapshot } from '../../helpers/library-fixture.js';
import { openLibrary } from '../../../src-main/core/context.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';

const IS_ROOT = process.getuid?.() === 0;

const LAYOUT: Record<string, string | null> = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`${i < 6 ? '' : 'sub/'}p${i}.jpg`, ['Cats', 'Dogs', 'Beach'][i % 3]!]),
);

/** A second drive: `dir` is where it shows while plugged in. */
interface Drive {
  dir: string;
  unplug(): void;
  plug(): void;
}

function tmpfsDrive(t: Owner): Drive {
  const store = tempDir(t, 'shoebox-drive-');
  const dir = tempDir(t, 'shoebox-mnt-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', store]);
  onCleanup(t, () => execFileSync('umount', [store]));
  let plugged = false;
  const drive = {
    dir,
    plug: () => {
      execFileSync('mount', ['--bind', store, dir]);
      plugged = true;
    },
    unplug: () => {
      execFileSync('umount', [dir]);
      plugged = false;
    },
  };
  onCleanup(t, () => plugged && drive.unplug());
  drive.plug();
  return drive;
}

function renamedDrive(t: Owner): Drive {
  const parent = tempDir(t, 'shoebox-drive-', OTHER_FS!);
  const dir = join(parent, 'usb');
  mkdirSync(dir);
  return { dir, unplug: () => renameSync(dir, dir + '.away'), plug: () => renameSync(dir + '.away', dir) };
}

function child(args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [KILL_CHILD, ...args], { encoding: 'utf8' });
}

test(
  'a move to a drive that is unplugged after a crash stays pending until the drive is back, then is rolled back',
  { skip: !IS_ROOT && !OTHER_FS ? 'needs root (to mount a tmpfs) or a second file system (/dev/shm)' : false },
  async (t) => {
    if (!IS_ROOT) t.diagnostic('not root: the drive is a folder on /dev/shm renamed away and back, not a real mount');
    const base = tempDir(t);
    const drive = IS_ROOT ? tmpfsDrive(t) : renamedDrive(t);

    // How many steps a whole move takes, on a copy of the library; then kill the real one past the middle.
    const probe = makeLibrary(join(base, 'probe'), LAYOUT, { seed: 3 });
    const counted = child([probe.libDir, 'apply', 'move', join(drive.dir, 'Probe'), '0']);
    assert.equal(counted.status, 0, counted.stderr);
    const steps = (JSON.parse(counted.stdout) as { steps: number }).steps;

    const fx = makeLibrary(join(base, 'real'), LAYOUT, { seed: 3 });
    const lib = ['--library', fx.libDir];
    const dest = join(drive.dir, 'Sorted');
    const before = snapshot(fx.photosDir);
    const killed = child([fx.libDir, 'apply', 'move', dest, String(Math.floor(steps * 0.6))]);
    assert.equal(killed.signal, 'SIGKILL');
    const onDrive = snapshot(dest).size;
    const moved = Object.keys(LAYOUT).length - snapshot(fx.photosDir).size;
    assert.ok(moved > 0, 'some photos were moved before the kill');

    drive.unplug();
    const first = shoebox(['history', '--json', ...lib]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /is not rolled back yet: \d+ file\(s\) wait for .*Sorted, which cannot be reached now/);
    assert.match(first.stderr, new RegExp(`; ${moved} photo\\(s\\) are only there`));
    assert.doesNotMatch(first.stderr, /was rolled back/);
    const [batch] = (JSON.parse(first.stdout) as { history: { id: number; state: string; message: string }[] }).history;
    assert.equal(batch!.state, 'pending');
    assert.doesNotMatch(batch!.message, /rolled back:/);
    assert.match(batch!.message, new RegExp(`${moved} photo\\(s\\) are only there`));
    assert.equal(snapshot(fx.photosDir).size, Object.keys(LAYOUT).length - moved, 'nothing was invented in the photo folder');

    // Every start says so again, and undo says why there is nothing to undo yet.
    const undo = shoebox(['undo', String(batch!.id), ...lib]);
    assert.equal(undo.code, 1);
    assert.match(undo.stderr, /is not rolled back yet/);
    assert.match(undo.stderr, /not rolled back yet: some of its files are on .*Sorted, which cannot be reached now/);
    const ctx = openLibrary(fx.libDir);
    const app = new ShoeboxApp(ctx);
    try {
      await app.start();
      const notices = (await app.status.get()).notices;
      assert.equal(notices.length, 1);
      const n = notices[0]!;
      assert.ok(n.kind === 'recovery' && n.outcome === 'pending', JSON.stringify(n));
      assert.equal(n.waiting.photosAway, moved);
      assert.deepEqual(n.waiting.folders, [dest]);
    } finally {
      await app.close();
      ctx.db.close();
    }

    drive.plug();
    assert.equal(snapshot(dest).size, onDrive, 'the drive came back as it was');
    const second = shoebox(['history', '--json', ...lib]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /was rolled back: every photo is where it was before it\./);
    const [after] = (JSON.parse(second.stdout) as { history: { state: string; message: string }[] }).history;
    assert.equal(after!.state, 'rolled_back');
    assert.deepEqual(snapshot(fx.photosDir), before, 'every photo back in place, byte-identical');
    assert.equal(snapshot(dest).size, 0, 'nothing left on the drive');
    const check = open(fx);
    try {
      for (const p of fx.photos) assert.equal(check.photos.byId(p.id)!.path, p.path, 'the library follows');
    } finally {
      check.db.close();
    }
    assert.equal(shoebox(['history', ...lib]).stderr, '', 'nothing left to recover');
  },
);
