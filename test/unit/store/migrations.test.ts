import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, schemaVersion, migrate } from '../../../src-main/core/store/database.js';
import { MIGRATIONS } from '../../../src-main/core/store/migrations/index.js';
import { VectorStore, fillMissingCodes, toBlob } from '../../../src-main/core/store/vectors.js';
import { encodeCodes } from '../../../src-main/core/vector-codes/int8.js';
import { FingerprintStore } from '../../../src-main/core/store/fingerprints.js';
import { SettingsStore } from '../../../src-main/core/store/settings.js';
import { CategoryStore } from '../../../src-main/core/store/categories.js';
import { PlaceStore } from '../../../src-main/core/store/places.js';
import { tempDir } from '../../helpers/paths.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

const LATEST = MIGRATIONS.at(-1)!.version;

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
  // Fixed bytes, not the app's live encoder: 003 must keep writing what it wrote when it shipped.
  const expected = [
    codes([95, -127, 0], 0.8 / 127),
    codes([0, 37, -127], Math.fround(0.96) / 127),
    codes([127, 0], 1 / 127),
  ];
  vectors.forEach(([photo, model, v], i) => {
    assert.deepEqual(vecOf.get(photo, model), toBlob(v), 'the float32 vector is kept as it was');
    assert.deepEqual(codesOf.get(photo, model), expected[i], 'codes computed as the app computes them');
  });
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
  assert.deepEqual(codesOf.get(1, 1), expected[1], 'an identical copy takes the codes too');
  store.clear(1);
  assert.equal((db.prepare('SELECT count(*) AS n FROM embedding_codes WHERE photo_id = 1').get() as { n: number }).n, 0);
  db.prepare('DELETE FROM photos WHERE id = 2').run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM embedding_codes').get() as { n: number }).n, 0, 'a deleted photo takes its codes with it');
});

test('006 adds fingerprints and "not duplicates" marks to a version-3 library and keeps its data; both go with a deleted photo', (t) => {
  const file = join(tempDir(t), 'f.sqlite');
  const v3 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
  v3.prepare("INSERT INTO photos (id, path, size, mtime_ms, hash, indexed_at) VALUES (1, '/a.jpg', 1, 1, 'h1', 1), (2, '/b.jpg', 1, 1, 'h2', 1)").run();
  v3.close();
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 6));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 6);
  assert.ok(tables(db).includes('photo_fingerprints') && tables(db).includes('duplicate_dismissals'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n, 2, 'photos kept');
  assert.equal((db.prepare('SELECT count(*) AS n FROM photo_fingerprints').get() as { n: number }).n, 0, 'filled by the next index run, not here');
  const store = new FingerprintStore(db);
  store.put(1, { grey: Buffer.alloc(256, 7), sharpness: 12.5, format: 'jpeg' });
  store.copy(1, 2);
  assert.deepEqual(store.get(2), { grey: Buffer.alloc(256, 7), sharpness: 12.5, format: 'jpeg' });
  store.dismiss('duplicates', ['h2', 'h1']);
  assert.deepEqual([...store.dismissed('duplicates')], ['h1 h2']);
  assert.equal(store.dismissed('similar').size, 0);
  db.prepare('DELETE FROM photos WHERE id = 1').run();
  assert.equal(store.get(1), undefined, 'a deleted photo takes its fingerprint with it');
  assert.ok(store.has(2));
});

test('004 remembers the device of each photo folder: a version-3 library keeps its folders, with no device until indexed', (t) => {
  const file = join(tempDir(t), 'f.sqlite');
  const v3 = openDatabase(file, MIGRATIONS.slice(0, 3));
  v3.prepare("INSERT INTO roots (path, added_at) VALUES ('/media/usb/Photos', 1), ('/home/mina/Pictures', 2)").run();
  v3.close();
  const db = openDatabase(file, MIGRATIONS.slice(0, 4));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 4);
  assert.deepEqual(db.prepare('SELECT path, added_at, device FROM roots ORDER BY path').all(), [
    { path: '/home/mina/Pictures', added_at: 2, device: null },
    { path: '/media/usb/Photos', added_at: 1, device: null },
  ]);
  const settings = new SettingsStore(db);
  assert.equal(settings.rootDevice('/media/usb/Photos'), undefined);
  settings.setRootDevice('/media/usb/Photos', '2049');
  assert.equal(settings.rootDevice('/media/usb/Photos'), '2049');
  settings.setRootDevice('/not/a/root', '7');
  assert.equal(settings.rootDevice('/not/a/root'), undefined, 'only folders of the library have a device');
});

test('005 adds "not in this folder" answers and how sure each automatic decision is, keeping a version-3 library\'s data', (t) => {
  const file = join(tempDir(t), 'f.sqlite');
  const v3 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 3));
  v3.exec(`
    INSERT INTO photos (id, path, size, mtime_ms, indexed_at) VALUES (1, '/a.jpg', 1, 1, 1), (2, '/b.jpg', 1, 1, 1);
    INSERT INTO categories (id, name, created_at) VALUES (1, 'Dogs', 1), (2, 'Cats', 1);
    INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (1, 1, 1);
    INSERT INTO auto_assignments (photo_id, category_id, score) VALUES (2, 2, 0.3);
  `);
  v3.close();
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 5));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 5);
  assert.deepEqual(db.prepare('SELECT photo_id, category_id, score, confidence FROM auto_assignments').all(), [{ photo_id: 2, category_id: 2, score: 0.3, confidence: null }]);
  assert.equal((db.prepare('SELECT category_id FROM manual_assignments WHERE photo_id = 1').get() as { category_id: number }).category_id, 1);
  db.prepare('INSERT INTO folder_rejections (category_id, photo_id, rejected_at) VALUES (2, 2, 5), (1, 2, 5), (2, 1, 5)').run();
  assert.throws(() => db.prepare('INSERT INTO folder_rejections (category_id, photo_id, rejected_at) VALUES (2, 2, 6)').run(), /UNIQUE|PRIMARY/);
  // A deleted folder or photo takes its answers with it.
  db.prepare('DELETE FROM categories WHERE id = 1').run();
  db.prepare('DELETE FROM photos WHERE id = 1').run();
  assert.deepEqual(db.prepare('SELECT category_id, photo_id FROM folder_rejections').all(), [{ category_id: 2, photo_id: 2 }]);
});

test('007 keeps corrections by content: a photo folder removed and added again gets them back; a deleted folder takes its own', (t) => {
  const db = openDatabase(join(tempDir(t), 'k.sqlite'), MIGRATIONS.filter((m) => m.version <= 7));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 7);
  db.exec(`
    INSERT INTO photos (id, path, size, mtime_ms, indexed_at, hash) VALUES (1, '/a/1.jpg', 1, 1, 1, 'h1'), (2, '/a/2.jpg', 1, 1, 1, 'h2'), (3, '/a/3.jpg', 1, 1, 1, 'h3');
    INSERT INTO categories (id, name, created_at) VALUES (1, 'Dogs', 1), (2, 'Cats', 1);
  `);
  const cats = new CategoryStore(db);
  cats.assignManual(1, 1);
  cats.assignManual(2, null);
  cats.rejectMany([3], 2);
  assert.equal(cats.keepCorrections([{ id: 1, hash: 'h1' }, { id: 2, hash: 'h2' }, { id: 3, hash: 'h3' }]), 3);
  db.exec('DELETE FROM photos');
  assert.equal(cats.manual().size, 0);
  // Indexed again under new ids (the folder re-added).
  db.exec(`INSERT INTO photos (id, path, size, mtime_ms, indexed_at, hash) VALUES (11, '/a/1.jpg', 1, 1, 1, 'h1'), (12, '/a/2.jpg', 1, 1, 1, 'h2'), (13, '/a/3.jpg', 1, 1, 1, 'h3')`);
  for (const [id, hash] of [[11, 'h1'], [12, 'h2'], [13, 'h3']] as const) cats.restoreCorrections(id, hash);
  assert.deepEqual([...cats.manual()].sort(), [[11, 1], [12, null]]);
  assert.deepEqual([...cats.corrections().rejected.get(2)!], [13]);
  // Restored once: the keep is empty now; a deleted folder takes what was kept for it.
  assert.equal((db.prepare('SELECT count(*) AS n FROM kept_manual').get() as { n: number }).n, 0);
  cats.keepCorrections([{ id: 11, hash: 'h1' }]);
  db.prepare('DELETE FROM categories WHERE id = 1').run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM kept_manual').get() as { n: number }).n, 0);
});

test('008 adds where photos were taken: a version-7 library keeps its photos, and those with GPS are listed to look up; a deleted photo takes its place', (t) => {
  const file = join(tempDir(t), 'p.sqlite');
  const v7 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 7));
  v7.exec(`INSERT INTO photos (id, path, size, mtime_ms, indexed_at, lat, lon, error) VALUES
    (1, '/a/busan.jpg', 1, 1, 1, 35.18, 129.07, NULL), (2, '/a/nogps.jpg', 1, 1, 1, NULL, NULL, NULL), (3, '/a/broken.jpg', 1, 1, 1, 48.85, 2.35, 'not an image')`);
  v7.close();
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 8));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 8);
  assert.ok(tables(db).includes('photo_places'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n, 3, 'photos kept');
  const places = new PlaceStore(db);
  assert.deepEqual(places.missing(), [[1, 35.18, 129.07]], 'only the readable photo with GPS waits for its place');
  places.putMany([{ photoId: 1, place: { cityId: 1838524, region: 'KR.10', country: 'KR' } }]);
  assert.deepEqual(places.missing(), []);
  assert.deepEqual(places.all(), [[1, 1838524, 'KR.10', 'KR']]);
  db.prepare('DELETE FROM photos WHERE id = 1').run();
  assert.equal(places.get(1), undefined, 'a deleted photo takes its place with it');
});

test('009 keeps the folders\' order: a version-7 library lists them by name until a folder is added or moved, then each keeps its place', (t) => {
  const file = join(tempDir(t), 'o.sqlite');
  const v7 = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 7));
  v7.exec(`INSERT INTO categories (id, name, created_at) VALUES (1, 'Receipts', 1), (2, 'cats', 2), (3, 'Beach', 3)`);
  v7.close();
  const db = openDatabase(file, MIGRATIONS.filter((m) => m.version <= 9));
  t.after(() => db.close());
  assert.equal(schemaVersion(db), 9);
  const cats = new CategoryStore(db);
  const names = (): string[] => cats.list().map((c) => c.name);
  assert.deepEqual(names(), ['Beach', 'cats', 'Receipts'], 'by name, as before');
  // A new folder goes last, even when its name sorts first: the others keep their keys.
  cats.add('Aardvarks', ['an aardvark']);
  assert.deepEqual(names(), ['Beach', 'cats', 'Receipts', 'Aardvarks']);
  cats.move(4, 1);
  assert.deepEqual(names(), ['Aardvarks', 'Beach', 'cats', 'Receipts']);
  cats.move(2, 99);
  assert.deepEqual(names(), ['Aardvarks', 'Beach', 'Receipts', 'cats']);
  // A rename keeps the place; a deleted folder leaves the others in order.
  cats.rename('Beach', 'Zoo');
  db.prepare('DELETE FROM categories WHERE id = 1').run();
  assert.deepEqual(names(), ['Aardvarks', 'Zoo', 'cats']);
});

function floatLE(x: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x, 0);
  return b;
}

/** Stored codes: the int8 codes, then the scale as float32 little-endian. */
function codes(ints: number[], scale: number): Buffer {
  return Buffer.concat([Buffer.from(Int8Array.from(ints).buffer), floatLE(scale)]);
}

/** A library's first months, in the version-1 schema: photos, two models' vectors, folders, choices. */
function useVersion1(db: Database.Database): void {
  db.exec(`
    INSERT INTO settings (key, value) VALUES ('activeModel', '{"key":"clip-vit-b32","accelerator":"cpu"}'), ('language', '"ko"');
    INSERT INTO roots (path, added_at) VALUES ('/home/mina/Pictures', 1700000000000);
    INSERT INTO photos (id, path, size, mtime_ms, hash, width, height, taken_at, camera, lat, lon, orientation, error, indexed_at, offline) VALUES
      (1, '/home/mina/Pictures/dog.jpg', 204800, 1700000000123.5, 'a1', 4032, 3024, '2023-05-01T10:00:00', 'Pixel 7', 37.56, 126.97, 1, NULL, 1700000001000, 0),
      (2, '/home/mina/Pictures/beach.heic', 1048576, 1700000000456, 'b2', 3024, 4032, NULL, NULL, NULL, NULL, 6, NULL, 1700000002000, 0),
      (3, '/home/mina/Pictures/broken.jpg', 12, 1700000000789, 'c3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'not an image', 1700000003000, 0),
      (4, '/home/mina/Pictures/old/dog copy.jpg', 204800, 1700000000123.5, 'a1', 4032, 3024, '2023-05-01T10:00:00', 'Pixel 7', NULL, NULL, 1, NULL, 1700000004000, 1);
    INSERT INTO models (id, key, name, dim) VALUES (1, 'clip-vit-b32', 'CLIP ViT-B/32', 4), (2, '/models/siglip', 'SigLIP', 3);
    INSERT INTO categories (id, name, created_at) VALUES (1, 'Dogs', 1700000005000), (2, '바다', 1700000006000);
    INSERT INTO category_prompts (category_id, position, prompt) VALUES (1, 0, 'a photo of a dog'), (1, 1, 'a puppy'), (2, 0, '바다 사진');
    INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (1, 1, 1700000007000), (2, NULL, 1700000008000);
    INSERT INTO auto_assignments (photo_id, category_id, score) VALUES (1, 1, 0.31), (2, 2, 0.27), (4, NULL, 0.12);
  `);
  const vec = db.prepare('INSERT INTO embeddings (photo_id, model_id, vector) VALUES (?, ?, ?)');
  vec.run(1, 1, toBlob(Float32Array.of(0.5, -0.5, 0.5, -0.5)));
  vec.run(2, 1, toBlob(Float32Array.of(0.1, 0.7, -0.7, 0.1)));
  vec.run(4, 1, toBlob(Float32Array.of(0.5, -0.5, 0.5, -0.5)));
  vec.run(1, 2, toBlob(Float32Array.of(0.6, 0, -0.8)));
  vec.run(2, 2, Buffer.from([1, 2, 3])); // damaged
  const text = db.prepare('INSERT INTO text_vectors (model_id, text, vector) VALUES (?, ?, ?)');
  text.run(1, 'a photo of a dog', toBlob(Float32Array.of(0.5, 0.5, 0.5, 0.5)));
  text.run(2, '바다 사진', toBlob(Float32Array.of(0, 1, 0)));
}

/** Then, in the version-2 schema: a new photo, and an organize batch that was undone. */
function useVersion2(db: Database.Database): void {
  db.exec(`
    INSERT INTO photos (id, path, size, mtime_ms, hash, width, height, indexed_at) VALUES (5, '/home/mina/Pictures/cat.png', 5000, 1700000009000, 'e5', 640, 480, 1700000010000);
    INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (5, 1, 1700000011000);
    INSERT INTO apply_batches (id, kind, mode, dest_root, undoes, state, owner_pid, owner_host, added_root, message, started_at, finished_at) VALUES
      (1, 'apply', 'copy', '/home/mina/Sorted', NULL, 'undone', 4242, 'laptop', 0, NULL, 1700000012000, 1700000013000),
      (2, 'undo', 'copy', '/home/mina/Sorted', 1, 'done', 4242, 'laptop', 0, NULL, 1700000014000, 1700000015000);
    INSERT INTO apply_ops (id, batch_id, seq, photo_id, action, source, dest, temp, hash, size, state, reason) VALUES
      (1, 1, 0, 1, 'copy', '/home/mina/Pictures/dog.jpg', '/home/mina/Sorted/Dogs/dog.jpg', '/home/mina/Sorted/Dogs/.dog.jpg.tmp', 'a1', 204800, 'done', NULL),
      (2, 1, 1, 2, 'skip', '/home/mina/Pictures/beach.heic', '/home/mina/Sorted/바다/beach.heic', NULL, 'b2', 1048576, 'kept', 'already there'),
      (3, 2, 0, 1, 'unlink', '/home/mina/Sorted/Dogs/dog.jpg', '/home/mina/Sorted/Dogs/dog.jpg', NULL, 'a1', 204800, 'done', NULL);
  `);
  db.prepare('INSERT INTO embeddings (photo_id, model_id, vector) VALUES (?, ?, ?)').run(5, 1, toBlob(Float32Array.of(-0.25, 0.25, 0.75, 0.5)));
}

/** Then, in the version-4 schema: the photo folder's device is remembered, and a folder on a USB drive. */
function useVersion4(db: Database.Database): void {
  db.exec(`
    UPDATE roots SET device = '2049' WHERE path = '/home/mina/Pictures';
    INSERT INTO roots (path, added_at, device) VALUES ('/media/mina/USB/DCIM', 1700000016000, '2065');
  `);
}

/** Then, in the version-8 schema: the photo taken in Seoul has its place. */
function useVersion8(db: Database.Database): void {
  db.exec(`INSERT INTO photo_places (photo_id, city_id, region, country) VALUES (1, 1835848, 'KR.11', 'KR')`);
}

/** The schema (tables, indexes, triggers) with whitespace normalised. */
function schema(db: Database.Database): { type: string; name: string; tbl_name: string; sql: string | null }[] {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  return rows.map((r) => ({ ...r, sql: r.sql === null ? null : r.sql.replace(/\s+/g, ' ').trim() }));
}

/** Every row of every table, in a stable order (blobs as hex). */
function contents(db: Database.Database): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of tables(db)) {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    out[name] = rows.map((r) => JSON.stringify(r, (_, v: unknown) => (isBufferJson(v) ? Buffer.from(v.data).toString('hex') : v))).sort();
  }
  return out;
}

function isBufferJson(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data);
}

test('a library migrated one step at a time equals one created at the latest version with the same data', (t) => {
  const dir = tempDir(t);
  const stepped = join(dir, 'stepped.sqlite');
  const v1 = openDatabase(stepped, MIGRATIONS.slice(0, 1));
  useVersion1(v1);
  v1.close();
  const v2 = openDatabase(stepped, MIGRATIONS.slice(0, 2));
  useVersion2(v2);
  v2.close();
  const v4 = openDatabase(stepped, MIGRATIONS.slice(0, 4));
  useVersion4(v4);
  v4.close();
  const v8 = openDatabase(stepped, MIGRATIONS.slice(0, 8));
  useVersion8(v8);
  v8.close();
  const a = openDatabase(stepped);
  t.after(() => a.close());

  const b = openDatabase(join(dir, 'fresh.sqlite'));
  t.after(() => b.close());
  useVersion1(b);
  useVersion2(b);
  useVersion4(b);
  useVersion8(b);
  // Codes are derived data: a fresh library gets them when its index first loads.
  fillMissingCodes(b);

  assert.equal(schemaVersion(a), MIGRATIONS.at(-1)!.version);
  assert.equal(schemaVersion(b), MIGRATIONS.at(-1)!.version);
  assert.deepEqual(schema(a), schema(b));
  const data = contents(a);
  assert.deepEqual(data, contents(b));
  assert.equal(data['embedding_codes']!.length, 5, 'every whole vector has codes, the damaged one none');
  assert.equal(data['apply_ops']!.length, 3);
});

test('opening is idempotent and a library from a newer Shoebox is refused, not damaged', (t) => {
  const file = join(tempDir(t), 'c.sqlite');
  openDatabase(file).close();
  const again = openDatabase(file);
  const latest = MIGRATIONS.at(-1)!.version;
  assert.equal(schemaVersion(again), latest);
  again.pragma(`user_version = ${latest + 5}`);
  assert.throws(() => migrate(again), /newer Shoebox/);
  assert.equal(schemaVersion(again), latest + 5);
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
