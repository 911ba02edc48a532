/**
 * Indexing that cannot go on stops with a coded error and what to do, never a
 * crash: a model that fails on the photos, a library it cannot write to (a
 * blocked thumbnail folder, a full disk, a read-only folder). What was stored
 * before stays, and the next run after the fix finishes the job without duplicates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { onCleanup } from '../../helpers/cleanup.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

const IS_ROOT = process.getuid?.() === 0;

/** The failure as a script sees it: exit 1, one coded JSON error, no stack trace. */
function failure(args: string[]): { code: string; message: string; stderr: string } {
  const r = shoebox([...args, '--json']);
  assert.equal(r.code, 1, `exit code 1, got ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /TypeError|database connection is not open|\n\s+at /, 'no crash, no stack trace');
  const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
  return { ...error, stderr: r.stderr };
}

/** Photos, vectors and rows agree: each row once, each photo without an error has its vector. */
function assertConsistent(library: string): number {
  const db = new Database(join(library, 'shoebox.sqlite'), { readonly: true });
  try {
    assert.equal(db.prepare('SELECT count(*) FROM photos p WHERE p.error IS NULL AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id)').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) - count(DISTINCT path) FROM photos').pluck().get(), 0);
    return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
  } finally {
    db.close();
  }
}

test('a model that fails on the photos stops indexing with a coded error; the photos indexed before stay', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  const model = join(dir, 'model');
  cpSync(TINY_CLIP, model, { recursive: true });
  await generatePhotos({ outDir: join(pics, 'first'), count: 6, seed: 41 });
  assert.equal(shoeboxJson(['index', pics, '--model', model, ...lib]).added, 6);

  // The model folder's preprocessing no longer fits its image tower: every batch fails in ONNX Runtime.
  const config = join(model, 'preprocessor_config.json');
  const spec = JSON.parse(readFileSync(config, 'utf8'));
  writeFileSync(config, JSON.stringify({ ...spec, crop_size: { height: 48, width: 48 }, size: { shortest_edge: 48 } }));
  await generatePhotos({ outDir: join(pics, 'more'), count: 60, seed: 42 });
  const err = failure(['index', ...lib, '--batch-size', '4']);
  assert.equal(err.code, 'bad_model');
  // The changed folder is checked again before its first use (its towers on a test image), so the
  // refusal usually comes before any photo is read; either way it is coded and names the problem.
  assert.match(err.message, /The model failed on the photos: .*Indexing stopped; the photos indexed so far are kept|onnx\/vision_model\.onnx failed on a test image: /s);
  assert.equal(assertConsistent(library), 6);

  writeFileSync(config, JSON.stringify(spec));
  const again = shoeboxJson(['index', ...lib]);
  assert.deepEqual([again.added, again.unchanged], [60, 6]);
  assert.equal(assertConsistent(library), 66);
});

test('a library that cannot take a thumbnail stops indexing with an io error, and the next run finishes the job', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  await generatePhotos({ outDir: pics, count: 40, seed: 43 });
  mkdirSync(library);
  writeFileSync(join(library, 'thumbs'), 'a file where the thumbnail folder goes');
  const err = failure(['index', pics, '--model', TINY_CLIP, ...lib]);
  assert.equal(err.code, 'io');
  assert.match(err.message, new RegExp(`Could not write to the library in ${library}: .*Indexing stopped`));
  assertConsistent(library);

  rmSync(join(library, 'thumbs'));
  const again = shoeboxJson(['index', ...lib]);
  assert.equal(again.added + again.unchanged, 40);
  assert.equal(assertConsistent(library), 40);
});

test('a full disk stops indexing with "free N MB on …"; after space is freed the run finishes', { skip: IS_ROOT ? false : 'a small tmpfs for the library needs root' }, async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  mkdirSync(library);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=320k', 'tmpfs', library]);
  onCleanup(t, () => execFileSync('umount', [library]));
  await generatePhotos({ outDir: pics, count: 120, seed: 44, minSize: 300, maxSize: 480 });
  const err = failure(['index', pics, '--model', TINY_CLIP, ...lib]);
  assert.equal(err.code, 'io');
  const m = new RegExp(`free about (\\d+) MB on the drive of ${library} and index again`).exec(err.message);
  assert.ok(m, err.message);
  assert.ok(Number(m[1]) > 0);

  execFileSync('mount', ['-o', 'remount,size=64m', library]);
  const again = shoeboxJson(['index', ...lib]);
  assert.equal(again.added + again.unchanged, 120);
  assert.equal(assertConsistent(library), 120);
});

test('a read-only library folder is refused with a coded error naming it, by index and by status alike', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const lib = ['--library', library];
  await generatePhotos({ outDir: pics, count: 3, seed: 45 });
  mkdirSync(library);
  if (IS_ROOT) {
    // Root writes through permissions: a read-only mount is what stops it.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', library]);
    onCleanup(t, () => execFileSync('umount', [library]));
  }
  shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]);
  if (IS_ROOT) execFileSync('mount', ['-o', 'remount,ro', library]);
  else {
    chmodSync(library, 0o555);
    onCleanup(t, () => chmodSync(library, 0o755));
  }
  for (const args of [['status'], ['index'], ['search', 'a red circle']]) {
    const err = failure([...args, ...lib]);
    assert.equal(err.code, 'io', args[0]);
    assert.equal(err.message, `The library folder ${library} cannot be written to (read-only, or no permission). Make it writable, or choose another library folder (--library <dir>).`);
  }
});
