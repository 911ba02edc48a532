/** Re-indexing: unchanged photos are not decoded again; moves keep vectors and manual choices; deletions and absent drives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

test('incremental re-indexing follows what happened on disk', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  const photos = await generatePhotos({ outDir: pics, count: 40, seed: 77 });
  assert.equal(shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]).added, 40);

  // Nothing changed: nothing is read again.
  const again = shoeboxJson(['index', ...lib]);
  assert.deepEqual([again.unchanged, again.added, again.updated], [40, 0, 0]);

  // A manual choice on a photo, then the photo is renamed into a subfolder.
  shoeboxJson(['folder', 'add', 'Keepers', '--prompt', 'a photo of a purple star', ...lib]);
  const moved = photos[0]!;
  shoeboxJson(['assign', moved.file, 'Keepers', ...lib]);
  const db = new Database(join(library, 'shoebox.sqlite'), { readonly: true });
  const before = db.prepare('SELECT id FROM photos WHERE path = ?').get(moved.file) as { id: number };
  const vectorBefore = db.prepare('SELECT vector FROM embeddings WHERE photo_id = ?').get(before.id) as { vector: Buffer };
  mkdirSync(join(pics, 'renamed'));
  const newPath = join(pics, 'renamed', 'holiday.jpg');
  renameSync(moved.file, newPath);

  // A copy of another photo (same bytes, new name) needs no decoding either.
  const copyPath = join(pics, 'copy-of-second.jpg');
  copyFileSync(photos[1]!.file, copyPath);
  // One deleted.
  unlinkSync(photos[2]!.file);

  const r = shoeboxJson(['index', ...lib]);
  assert.equal(r.moved, 1);
  assert.equal(r.removed, 1);
  assert.equal(r.added, 1);
  const after = db.prepare('SELECT id FROM photos WHERE path = ?').get(newPath) as { id: number };
  assert.equal(after.id, before.id, 'the moved photo kept its identity');
  const vectorAfter = db.prepare('SELECT vector FROM embeddings WHERE photo_id = ?').get(after.id) as { vector: Buffer };
  assert.ok(vectorAfter.vector.equals(vectorBefore.vector), 'and its vector');
  const sorted = shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string; manual: boolean }[];
  assert.deepEqual(
    (({ folder, manual }) => ({ folder, manual }))(sorted.find((p) => p.path === newPath)!),
    { folder: 'Keepers', manual: true },
    'and its manual folder',
  );
  assert.equal(db.prepare('SELECT count(*) AS n FROM photos WHERE path = ?').pluck().get(photos[2]!.file), 0);
  assert.equal(shoeboxJson(['status', ...lib]).photos, 40);

  // The whole folder is on a drive that is not plugged in: photos are kept, marked offline.
  renameSync(pics, join(dir, 'unplugged'));
  const offline = shoeboxJson(['index', ...lib]);
  assert.deepEqual(offline.offlineRoots, [pics]);
  assert.equal(offline.removed, 0);
  assert.equal(db.prepare('SELECT count(*) FROM photos WHERE offline = 1').pluck().get(), 40);
  renameSync(join(dir, 'unplugged'), pics);
  const back = shoeboxJson(['index', ...lib]);
  assert.equal(back.unchanged, 40);
  assert.equal(db.prepare('SELECT count(*) FROM photos WHERE offline = 1').pluck().get(), 0);
  db.close();
  rmSync(pics, { recursive: true });
});
