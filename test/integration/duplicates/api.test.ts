/**
 * The window's duplicate commands through the API gate (dispatch), as the
 * window calls them: list, change the keeper, preview then apply by id (to
 * the trash, an organize batch with progress), undo, "not duplicates".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeLibrary, openLibrary } from '../../../src-main/core/context.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';
import { invoke } from '../../../src-main/api/dispatch.js';
import type { OrganizeState } from '../../../src-main/api/contract.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';
import { tempDir } from '../../helpers/paths.js';
import { shoeboxJson } from '../../helpers/cli.js';

const A = Buffer.alloc(3000, 'a');
const B = Buffer.alloc(5000, 'b');

function finished(app: ShoeboxApp): Promise<OrganizeState> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const s = app.jobs.organize.state;
      if (s.state === 'done' || s.state === 'error') resolve(s);
      return s.state === 'done' || s.state === 'error';
    };
    if (check()) return;
    const off = app.events.on((e) => e === 'organize.progress' && check() && off());
  });
}

test('duplicates over the API: list, keep another photo, preview and apply to the trash by id, undo, not duplicates', { skip: process.platform !== 'linux' && 'the trash is tested on Linux' }, async (t) => {
  const dir = tempDir(t);
  const fx = makeLibrary(dir, { 'a.jpg': null, 'backup/a.jpg': null, 'b.jpg': null, 'old/b.jpg': null, 'c.jpg': null }, { content: { 'a.jpg': A, 'backup/a.jpg': A, 'b.jpg': B, 'old/b.jpg': B } });
  const prev = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = join(dir, 'xdg');
  t.after(() => (prev === undefined ? delete process.env.XDG_DATA_HOME : (process.env.XDG_DATA_HOME = prev)));
  const ctx = openLibrary(fx.libDir);
  const app = new ShoeboxApp(ctx, { background: true, watch: false });
  t.after(async () => {
    await app.close();
    closeLibrary(ctx);
  });
  const c = { app, transport: 'http' as const };
  const before = snapshot(fx.photosDir);

  const list = await invoke(c, 'duplicates.list', {});
  assert.ok(list.ok, JSON.stringify(list));
  const groups = list.value.groups;
  assert.deepEqual(groups.map((g) => [g.kind, g.photos.length, g.saving]), [['exact', 2, 5000], ['exact', 2, 3000]], 'largest saving first');
  const gb = groups[0]!;
  const suggested = gb.photos.find((p) => p.keep)!;
  assert.ok(suggested.suggested);
  const other = gb.photos.find((p) => !p.keep)!;

  // The user keeps the other one.
  const kept = await invoke(c, 'duplicates.keep', { key: gb.key, photoId: other.id });
  assert.ok(kept.ok);
  const gb2 = kept.value.groups.find((g) => g.key === gb.key)!;
  assert.deepEqual(gb2.photos.map((p) => [p.id, p.keep, p.suggested]).sort(), [[other.id, true, false], [suggested.id, false, true]].sort());
  const bad = await invoke(c, 'duplicates.keep', { key: gb.key, photoId: 999 });
  assert.ok(!bad.ok && bad.error.key === 'duplicates.not_in_group');
  const badArgs = await invoke(c, 'duplicates.preview', { groups: ['x'] as never });
  assert.ok(!badArgs.ok && badArgs.error.code === 'invalid_args');

  const plan = await invoke(c, 'duplicates.preview', { groups: [gb.key] });
  assert.ok(plan.ok, JSON.stringify(plan));
  assert.equal(plan.value.toTrash, true);
  assert.deepEqual(plan.value.moves.map((m) => m.path), [suggested.path], 'the photo not chosen goes');
  assert.deepEqual(snapshot(fx.photosDir), before, 'a preview moves nothing');
  const ran = await invoke(c, 'duplicates.apply', { planId: plan.value.planId });
  assert.ok(ran.ok && ran.value.state === 'running', JSON.stringify(ran));
  const done = await finished(app);
  assert.equal(done.state, 'done', JSON.stringify(done.error));
  assert.equal(done.report!.done, 1);
  assert.deepEqual(readdirSync(join(dir, 'xdg', 'Trash', 'files')), ['b.jpg']);
  const again = await invoke(c, 'duplicates.apply', { planId: plan.value.planId });
  assert.ok(!again.ok && again.error.key === 'organize.stale_plan', 'a plan runs once');
  const after = await invoke(c, 'duplicates.list', {});
  assert.ok(after.ok && after.value.groups.length === 1);

  // Undo, as the window's result offers it.
  const undo = await invoke(c, 'organize.undo', { batchId: done.report!.batchId });
  assert.ok(undo.ok);
  assert.equal((await finished(app)).state, 'done');
  assert.deepEqual(snapshot(fx.photosDir), before, 'back, byte-identical');

  // Not duplicates: gone, and stays gone.
  const listed = await invoke(c, 'duplicates.list', {});
  assert.ok(listed.ok);
  const ga = listed.value.groups.find((g) => g.saving === 3000)!;
  const dis = await invoke(c, 'duplicates.dismiss', { key: ga.key });
  assert.ok(dis.ok && dis.value.groups.length === 1);
  const gone = await invoke(c, 'duplicates.preview', { groups: [ga.key] });
  assert.ok(!gone.ok && gone.error.key === 'duplicates.group_gone');
});

test('the keeper chosen in the window lasts: a new app (a restart) lists it, and the CLI resolve keeps it', async (t) => {
  const dir = tempDir(t);
  const fx = makeLibrary(dir, { 'a.jpg': null, 'backup/a.jpg': null, 'c.jpg': null }, { content: { 'a.jpg': A, 'backup/a.jpg': A } });
  const open = (): { app: ShoeboxApp; close: () => Promise<void> } => {
    const ctx = openLibrary(fx.libDir);
    const app = new ShoeboxApp(ctx, { background: true, watch: false });
    return { app, close: async () => { await app.close(); closeLibrary(ctx); } };
  };
  const first = open();
  const c = { app: first.app, transport: 'http' as const };
  const listed = await invoke(c, 'duplicates.list', {});
  assert.ok(listed.ok);
  const g = listed.value.groups[0]!;
  const other = g.photos.find((p) => !p.keep)!;
  assert.ok((await invoke(c, 'duplicates.keep', { key: g.key, photoId: other.id })).ok);
  await first.close();

  const second = open();
  try {
    const again = await invoke({ app: second.app, transport: 'http' as const }, 'duplicates.list', {});
    assert.ok(again.ok);
    assert.deepEqual(again.value.groups[0]!.photos.filter((p) => p.keep).map((p) => p.id), [other.id], 'still the chosen one after a restart');
  } finally {
    await second.close();
  }

  const dry = shoeboxJson(['duplicates', 'resolve', '--all', '--to', join(dir, 'out'), '--dry-run', '--library', fx.libDir]);
  assert.deepEqual(dry.moves.map((m: { path: string }) => m.path), [g.photos.find((p) => p.suggested)!.path], 'the CLI moves the suggested one, keeping the chosen');
});
