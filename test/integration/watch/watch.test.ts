/**
 * The watcher keeps the library in step with the folders: real files, real
 * chokidar, the real indexer and the tiny CLIP model. Waits are bounded polls
 * (the bound is a failure limit, not a speed goal).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, TINY_CLIP } from '../../helpers/paths.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { openLibrary, type LibraryContext } from '../../../src-main/core/context.js';
import { chooseModel, loadActiveModel, type ActiveModel } from '../../../src-main/core/models/active-model.js';
import { watchLibrary, coverFolders, type WatchPass } from '../../../src-main/core/library/watch.js';
import { hashBytes } from '../../../src-main/core/library/identity.js';

const BOUND_MS = 30_000;

async function waitFor(what: string, cond: () => boolean, boundMs = BOUND_MS): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > boundMs) assert.fail(`the library did not reflect it within ${boundMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function setup(t: { after(fn: () => unknown): void }, count: number): Promise<{ ctx: LibraryContext; active: ActiveModel; dir: string; staged: string[] }> {
  const base = tempDir(t);
  const dir = join(base, 'photos');
  const staging = join(base, 'staging');
  mkdirSync(dir);
  await generatePhotos({ outDir: dir, count, seed: 3, minSize: 64, maxSize: 96 });
  const staged = (await generatePhotos({ outDir: staging, count: 8, seed: 99, minSize: 64, maxSize: 96 })).map((p) => p.file);
  const ctx = openLibrary(join(base, 'library'));
  ctx.settings.addRoot(dir);
  chooseModel(ctx, TINY_CLIP);
  const active = await loadActiveModel(ctx);
  t.after(async () => {
    await active.model.release();
    ctx.db.close();
  });
  return { ctx, active, dir, staged };
}

test('add, modify, delete, rename, move between folders, rename a folder, unplug a drive: the library follows each', async (t) => {
  const { ctx, active, dir, staged } = await setup(t, 6);
  const passes: WatchPass[] = [];
  const errors: Error[] = [];
  const watcher = watchLibrary(ctx, active, { debounceMs: 150, offlinePollMs: 200, onPass: (p) => passes.push(p), onError: (e) => errors.push(e) });
  t.after(() => watcher.close());
  await watcher.ready;
  const model = active.record.id;
  const rows = () => ctx.photos.all();
  const at = (p: string) => ctx.photos.byPath(p);
  assert.equal(rows().length, 6, 'the catch-up pass indexed the folder');
  const [a, b, c, d] = rows();
  const cats = ctx.categories.add('Cats', ['a cat']);
  ctx.categories.assignManual(c!.id, cats.id);

  // add
  const added = join(dir, 'new.jpg');
  copyFileSync(staged[0]!, added);
  await waitFor('a new photo is indexed', () => at(added) !== undefined && ctx.vectors.has(at(added)!.id, model));

  // modify: new bytes, same name → same row, new hash, new vector
  const oldVector = ctx.vectors.get(a!.id, model)!;
  const newBytes = readFileSync(staged[1]!);
  writeFileSync(a!.path, newBytes);
  await waitFor('a changed photo is re-embedded', () => at(a!.path)?.hash === hashBytes(newBytes) && ctx.vectors.has(a!.id, model));
  assert.equal(at(a!.path)!.id, a!.id);
  assert.notDeepEqual(ctx.vectors.get(a!.id, model), oldVector);

  // delete
  unlinkSync(b!.path);
  await waitFor('a deleted photo leaves the library', () => at(b!.path) === undefined);

  // rename: same row, vector and manual folder
  const renamed = join(dir, 'renamed.jpg');
  renameSync(c!.path, renamed);
  await waitFor('a renamed photo is recognised by its bytes', () => at(renamed)?.id === c!.id);
  assert.equal(ctx.categories.manual().get(c!.id), cats.id, 'its manual folder follows');
  assert.ok(ctx.vectors.has(c!.id, model));

  // move to another folder, then rename that folder
  mkdirSync(join(dir, 'trip'));
  renameSync(d!.path, join(dir, 'trip', 'd.jpg'));
  await waitFor('a photo moved to another folder keeps its row', () => at(join(dir, 'trip', 'd.jpg'))?.id === d!.id);
  renameSync(join(dir, 'trip'), join(dir, 'trip-2024'));
  await waitFor('a renamed folder keeps its photos', () => at(join(dir, 'trip-2024', 'd.jpg'))?.id === d!.id);
  assert.equal(rows().length, 6, 'nothing was duplicated or lost along the way');

  // the drive goes away: offline, not deleted; it comes back: online again
  const away = dir + '-unplugged';
  renameSync(dir, away);
  await waitFor('photos of an absent drive are marked offline', () => rows().every((r) => r.offline === 1));
  assert.equal(rows().length, 6, 'an absent drive deletes nothing');
  renameSync(away, dir);
  await waitFor('photos are back online when the drive is', () => rows().every((r) => r.offline === 0));
  assert.deepEqual(errors, []);
});

test('a burst of 1,000 new files is indexed in a few passes, each file once', async (t) => {
  const { ctx, active, dir, staged } = await setup(t, 2);
  const passes: WatchPass[] = [];
  const watcher = watchLibrary(ctx, active, { debounceMs: 300, onPass: (p) => passes.push(p) });
  t.after(() => watcher.close());
  await watcher.ready;
  passes.length = 0;
  const bases = staged.map((f) => readFileSync(f));
  mkdirSync(join(dir, 'import'));
  // Distinct bytes per file (a JPEG ignores what follows its end marker), like a camera import.
  for (let i = 0; i < 1000; i++) writeFileSync(join(dir, 'import', `IMG_${String(i).padStart(4, '0')}.jpg`), Buffer.concat([bases[i % 8]!, Buffer.from(`#${i}`)]));
  await waitFor('all 1,000 are in the library with vectors', () => ctx.vectors.count(active.record.id) === 1002, 120_000);
  await watcher.idle();
  const total = passes.reduce(
    (s, p) => ({ added: s.added + p.summary.added, updated: s.updated + p.summary.updated, moved: s.moved + p.summary.moved, passes: s.passes + 1 }),
    { added: 0, updated: 0, moved: 0, passes: 0 },
  );
  t.diagnostic(`${total.passes} pass(es)`);
  assert.equal(total.added, 1000, 'each new file added once');
  assert.equal(total.updated, 0, 'no file indexed a second time');
  assert.ok(total.passes < 50, `batched, not one pass per file (${total.passes})`);
});

test('coverFolders: the fewest existing folders that cover the changes, the root when its drive is gone', (t) => {
  const base = tempDir(t);
  mkdirSync(join(base, 'r', 'a', 'b'), { recursive: true });
  const r = join(base, 'r');
  assert.deepEqual(coverFolders([join(r, 'a', 'x.jpg'), join(r, 'a', 'b', 'y.jpg')], [r]), [join(r, 'a')]);
  assert.deepEqual(coverFolders([join(r, 'gone', 'deeper', 'x.jpg')], [r]), [r]);
  assert.deepEqual(coverFolders([join(base, 'elsewhere.jpg')], [r]), []);
  assert.deepEqual(coverFolders([join(base, 'missing-root', 'x.jpg')], [join(base, 'missing-root')]), [join(base, 'missing-root')]);
});

test('a library folder inside a watched photo folder: its thumbnails never start a pass, nor become photos', async (t) => {
  const base = tempDir(t);
  const dir = join(base, 'photos');
  await generatePhotos({ outDir: dir, count: 4, seed: 7, minSize: 64, maxSize: 96 });
  const staged = (await generatePhotos({ outDir: join(base, 'staging'), count: 3, seed: 8, minSize: 64, maxSize: 96 })).map((p) => p.file);
  const library = join(dir, 'Shoebox');
  const ctx = openLibrary(library);
  ctx.settings.addRoot(dir);
  chooseModel(ctx, TINY_CLIP);
  const active = await loadActiveModel(ctx);
  const passes: WatchPass[] = [];
  const watcher = watchLibrary(ctx, active, { debounceMs: 100, onPass: (p) => passes.push(p) });
  t.after(async () => {
    await watcher.close();
    await active.model.release();
    ctx.db.close();
  });
  await watcher.ready;
  await watcher.idle();
  for (const f of staged) copyFileSync(f, join(dir, `new-${staged.indexOf(f)}.jpg`));
  await waitFor('the new photos are indexed', () => ctx.photos.all().length === 7);
  // Their thumbnails land in the library folder; give any pass they would start time to run.
  await new Promise((r) => setTimeout(r, 1500));
  await watcher.idle();
  assert.equal(ctx.photos.all().length, 7, 'only the photos, no thumbnail');
  const inLibrary = passes.flatMap((p) => p.folders).filter((f) => f === library || f.startsWith(library + '/'));
  assert.deepEqual(inLibrary, [], 'no pass over the library folder');
  assert.ok(passes.length <= 3, `${passes.length} passes for one copy of three photos`);
});
