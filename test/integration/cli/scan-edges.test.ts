/**
 * What the scan must not take for photos, or take twice: the library's own
 * folder inside a photo folder, links and loops, a file far too large to be a
 * photo, and a file deleted while the run goes on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { ROOT, TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { onCleanup } from '../../helpers/cleanup.js';
import { openLibrary } from '../../../src-main/core/context.js';
import { chooseModel, loadActiveModel } from '../../../src-main/core/models/active-model.js';
import { indexRoots } from '../../../src-main/core/indexer/indexer.js';

function rows(library: string): { path: string; hash: string | null; error: string | null }[] {
  const db = new Database(join(library, 'shoebox.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT path, hash, error FROM photos ORDER BY path').all() as { path: string; hash: string | null; error: string | null }[];
  } finally {
    db.close();
  }
}

test('a library folder inside a photo folder is never indexed, and cannot be added as a photo folder', async (t) => {
  const pics = join(tempDir(t), 'Pictures');
  const library = join(pics, 'Shoebox library');
  const lib = ['--library', library];
  await generatePhotos({ outDir: pics, count: 10, seed: 51 });
  symlinkSync(library, join(pics, 'a link to the library'));
  assert.equal(shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]).added, 10);
  // Its thumbnails are there now: the next runs find nothing new.
  for (let i = 0; i < 2; i++) assert.deepEqual((({ added, unchanged }) => [added, unchanged])(shoeboxJson(['index', ...lib])), [0, 10]);
  assert.equal(rows(library).filter((r) => r.path.startsWith(library + '/')).length, 0);

  for (const folder of [library, join(library, 'thumbs')]) {
    const r = shoebox(['index', folder, ...lib, '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).error, {
      code: 'usage',
      message: `${folder} is in the library folder ${library}, which holds Shoebox's own files (its thumbnails would be indexed as photos). Choose a folder outside it.`,
    });
  }
  assert.deepEqual(shoeboxJson(['status', ...lib]).roots, [pics]);
});

test('a symlink loop and two links to one folder index each photo once', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  await generatePhotos({ outDir: pics, count: 9, seed: 52 });
  mkdirSync(join(pics, 'sub'));
  symlinkSync('..', join(pics, 'sub', 'loop'));
  const elsewhere = join(dir, 'Elsewhere');
  await generatePhotos({ outDir: elsewhere, count: 3, seed: 53 });
  symlinkSync(elsewhere, join(pics, 'first link'));
  symlinkSync(elsewhere, join(pics, 'second link'));

  const r = shoeboxJson(['index', pics, '--model', TINY_CLIP, '--library', library]);
  assert.equal(r.added, 12, '9 photos and the 3 behind the links, once each');
  const all = rows(library);
  assert.equal(all.length, 12);
  assert.equal(new Set(all.map((x) => x.hash)).size, 12, 'no photo twice');
  assert.ok(all.every((x) => !x.path.includes('/loop/')), 'each at its own path, not through the loop');
  assert.equal(shoeboxJson(['index', '--library', library]).unchanged, 12);
});

test('a 1 GB file named like a photo is refused unread, with the reason; memory stays far below its size', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  await generatePhotos({ outDir: pics, count: 4, seed: 54 });
  const huge = join(pics, 'huge.jpg');
  writeFileSync(huge, '');
  truncateSync(huge, 2 ** 30); // sparse: a gigabyte of zeros that takes no disk
  // The CLI in a child process that reports its own peak memory.
  const script = `
    const { main } = await import(${JSON.stringify(join(ROOT, 'dist', 'src-main', 'cli', 'main.js'))});
    process.exitCode = await main(${JSON.stringify(['index', pics, '--model', TINY_CLIP, '--library', library, '--json'])});
    process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n');`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.deepEqual([summary.added, summary.errors], [4, 1]);
  const peakMb = Number(/maxRSS=(\d+)/.exec(r.stderr)![1]) / 1024; // kilobytes on Linux and macOS
  assert.ok(peakMb < 512, `peak memory ${peakMb.toFixed(0)} MB while indexing next to a 1 GB file`);
  const errors = shoeboxJson(['status', '--library', library]).errors;
  assert.deepEqual(errors, [{ path: huge, error: 'The file is 1024 MB, more than the 200 MB a photo may have; it was not read.' }]);
});

test('photos deleted while indexing runs are gone, not unreadable', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const photos = await generatePhotos({ outDir: pics, count: 10, seed: 55 });
  const ctx = openLibrary(join(dir, 'library'));
  ctx.settings.addRoot(pics);
  chooseModel(ctx, TINY_CLIP);
  const active = await loadActiveModel(ctx);
  onCleanup(t, async () => {
    await active.model.release();
    ctx.db.close();
  });
  /** Deletes `files` once the scan has listed them, before any is read. */
  const deleteAfterScan = (files: string[]) => {
    let done = false;
    return (p: { phase: string }) => {
      if (p.phase !== 'index' || done) return;
      done = true;
      for (const f of files) unlinkSync(f);
    };
  };

  // New photos deleted during the first run: not added, not errors.
  const first = await indexRoots(ctx, active, [pics], { onProgress: deleteAfterScan([photos[0]!.file, photos[1]!.file]) });
  assert.deepEqual([first.added, first.errors, first.removed], [8, 0, 0]);
  assert.equal(ctx.photos.count().errors, 0);

  // Known photos that changed, then were deleted before they were read again: removed.
  const later = new Date(Date.now() + 60_000);
  for (const p of photos.slice(2, 5)) utimesSync(p.file, later, later);
  const second = await indexRoots(ctx, active, [pics], { onProgress: deleteAfterScan(photos.slice(2, 4).map((p) => p.file)) });
  assert.deepEqual([second.removed, second.errors, second.updated, second.unchanged], [2, 0, 1, 5]);
  assert.deepEqual(ctx.photos.count(), { photos: 6, errors: 0 });
});
