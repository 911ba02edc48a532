/** Broken photos are reported and skipped; the rest are indexed; nothing the user pointed at is modified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, lstatSync, writeFileSync, copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { FIXTURES, TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { pngWithHeader } from '../../helpers/bad-files.js';
import { sha256File } from '../../helpers/hash.js';

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (!st.isFile()) continue; // the pipe and the link to an unreadable file
    out.set(name, `${sha256File(p)} ${st.mtimeMs} ${st.mode}`);
  }
  return out;
}

test('truncated, empty, mislabelled, enormous and non-file "photos" are reported and skipped', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const good = await generatePhotos({ outDir: pics, count: 12, seed: 5 });
  const jpeg = readFileSync(good[0]!.file);
  writeFileSync(join(pics, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)));
  writeFileSync(join(pics, 'empty.jpg'), '');
  writeFileSync(join(pics, 'notes.jpg'), 'Shopping list: milk, eggs\n');
  writeFileSync(join(pics, 'bomb.png'), pngWithHeader(100_000, 100_000));
  execFileSync('mkfifo', [join(pics, 'pipe.jpg')]); // reading a pipe would block forever
  // A file that cannot be read (an I/O error on every read, even for root, who bypasses permissions).
  symlinkSync('/proc/self/mem', join(pics, 'unreadable.jpg'));
  copyFileSync(join(FIXTURES, 'photos', 'red-circle.heic'), join(pics, 'iphone.heic'));
  const before = snapshot(pics);

  const summary = shoeboxJson(['index', pics, '--model', TINY_CLIP, '--library', join(dir, 'lib')]);
  assert.equal(summary.added, 13, '12 generated photos and the HEIC');
  assert.equal(summary.errors, 5);

  const status = shoeboxJson(['status', '--library', join(dir, 'lib')]);
  assert.equal(status.photos, 13);
  const errors = new Map<string, string>(status.errors.map((e: { path: string; error: string }) => [e.path, e.error]));
  assert.match(errors.get(join(pics, 'truncated.jpg'))!, /damaged|incomplete/);
  assert.match(errors.get(join(pics, 'empty.jpg'))!, /empty/);
  assert.match(errors.get(join(pics, 'notes.jpg'))!, /Not an image/);
  assert.match(errors.get(join(pics, 'bomb.png'))!, /pixel/);
  assert.match(errors.get(join(pics, 'unreadable.jpg'))!, /Could not read the file/);
  assert.ok(!errors.has(join(pics, 'pipe.jpg')), 'a pipe is not a photo: skipped without an error');

  // Broken photos are not found by search; the HEIC is.
  const { results } = shoeboxJson(['search', 'a photo of a red circle', '--limit', '50', '--library', join(dir, 'lib')]);
  assert.ok(results.every((r: { path: string }) => !errors.has(r.path)));
  assert.ok(results.some((r: { path: string }) => r.path === join(pics, 'iphone.heic')));

  // Indexing changed nothing the user pointed it at: same bytes, same times, same permissions.
  assert.deepEqual(snapshot(pics), before);

  // Unchanged broken files are not retried on every run. (The link into /proc looks changed to
  // every new process, so it alone is tried again, and fails again.)
  const again = shoeboxJson(['index', '--library', join(dir, 'lib')]);
  assert.deepEqual([again.unchanged, again.added, again.errors], [17, 0, 1]);
});
