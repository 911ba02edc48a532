/** The pixel fingerprint is made in indexing's one decode pass, and filled in for photos indexed before it existed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

type Row = { path: string; grey: Buffer; sharpness: number; format: string };

test('every indexed photo gets a fingerprint; a library from before gets them on the next run without re-embedding', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const lib = ['--library', join(dir, 'library')];
  const photos = await generatePhotos({ outDir: pics, count: 10, seed: 5, format: 'mixed' });
  copyFileSync(photos[0]!.file, join(pics, 'copy.jpg'));
  assert.equal(shoeboxJson(['index', pics, '--model', TINY_CLIP, ...lib]).files, 11);

  const db = new Database(join(dir, 'library', 'shoebox.sqlite'));
  t.after(() => db.close());
  const read = (): Row[] =>
    db.prepare('SELECT p.path, f.grey, f.sharpness, f.format FROM photos p JOIN photo_fingerprints f ON f.photo_id = p.id ORDER BY p.path').all() as Row[];
  const first = read();
  assert.equal(first.length, 11);
  for (const r of first) {
    assert.equal(r.grey.length, 256);
    assert.ok(r.sharpness > 0, `${r.path} has a focus measure`);
    assert.ok(/^(jpeg|png)$/.test(r.format), r.format);
  }
  const copy = first.find((r) => r.path.endsWith('copy.jpg'))!;
  assert.deepEqual(copy.grey, first.find((r) => r.path === photos[0]!.file)!.grey, 'an identical copy has the same fingerprint');

  // A library indexed before fingerprints existed: the next run fills them in, and reads no photo as changed.
  const vectors = db.prepare('SELECT photo_id, vector FROM embeddings ORDER BY photo_id').all();
  db.exec('DELETE FROM photo_fingerprints');
  const again = shoeboxJson(['index', ...lib]);
  assert.deepEqual([again.unchanged, again.added, again.updated], [11, 0, 0]);
  assert.deepEqual(read(), first);
  assert.deepEqual(db.prepare('SELECT photo_id, vector FROM embeddings ORDER BY photo_id').all(), vectors, 'vectors kept as they were');
});
