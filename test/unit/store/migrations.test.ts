import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, schemaVersion, migrate } from '../../../src-main/core/store/database.js';
import { MIGRATIONS } from '../../../src-main/core/store/migrations/index.js';
import { VectorStore, toBlob } from '../../../src-main/core/store/vectors.js';
import { encodeCodes } from '../../../src-main/core/search/int8-codes.js';
import { tempDir } from '../../helpers/paths.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

test('migrations are numbered 1, 2, … without gaps', () => {
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, i) => i + 1),
  );
});

test('001 creates photos, models, per-(photo, model) vectors, categories and manual choices', (t) => {
  const db = openDatabase(join(tempDir(t), 'a.sqlite'), MIGRATIONS.slice(0, 1));
  assert.equal(schemaVersion(db), 1);
  for (const name of ['photos', 'models', 'embeddings', 'categories', 'category_prompts', 'manual_assignments', 'auto_assignments', 'settings', 'roots', 'text_vectors'])
    assert.ok(tables(db).includes(name), name);
  // Two models' vectors for one photo coexist.
  db.prepare("INSERT INTO photos (path, size, mtime_ms, indexed_at) VALUES ('/p.jpg', 1, 1, 1)").run();
  db.prepare("INSERT INTO models (key, name, dim) VALUES ('a', 'a', 2), ('b', 'b', 2)").run();
  db.prepare('INSERT INTO embeddings VALUES (1, 1, x\'00\'), (1, 2, x\'00\')').run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n, 2);
  // Deleting a photo takes its vectors and manual choice with it (foreign keys are on).
  db.prepare("INSERT INTO categories (name, created_at) VALUES ('Dogs', 1)").run();
  db.prepare('INSERT INTO manual_assignments VALUES (1, 1, 1)').run();
  db.prepare('DELETE FROM photos WHERE id = 1').run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM embeddings').get() as { n: number }).n, 0);
  assert.equal((db.prepare('SELECT count(*) AS n FROM manual_assignments').get() as { n: number }).n, 0);
  db.close();
});

test('002 adds the organize journal to a version-1 library and keeps its data', (t) => {
  const file = join(tempDir(t), 'b.sqlite');
  const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
  v1.prepare("INSERT INTO photos (path, size, mtime_ms, indexed_at) VALUES ('/kept.jpg', 1, 1, 1)").run();
  v1.close();
  const db = openDatabase(file, MIGRATIONS.slice(0, 2));
  assert.equal(schemaVersion(db), 2);
  assert.ok(tables(db).includes('apply_batches') && tables(db).includes('apply_ops'));
  assert.equal((db.prepare('SELECT path FROM photos').get() as { path: string }).path, '/kept.jpg');
  db.close();
});

test('003 stores int8 codes beside each vector: a version-2 library keeps its data and gets codes for every vector', (t) => {
  const file = join(tempDir(t), 'e.sqlite');
  const v2 = openDatabase(file, MIGRATIONS.slice(0, 2));
  v2.prepare("INSERT INTO photos (id, path, size, mtime_ms, indexed_at) VALUES (1, '/a.jpg', 1, 1, 1), (2, '/b.jpg', 1, 1, 1)").run();
  v2.prepare("INSERT INTO models (id, key, name, dim) VALUES (1, 'a', 'a', 3), (2, 'b', 'b', 2)").run();
  const vectors: [number, number, Float32Array][] = [
    [1, 1, Float32Array.of(0.6, -0.8, 0)],
    [2, 1, Float32Array.of(0, 0.28, -0.96)],
    [1, 2, Float32Array.of(1, 0)],
  ];
  const put = v2.prepare('INSERT INTO embeddings (photo_id, model_id, vector) VALUES (?, ?, ?)');
  for (const [photo, model, v] of vectors) put.run(photo, model, toBlob(v));
  put.run(2, 2, Buffer.from([1, 2, 3])); // damaged: not a vector of model 2's size
  v2.close();

  const db = openDatabase(file);
  t.after(() => db.close());
  assert.ok(schemaVersion(db) >= 3);
  assert.equal((db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n, 2);
  const vecOf = db.prepare('SELECT vector FROM embeddings WHERE photo_id = ? AND model_id = ?').pluck();
  const codesOf = db.prepare('SELECT codes FROM embedding_codes WHERE photo_id = ? AND model_id = ?').pluck();
  for (const [photo, model, v] of vectors) {
    assert.deepEqual(vecOf.get(photo, model), toBlob(v), 'the float32 vector is kept as it was');
    assert.deepEqual(codesOf.get(photo, model), encodeCodes(v), 'codes computed as the app computes them');
  }
  assert.deepEqual(encodeCodes(vectors[0]![2]), Buffer.concat([Buffer.from(Int8Array.of(95, -127, 0).buffer), floatLE(0.8 / 127)]));
  assert.equal(codesOf.get(2, 2), undefined, 'no codes for a damaged vector');

  // Writes through VectorStore keep both in step; any other writer's replaced or deleted vector loses its codes.
  const store = new VectorStore(db);
  const fresh = Float32Array.of(0, 1, 0);
  store.put(1, 1, fresh);
  assert.deepEqual(codesOf.get(1, 1), encodeCodes(fresh));
  db.prepare('UPDATE embeddings SET vector = ? WHERE photo_id = 1 AND model_id = 1').run(toBlob(vectors[0]![2]));
  assert.equal(codesOf.get(1, 1), undefined, 'codes of a replaced vector are dropped, never stale');
  store.copy(2, 1);
  assert.deepEqual(codesOf.get(1, 1), encodeCodes(vectors[1]![2]), 'an identical copy takes the codes too');
  store.clear(1);
  assert.equal((db.prepare('SELECT count(*) AS n FROM embedding_codes WHERE photo_id = 1').get() as { n: number }).n, 0);
  db.prepare('DELETE FROM photos WHERE id = 2').run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM embedding_codes').get() as { n: number }).n, 0, 'a deleted photo takes its codes with it');
});

function floatLE(x: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x, 0);
  return b;
}

test('opening is idempotent and a library from a newer Shoebox is refused, not damaged', (t) => {
  const file = join(tempDir(t), 'c.sqlite');
  openDatabase(file).close();
  const again = openDatabase(file);
  assert.equal(schemaVersion(again), MIGRATIONS.length);
  again.pragma(`user_version = ${MIGRATIONS.length + 5}`);
  assert.throws(() => migrate(again), /newer Shoebox/);
  assert.equal(schemaVersion(again), MIGRATIONS.length + 5);
  again.close();
});

test('a failing migration leaves the schema at the previous version', (t) => {
  const file = join(tempDir(t), 'd.sqlite');
  const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE half (x); SELECT * FROM nowhere;') }];
  assert.throws(() => openDatabase(file, broken));
  const db = new Database(file);
  assert.equal(db.pragma('user_version', { simple: true }), 1);
  assert.ok(!tables(db).includes('half'));
  db.close();
});
