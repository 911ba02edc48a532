import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { OTHER_FS, tempDir } from '../../helpers/paths.js';
import { onCleanup } from '../../helpers/cleanup.js';
import { applyPlan, listHistory, planApply, undoBatch, type OrganizeMode } from '../../../src-main/core/organize/index.js';
import { makeLibrary, open, snapshot, type Fixture } from '../../helpers/library-fixture.js';
import { sha256File } from '../../helpers/hash.js';

const LAYOUT: Record<string, string | null> = {
  'a.jpg': 'Cats',
  'b.jpg': 'Cats',
  'c.png': 'Dogs',
  'trip/a.jpg': 'Cats', // same name as a.jpg, other bytes: numbered, never overwritten
  'trip/d.jpg': 'Beach: 2024?', // unsafe folder name
  'trip/e.jpg': null, // in no folder: only with --unsorted
  'f.JPG': 'Dogs',
};

for (const mode of ['copy', 'move', 'hardlink', 'symlink', ...(OTHER_FS ? ['move-other-drive'] : [])] as const) {
  test(`apply in ${mode} mode puts each photo's bytes exactly where the plan says, and undo puts everything back`, async (t) => {
    const base = tempDir(t);
    const fx = makeLibrary(base, LAYOUT);
    const realMode: OrganizeMode = mode === 'move-other-drive' ? 'move' : (mode as OrganizeMode);
    const dest = mode === 'move-other-drive' ? join(tempDir(t, 'shoebox-dest-', OTHER_FS!), 'Sorted') : join(base, 'Sorted');
    const before = snapshot(fx.photosDir);
    const ctx = open(fx);
    t.after(() => ctx.db.close());

    const plan = await planApply(ctx, { destRoot: dest, mode: realMode, unsorted: true });
    assert.deepEqual(plan.problems, []);
    assert.equal(existsSync(join(dest, 'Cats')), false, 'a preview writes nothing');
    const byName = new Map(plan.ops.map((o) => [o.source.slice(fx.photosDir.length + 1), o]));
    assert.equal(byName.get('a.jpg')!.dest, join(dest, 'Cats', 'a.jpg'));
    assert.equal(byName.get('trip/a.jpg')!.dest, join(dest, 'Cats', 'a (1).jpg'));
    assert.equal(byName.get('trip/d.jpg')!.dest, join(dest, 'Beach_ 2024_', 'd.jpg'));
    assert.equal(byName.get('trip/e.jpg')!.dest, join(dest, 'Unsorted', 'e.jpg'));
    assert.equal(plan.totals.files, 7);
    assert.equal(plan.bytesNeeded, realMode === 'copy' || mode === 'move-other-drive' ? plan.totals.bytes : 0);

    const report = await applyPlan(ctx, plan);
    assert.equal(report.state, 'done');
    assert.equal(report.done, 7);

    // Every planned destination holds the original bytes; nothing else was written (no temp files).
    const after = snapshot(dest);
    assert.deepEqual([...after.keys()].sort(), plan.ops.map((o) => o.dest.slice(dest.length + 1)).sort());
    for (const o of plan.ops) {
      const rel = o.source.slice(fx.photosDir.length + 1);
      if (realMode === 'symlink') {
        assert.equal(readlinkSync(o.dest), o.source);
        assert.equal(sha256File(o.dest), before.get(rel));
      } else {
        assert.equal(sha256File(o.dest), before.get(rel), `${o.dest} holds ${rel}'s bytes`);
      }
      if (realMode === 'hardlink') assert.equal(lstatSync(o.dest).ino, lstatSync(o.source).ino);
      if (realMode === 'copy') assert.ok(Math.abs(statSync(o.dest).mtimeMs - statSync(o.source).mtimeMs) < 1, 'a copy keeps its date');
    }
    if (realMode === 'move') {
      assert.equal(snapshot(fx.photosDir).size, 0, 'moved, not copied');
      for (const o of plan.ops) assert.equal(ctx.photos.byId(o.photoId)!.path, o.dest, 'the library follows the move');
      assert.ok(ctx.settings.roots().includes(dest), 'the destination became a library folder, so the photos stay in the library');
      assert.equal(ctx.categories.manual().get(fx.photos[0]!.id), ctx.categories.byName('Cats')!.id, 'manual choices follow');
    } else {
      assert.deepEqual(snapshot(fx.photosDir), before, 'the originals are untouched');
    }

    const again = await planApply(ctx, { destRoot: dest, mode: realMode, unsorted: true });
    assert.equal(again.totals.files, 0, 'applying twice: the second time has nothing to do');

    const undo = await undoBatch(ctx, undefined);
    assert.equal(undo.state, 'done');
    assert.deepEqual(snapshot(fx.photosDir), before, 'undo restores every photo, byte for byte');
    assert.equal(snapshot(dest).size, 0, 'undo leaves nothing in the destination');
    assert.equal(existsSync(join(dest, 'Cats')), false, 'emptied category folders are removed');
    for (const p of fx.photos) assert.equal(ctx.photos.byId(p.id)!.path, p.path);
    if (realMode === 'move') assert.ok(!ctx.settings.roots().includes(dest));
    const [u, a] = listHistory(ctx);
    assert.equal(u!.kind, 'undo');
    assert.equal(a!.state, 'undone');
    await assert.rejects(undoBatch(ctx, a!.id), /already undone/);
  });
}

test('conflicts: a different file with the name gets a number; identical bytes are skipped and reported; nothing is overwritten', async (t) => {
  const base = tempDir(t);
  const dup = Buffer.from('the same bytes twice');
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': 'Cats', 'x/b.jpg': 'Cats', 'c.jpg': 'Cats' }, { content: { 'b.jpg': dup, 'x/b.jpg': dup } });
  const dest = join(base, 'Sorted');
  mkdirSync(join(dest, 'Cats'), { recursive: true });
  writeFileSync(join(dest, 'Cats', 'a.jpg'), 'someone else’s photo');
  writeFileSync(join(dest, 'Cats', 'c.jpg'), readFileSync(join(fx.photosDir, 'c.jpg')));
  const existing = snapshot(dest);
  const ctx = open(fx);
  t.after(() => ctx.db.close());

  const plan = await planApply(ctx, { destRoot: dest, mode: 'copy' });
  const op = (rel: string) => plan.ops.find((o) => o.source === join(fx.photosDir, rel))!;
  assert.equal(op('a.jpg').dest, join(dest, 'Cats', 'a (1).jpg'));
  assert.equal(op('c.jpg').action, 'skip');
  assert.match(op('c.jpg').reason!, /identical/i);
  assert.equal(op('b.jpg').action, 'copy');
  assert.equal(op('x/b.jpg').action, 'skip', 'two photos with the same bytes go to one folder once');

  // A file that appears after the preview is not overwritten either.
  writeFileSync(join(dest, 'Cats', 'b.jpg'), 'arrived after the preview');
  const report = await applyPlan(ctx, plan);
  assert.equal(report.state, 'done');
  for (const [rel, hash] of existing) assert.equal(sha256File(join(dest, rel)), hash, `${rel} untouched`);
  assert.equal(readFileSync(join(dest, 'Cats', 'b.jpg'), 'utf8'), 'arrived after the preview');
  assert.deepEqual(readFileSync(join(dest, 'Cats', 'b (1).jpg')), dup);
  assert.equal(sha256File(join(dest, 'Cats', 'a (1).jpg')), fx.photos[0]!.hash);
});

test('unsafe, colliding and over-long (300-byte Korean) category names become distinct folders every OS accepts', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { '1.jpg': 'CON', '2.jpg': 'a:b', '3.jpg': 'a?b', '4.jpg': 'Trip. ', '5.jpg': '가'.repeat(100), '6.jpg': 'Unsorted!' });
  const ctx = open(fx);
  t.after(() => ctx.db.close());
  const dest = join(base, 'Sorted');
  const plan = await planApply(ctx, { destRoot: dest, mode: 'copy' });
  const folders = plan.folders.map((f) => f.folder).sort();
  assert.deepEqual(folders, ['Trip', 'Unsorted!', '_CON', 'a_b', 'a_b (2)', '가'.repeat(40)].sort());
  const report = await applyPlan(ctx, plan);
  assert.equal(report.done, 6);
  for (const f of folders) assert.ok(statSync(join(dest, f)).isDirectory());
});

test('a read-only destination: a clear error, nothing changed, nothing left half-written', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': 'Dogs' });
  const dest = join(base, 'ro');
  mkdirSync(dest);
  const before = snapshot(fx.photosDir);
  // root ignores permission bits: the immutable attribute stops even root.
  let locked = false;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', dest], { stdio: 'ignore' });
      locked = true;
      onCleanup(t, () => execFileSync('chattr', ['-i', dest], { stdio: 'ignore' })); // before the folder is removed
    } catch {
      locked = false;
    }
  } else {
    execFileSync('chmod', ['555', dest]);
    locked = true;
    onCleanup(t, () => execFileSync('chmod', ['755', dest])); // before the folder is removed
  }
  if (!locked) return t.skip('cannot make a read-only folder here');
  const ctx = open(fx);
  t.after(() => ctx.db.close());
  for (const mode of ['copy', 'move'] as const) {
    const plan = await planApply(ctx, { destRoot: dest, mode });
    if (plan.problems.length) {
      assert.match(plan.problems.join('\n'), /may not write/);
      await assert.rejects(applyPlan(ctx, plan), /may not write/);
    } else {
      const report = await applyPlan(ctx, plan);
      assert.equal(report.state, 'failed');
      assert.match(report.message!, /Nothing was lost/);
      assert.equal(report.done, 0);
    }
    assert.deepEqual(snapshot(fx.photosDir), before);
    assert.equal(snapshot(dest).size, 0);
    const open_ = ctx.db.prepare("SELECT count(*) AS n FROM apply_ops WHERE state = 'started'").get() as { n: number };
    assert.equal(open_.n, 0, 'no operation left half-done in the journal');
  }
  for (const p of fx.photos) assert.equal(ctx.photos.byId(p.id)!.path, p.path);
});

test('a destination inside the photo folder: copies refused (they would be indexed again), moves sort in place', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': 'Dogs', 'Cats/c.jpg': 'Cats' });
  const ctx = open(fx);
  t.after(() => ctx.db.close());
  for (const mode of ['copy', 'hardlink', 'symlink'] as const) {
    const plan = await planApply(ctx, { destRoot: fx.photosDir, mode });
    assert.match(plan.problems.join('\n'), /inside the library folder/);
    await assert.rejects(applyPlan(ctx, plan), /inside the library folder/);
  }
  await assert.rejects(planApply(ctx, { destRoot: join(fx.libDir, 'x'), mode: 'copy' }).then((p) => applyPlan(ctx, p)), /library folder/);

  const plan = await planApply(ctx, { destRoot: fx.photosDir, mode: 'move' });
  assert.deepEqual(plan.problems, []);
  assert.equal(plan.ops.find((o) => o.source.endsWith('Cats/c.jpg'))!.reason, 'Already in place.');
  const report = await applyPlan(ctx, plan);
  assert.equal(report.done, 2);
  assert.deepEqual([...snapshot(fx.photosDir).keys()].sort(), ['Cats/a.jpg', 'Cats/c.jpg', 'Dogs/b.jpg']);
  assert.deepEqual(ctx.settings.roots(), [fx.photosDir], 'no extra library folder for a move inside one');
  const again = await planApply(ctx, { destRoot: fx.photosDir, mode: 'move' });
  assert.equal(again.totals.files, 0, 'a second apply has nothing to do');
});

test('cancel stops between files; the files done stay and can be undone', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}.jpg`, 'Cats'])));
  const ctx = open(fx);
  t.after(() => ctx.db.close());
  const dest = join(base, 'Sorted');
  const plan = await planApply(ctx, { destRoot: dest, mode: 'move' });
  const controller = new AbortController();
  let n = 0;
  const report = await applyPlan(ctx, plan, { signal: controller.signal, onStep: (p) => p === 'op-done' && ++n === 3 && controller.abort() });
  assert.equal(report.state, 'cancelled');
  assert.equal(report.done, 3);
  assert.equal(snapshot(dest).size, 3);
  assert.equal(snapshot(fx.photosDir).size, 7);
  await undoBatch(ctx, report.batchId);
  assert.equal(snapshot(fx.photosDir).size, 10);
});
