/**
 * A photo folder that is not there is offline, never emptied: an unplugged
 * drive (its mount point left empty), a folder now on another device without
 * our photos, a folder suddenly without any photo. The photos, their vectors
 * and the choices made by hand are kept, and come back with the drive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { onCleanup } from '../../helpers/cleanup.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

const IS_ROOT = process.getuid?.() === 0;

/** Indexes `pics` and puts one photo in a folder by hand; returns that photo's path. */
function indexWithChoice(pics: string, lib: string[]): string {
  assert.ok(shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]).added > 0);
  shoeboxJson(['folder', 'add', 'Keepers', '--prompt', 'a photo of a purple star', ...lib]);
  const chosen = join(pics, readdirSync(pics).sort()[0]!);
  shoeboxJson(['assign', chosen, 'Keepers', ...lib]);
  return chosen;
}

function manualFolder(lib: string[], path: string): { folder: string | null; manual: boolean } | undefined {
  const p = (shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string | null; manual: boolean }[]).find((x) => x.path === path);
  return p && { folder: p.folder, manual: p.manual };
}

function offlineCount(library: string): number {
  const db = new Database(join(library, 'shoebox.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM photos WHERE offline = 1').pluck().get() as number;
  } finally {
    db.close();
  }
}

test('a folder suddenly without any photo is offline: nothing is removed, and the photos and choices come back with it', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  await generatePhotos({ outDir: pics, count: 8, seed: 31 });
  const chosen = indexWithChoice(pics, lib);

  // Every photo gone at once (a share that answers with an empty folder, a drive emptied by a sync tool): offline.
  const away = join(dir, 'away');
  mkdirSync(away);
  for (const f of readdirSync(pics)) renameSync(join(pics, f), join(away, f));
  const r = shoeboxJson(['index', ...lib]);
  assert.equal(r.removed, 0, 'nothing is removed');
  assert.deepEqual(r.offlineRoots, [pics]);
  assert.equal(shoeboxJson(['status', ...lib]).photos, 8);
  assert.equal(offlineCount(library), 8);

  for (const f of readdirSync(away)) renameSync(join(away, f), join(pics, f));
  const back = shoeboxJson(['index', ...lib]);
  assert.deepEqual([back.unchanged, back.added, back.removed, back.offlineRoots], [8, 0, 0, []]);
  assert.equal(offlineCount(library), 0);
  assert.deepEqual(manualFolder(lib, chosen), { folder: 'Keepers', manual: true }, 'the choice made by hand is kept');
});

test('a folder on another device than when indexed, without our photos, is offline; with them, it is the same drive back', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  await generatePhotos({ outDir: pics, count: 6, seed: 32 });
  const chosen = indexWithChoice(pics, lib);
  const db = new Database(join(library, 'shoebox.sqlite'));
  onCleanup(t, () => db.close());
  const device = db.prepare('SELECT device FROM roots WHERE path = ?').pluck();
  assert.ok(device.get(pics), 'the folder\'s device is remembered when it is indexed');

  // The drive re-plugged under another device number: the same photos are there, so it is online.
  db.prepare("UPDATE roots SET device = 'another' WHERE path = ?").run(pics);
  assert.deepEqual(shoeboxJson(['index', ...lib]).offlineRoots, []);
  assert.notEqual(device.get(pics), 'another', 'the new device is remembered');

  // Another device, and none of our photos on it (stray files in a mount point whose drive is away): offline.
  const away = join(dir, 'away');
  renameSync(pics, away);
  await generatePhotos({ outDir: join(pics, 'stray'), count: 2, seed: 99 });
  db.prepare("UPDATE roots SET device = 'the unplugged drive' WHERE path = ?").run(pics);
  const r = shoeboxJson(['index', ...lib]);
  assert.deepEqual([r.removed, r.added, r.offlineRoots], [0, 0, [pics]]);
  assert.equal(shoeboxJson(['status', ...lib]).photos, 6);
  assert.deepEqual(manualFolder(lib, chosen), { folder: 'Keepers', manual: true });
});

test('an unplugged drive (a tmpfs mount point, left empty) keeps its photos and choices until it is plugged back', { skip: IS_ROOT ? false : 'mounting a tmpfs needs root' }, async (t) => {
  const dir = tempDir(t);
  const mnt = join(dir, 'usb');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  mkdirSync(mnt);
  const mount = (): void => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]);
  };
  const umount = (): void => {
    execFileSync('umount', [mnt]);
  };
  mount();
  let mounted = true;
  onCleanup(t, () => mounted && umount()); // before the folder is removed (cleanups run last-first)
  await generatePhotos({ outDir: mnt, count: 10, seed: 33 });
  const chosen = indexWithChoice(mnt, lib);

  umount();
  mounted = false;
  const r = shoeboxJson(['index', ...lib]);
  assert.equal(r.removed, 0, 'nothing is removed while the drive is away');
  assert.deepEqual(r.offlineRoots, [mnt]);
  assert.equal(offlineCount(library), 10);

  // Plugged back (a new tmpfs: a new device number; the same photos written again).
  mount();
  mounted = true;
  await generatePhotos({ outDir: mnt, count: 10, seed: 33 });
  const back = shoeboxJson(['index', ...lib]);
  assert.deepEqual([back.added, back.removed, back.offlineRoots], [0, 0, []]);
  assert.equal(back.updated + back.unchanged, 10, 'the same photos, not new ones');
  assert.equal(offlineCount(library), 0);
  assert.deepEqual(manualFolder(lib, chosen), { folder: 'Keepers', manual: true });
});
