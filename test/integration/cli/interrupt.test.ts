/** Killing the indexer mid-run loses nothing: the next run completes the library without duplicates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson, shoeboxSpawn } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

function countPhotos(file: string): number {
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM photos').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

test('SIGKILL during indexing, then index again: complete, no duplicates, database intact', async (t) => {
  const dir = tempDir(t);
  const pics = join(dir, 'Pictures');
  const library = join(dir, 'library');
  const dbFile = join(library, 'shoebox.sqlite');
  const N = 160;
  await generatePhotos({ outDir: pics, count: N, seed: 31337, format: 'png', minSize: 600, maxSize: 1200 });

  const child = shoeboxSpawn(['index', pics, '--model', TINY_CLIP, '--library', library, '--batch-size', '2']);
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  // Wait until some batches are stored, then pull the plug.
  const deadline = Date.now() + 120_000;
  let stored = 0;
  while (Date.now() < deadline && (stored = countPhotos(dbFile)) < 10) await sleep(25);
  child.kill('SIGKILL');
  await exited;
  assert.ok(stored >= 10, 'the indexer stored some photos before the kill');
  const partial = countPhotos(dbFile);
  assert.ok(partial < N, `killed mid-run (${partial} of ${N} stored)`);

  const resumed = shoeboxJson(['index', '--library', library]);
  assert.equal(resumed.unchanged + resumed.added + resumed.updated, N);
  assert.ok(resumed.unchanged >= partial - 2, 'photos stored before the kill are not decoded again');

  const db = new Database(dbFile, { readonly: true });
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(db.prepare('SELECT count(*) FROM photos').pluck().get(), N);
  assert.equal(db.prepare('SELECT count(DISTINCT path) FROM photos').pluck().get(), N);
  assert.equal(db.prepare('SELECT count(*) FROM embeddings').pluck().get(), N, 'one vector per photo');
  assert.equal(db.prepare('SELECT count(*) FROM photos WHERE error IS NOT NULL').pluck().get(), 0);
  db.close();
});
