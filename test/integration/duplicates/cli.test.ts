/** shoebox duplicates: the groups as JSON; resolve moves the others out, journaled; undo puts back byte-identical files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { snapshot } from '../../helpers/library-fixture.js';

test('duplicates: list, resolve to a folder (manual choice follows the kept photo), undo restores every byte; "not duplicates" sticks', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const lib = ['--library', join(dir, 'library')];
  const photos = await generatePhotos({ outDir: pics, count: 8, seed: 21, minSize: 400, maxSize: 600 });
  mkdirSync(join(pics, 'backup'));
  copyFileSync(photos[0]!.file, join(pics, 'backup', 'copy.jpg')); // exact
  await sharp(photos[1]!.file).resize(200).jpeg({ quality: 60 }).toFile(join(pics, 'small.jpg')); // near: smaller, re-encoded
  shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]);

  const { groups } = shoeboxJson(['duplicates', ...lib]);
  assert.equal(groups.length, 2);
  const exact = groups.find((g: any) => g.kind === 'exact');
  const near = groups.find((g: any) => g.kind === 'near');
  assert.ok(exact && near, JSON.stringify(groups));
  assert.deepEqual(near.photos.map((p: any) => [p.path, p.keep]), [[photos[1]!.file, true], [join(pics, 'small.jpg'), false]], 'the larger original is kept');
  assert.equal(near.saving, near.photos[1].size);
  assert.ok(groups[0].saving >= groups[1].saving, 'largest saving first');
  for (const p of exact.photos) assert.deepEqual(Object.keys(p).sort(), ['height', 'keep', 'path', 'size', 'width']);

  // A manual folder choice on the copy that goes: it moves to the kept photo.
  shoeboxJson(['folder', 'add', 'Keepers', '--prompt', 'a photo', ...lib]);
  shoeboxJson(['assign', join(pics, 'small.jpg'), 'Keepers', ...lib]);

  const before = snapshot(pics);
  const bin = join(dir, 'Removed');
  assert.equal(shoebox(['duplicates', 'resolve', '--all', '--to', bin, ...lib]).code, 2, 'neither --dry-run nor --yes');
  assert.equal(shoebox(['duplicates', 'resolve', '--all', '--to', join(pics, 'x'), '--yes', ...lib]).code, 2, 'not inside a photo folder');
  const dry = shoeboxJson(['duplicates', 'resolve', '--all', '--to', bin, '--dry-run', ...lib]);
  assert.equal(dry.moves.length, 2);
  assert.deepEqual(snapshot(pics), before, 'a dry run moves nothing');

  const report = shoeboxJson(['duplicates', 'resolve', '--all', '--to', bin, '--yes', ...lib]);
  assert.equal(report.done, 2);
  assert.ok(!existsSync(join(pics, 'small.jpg')) && !existsSync(join(pics, 'backup', 'copy.jpg')));
  assert.ok(existsSync(photos[0]!.file) && existsSync(photos[1]!.file), 'the kept photos stay');
  assert.deepEqual(shoeboxJson(['duplicates', ...lib]).groups, [], 'resolved');
  const sorted = shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string | null; manual: boolean }[];
  const kept = sorted.find((p) => p.path === photos[1]!.file)!;
  assert.deepEqual([kept.folder, kept.manual], ['Keepers', true], 'the removed copy\'s manual choice went to the kept photo');

  shoeboxJson(['undo', ...lib]);
  assert.deepEqual(snapshot(pics), before, 'undo puts back every file, byte-identical');
  assert.equal(shoeboxJson(['duplicates', ...lib]).groups.length, 2);
  shoeboxJson(['index', ...lib]);
  assert.equal(shoeboxJson(['duplicates', ...lib]).groups.length, 2, 'the groups are back after re-indexing too');

  // "Not duplicates": that group never comes back, through re-indexing as well.
  const nearNo = shoeboxJson(['duplicates', ...lib]).groups.findIndex((g: any) => g.kind === 'near') + 1;
  shoeboxJson(['duplicates', 'dismiss', '--group', String(nearNo), ...lib]);
  shoeboxJson(['index', ...lib]);
  assert.deepEqual(shoeboxJson(['duplicates', ...lib]).groups.map((g: any) => g.kind), ['exact']);
});
