/**
 * The library's database is checked when it opens, backed up once a day (the
 * last 3 kept), and a damaged or emptied one is refused, never overwritten,
 * with a message that offers the newest good backup, which `shoebox restore`
 * (or the window's notice) puts back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/paths.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { sha256File } from '../../helpers/hash.js';
import { makeLibrary } from '../../helpers/library-fixture.js';
import { mulberry32 } from '../../fixtures/synth/photos.js';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { ShoeboxError } from '../../../src-main/core/util/errors.js';
import { listBackups, takeBackup } from '../../../src-main/core/store/backup.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';
import { invoke } from '../../../src-main/api/dispatch.js';

const LAYOUT = { 'a.jpg': 'Cats', 'b.jpg': 'Dogs', 'c.jpg': 'Cats', 'd.jpg': null, 'e.jpg': 'Dogs' };

/** Writes random bytes over the page that holds the photos table (its root page), as a failing disk would. */
function damagePhotosPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'photos'").get() as { rootpage: number };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const rng = mulberry32(5);
  const junk = Buffer.from(Array.from({ length: pageSize }, () => Math.floor(rng() * 256)));
  const fd = openSync(file, 'r+');
  writeSync(fd, junk, 0, pageSize, (rootpage - 1) * pageSize);
  closeSync(fd);
}

test('a 0-byte database where a library was is refused with a coded error and left as it is', (t) => {
  const lib = join(tempDir(t), 'library');
  mkdirSync(join(lib, 'thumbs'), { recursive: true });
  writeFileSync(join(lib, 'thumbs', 'ab.webp'), 'x');
  writeFileSync(join(lib, 'shoebox.sqlite'), '');
  const r = shoebox(['status', '--json', '--library', lib]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'io');
  assert.match(r.stderr, /shoebox\.sqlite is empty \(0 bytes\) and there is no backup of it; Shoebox will not start a new library over it/);
  assert.equal(statSync(join(lib, 'shoebox.sqlite')).size, 0, 'not overwritten');
  assert.deepEqual(readdirSync(lib).sort(), ['shoebox.sqlite', 'thumbs'], 'nothing was created beside it');
  assert.throws(() => openLibrary(lib), (e: ShoeboxError) => e.key === 'store.empty_no_backup' && e.code === 'io');
});

test('a damaged page is found when the library opens (the daily full check), with a coded error; the file is not changed', (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, LAYOUT);
  const copy = join(base, 'copy');
  mkdirSync(copy);
  copyFileSync(join(fx.libDir, 'shoebox.sqlite'), join(copy, 'shoebox.sqlite'));
  damagePhotosPage(join(copy, 'shoebox.sqlite'));
  const before = sha256File(join(copy, 'shoebox.sqlite'));
  assert.throws(
    () => openLibrary(copy),
    (e: ShoeboxError) => e.key === 'store.damaged_no_backup' && e.code === 'io' && /is damaged \(.+\) and there is no backup/.test(e.message),
  );
  const r = shoebox(['status', '--json', '--library', copy]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).error.code, 'io');
  assert.doesNotMatch(r.stderr, /internal/);
  assert.equal(sha256File(join(copy, 'shoebox.sqlite')), before, 'the damaged file is left exactly as it was');
  // Not SQLite at all (another program wrote over it): the same.
  writeFileSync(join(copy, 'shoebox.sqlite'), 'These are not the bytes you are looking for.'.repeat(200));
  assert.throws(() => openLibrary(copy), (e: ShoeboxError) => e.key === 'store.damaged_no_backup' && /not a SQLite database/.test(e.message));
});

test('backups: at most one a day when a library is used, the last 3 kept, each a sound copy', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, LAYOUT);
  assert.equal(shoebox(['status', '--library', fx.libDir]).code, 0);
  assert.equal(shoebox(['status', '--library', fx.libDir]).code, 0);
  assert.equal(listBackups(fx.libDir).length, 1, 'one backup a day, however many commands');
  const ctx = openLibrary(fx.libDir);
  try {
    let now = Date.now();
    for (let day = 1; day <= 4; day++) await takeBackup(ctx.db, fx.libDir, (now += 86_400_000));
    const kept = listBackups(fx.libDir);
    assert.equal(kept.length, 3);
    assert.equal(kept[0]!.takenAt, new Date(now).toISOString(), 'the newest kept first');
    for (const b of kept) {
      const db = new Database(b.file, { readonly: true });
      assert.equal((db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n, 5);
      db.close();
    }
  } finally {
    closeLibrary(ctx);
  }
});

test('shoebox restore puts the newest backup back after a damaged page is found, keeping the damaged file', (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, LAYOUT);
  const lib = ['--library', fx.libDir];
  assert.equal(shoebox(['status', ...lib]).code, 0); // the day's backup
  const [backup] = listBackups(fx.libDir);
  assert.ok(backup);
  // A change after the backup, then the disk fails under the photos table.
  const ctx = openLibrary(fx.libDir);
  ctx.categories.add('Receipts', ['a paper receipt']);
  closeLibrary(ctx);
  damagePhotosPage(join(fx.libDir, 'shoebox.sqlite'));
  const damagedHash = sha256File(join(fx.libDir, 'shoebox.sqlite'));

  const found = shoebox(['status', '--json', ...lib]);
  assert.equal(found.code, 1);
  assert.equal(JSON.parse(found.stdout).error.code, 'io');
  assert.match(found.stderr, /is damaged \(database disk image is malformed\)\. Shoebox did not change it\. `shoebox restore` puts back the newest good backup/);
  assert.ok(found.stderr.includes(backup.file), 'names the backup');

  const restored = shoeboxJson(['restore', ...lib]);
  assert.equal(restored.restored.file, backup.file);
  assert.ok(restored.previous && existsSync(restored.previous));
  assert.equal(sha256File(restored.previous), damagedHash, 'the damaged file is kept as it was');
  const status = shoeboxJson(['status', ...lib]);
  assert.equal(status.photos, 5, 'the photos are back');
  const folders = shoeboxJson(['folder', 'list', ...lib]).folders.map((f: { name: string }) => f.name).sort();
  assert.deepEqual(folders, ['Cats', 'Dogs'], 'as it was at the backup');
  assert.match(shoebox(['restore', '--from', 'nope.sqlite', ...lib]).stderr, /There is no backup at/);
});

test('the window: a damaged page found by a query gives a notice that offers the backup, and library.restore puts it back', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, LAYOUT);
  assert.equal(shoebox(['status', '--library', fx.libDir]).code, 0); // the day's backup
  damagePhotosPage(join(fx.libDir, 'shoebox.sqlite'));
  const ctx = openLibrary(fx.libDir); // within a day of the backup: the quick check, which does not read the photos table
  const app = new ShoeboxApp(ctx, { background: true, watch: false });
  t.after(async () => {
    await app.close();
    closeLibrary(app.ctx);
  });
  const caller = { app, transport: 'http' as const };
  const list = await invoke(caller, 'photos.list', { view: { kind: 'all' } });
  assert.ok(!list.ok && list.error.key === 'store.damaged' && list.error.code === 'io', JSON.stringify(list));
  const status = await invoke(caller, 'app.status', {});
  assert.ok(status.ok, 'the status still answers, so the window can show the notice');
  const notice = status.value.notices.find((n) => n.kind === 'database-damaged');
  assert.ok(notice && notice.kind === 'database-damaged' && notice.backup?.file === listBackups(fx.libDir)[0]!.file, JSON.stringify(status.value.notices));

  const restored = await invoke(caller, 'library.restore', {});
  assert.ok(restored.ok, JSON.stringify(restored));
  assert.equal(restored.value.photos, 5);
  assert.deepEqual(restored.value.notices.map((n) => n.kind), ['database-restored']);
  const again = await invoke(caller, 'photos.list', { view: { kind: 'all' } });
  assert.ok(again.ok && again.value.ids.length === 5, JSON.stringify(again));
  const outside = await invoke(caller, 'library.restore', { from: join(base, 'library', 'shoebox.sqlite') });
  assert.ok(!outside.ok && outside.error.key === 'store.no_such_backup', 'only the library\'s own backups');
});
