/**
 * Kill tests: an apply (copy, move, move to another drive) or an undo runs in
 * a child process that is SIGKILLed at 20 random points of its work (each a
 * point where a crash leaves a different state on disk); sometimes the
 * recovery is killed too. After recovery no photo is lost or left twice, every
 * file is byte-identical, and the journal is clean. The seed is printed; set
 * SHOEBOX_KILL_SEED to replay a run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KILL_CHILD, OTHER_FS, tempDir } from '../../helpers/paths.js';
import { runKillChild } from '../../helpers/kill-run.js';
import type { Owner } from '../../helpers/cleanup.js';
import { shoebox } from '../../helpers/cli.js';
import { mulberry32 } from '../../fixtures/synth/photos.js';
import { applyPlan, planApply, recoverInterruptedBatches, type OrganizeMode } from '../../../src-main/core/organize/index.js';
import { makeLibrary, open, snapshot, type Fixture } from '../../helpers/library-fixture.js';
import { sha256File } from '../../helpers/hash.js';

const POINTS = 20;
const SEED = Number(process.env.SHOEBOX_KILL_SEED ?? Date.now() % 1_000_000);

const LAYOUT: Record<string, string | null> = {
  'a.jpg': 'Cats',
  'b.jpg': 'Cats',
  'c.jpg': 'Dogs',
  'sub/a.jpg': 'Cats',
  'sub/d.png': 'Beach',
  'sub/e.jpg': null,
  'f.jpg': 'Dogs',
  'g.jpg': 'Beach',
};

interface Run {
  fx: Fixture;
  dest: string;
  before: Map<string, string>;
}

const child = (args: string[]) => runKillChild(args);

function fresh(base: string, i: number, otherDrive: boolean, t: Owner): Run {
  const dir = join(base, `run${i}`);
  mkdirSync(dir);
  const fx = makeLibrary(dir, LAYOUT, { seed: 7 });
  let dest = join(dir, 'Sorted');
  if (otherDrive) {
    const d = tempDir(t, 'shoebox-kill-', OTHER_FS!);
    dest = join(d, 'Sorted');
  }
  return { fx, dest, before: snapshot(fx.photosDir) };
}

function points(total: number, rng: () => number): number[] {
  const all = Array.from({ length: total }, (_, i) => i + 1);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, POINTS).sort((a, b) => a - b);
}

/** The journal is clean: nothing running, nothing half-done, and no temporary file anywhere. */
function assertClean(run: Run, label: string): void {
  const ctx = open(run.fx);
  try {
    const running = ctx.db.prepare("SELECT count(*) AS n FROM apply_batches WHERE state = 'running'").get() as { n: number };
    const started = ctx.db.prepare("SELECT count(*) AS n FROM apply_ops WHERE state = 'started'").get() as { n: number };
    assert.equal(running.n, 0, `${label}: a batch is still running`);
    assert.equal(started.n, 0, `${label}: an op is still half-done`);
  } finally {
    ctx.db.close();
  }
  for (const dir of [run.fx.photosDir, run.dest]) {
    for (const p of snapshot(dir).keys()) assert.ok(!p.includes('.shoebox-'), `${label}: temporary file left: ${p}`);
  }
}

/** Every photo is in exactly one of the two states the journal allows: as before, or as applied. */
function assertOutcome(run: Run, mode: OrganizeMode, label: string): 'rolled_back' | 'done' {
  assertClean(run, label);
  const ctx = open(run.fx);
  try {
    const batch = ctx.db.prepare("SELECT * FROM apply_batches WHERE kind = 'apply' ORDER BY id DESC").get() as { id: number; state: string } | undefined;
    const photos = snapshot(run.fx.photosDir);
    const dest = snapshot(run.dest);
    if (!batch || batch.state === 'rolled_back') {
      assert.deepEqual(photos, run.before, `${label}: every photo back in place, byte-identical`);
      assert.equal(dest.size, 0, `${label}: nothing left in the destination`);
      for (const p of run.fx.photos) assert.equal(ctx.photos.byId(p.id)!.path, p.path, `${label}: library path`);
      return 'rolled_back';
    }
    assert.equal(batch.state, 'done', label);
    const ops = ctx.db.prepare("SELECT * FROM apply_ops WHERE batch_id = ? AND action != 'skip'").all(batch.id) as { photo_id: number; source: string; dest: string }[];
    assert.equal(ops.length, run.fx.photos.length);
    for (const o of ops) {
      const rel = o.source.slice(run.fx.photosDir.length + 1);
      assert.equal(sha256File(o.dest), run.before.get(rel), `${label}: ${o.dest}`);
      if (mode === 'move') assert.equal(ctx.photos.byId(o.photo_id)!.path, o.dest, `${label}: library follows`);
    }
    if (mode === 'copy') assert.deepEqual(photos, run.before, `${label}: originals untouched`);
    else assert.equal(photos.size, 0, `${label}: moved, not duplicated`);
    assert.equal(dest.size, ops.length, `${label}: exactly the planned files`);
    return 'done';
  } finally {
    ctx.db.close();
  }
}

async function recover(run: Run, rng: () => number, label: string, t: { diagnostic(m: string): void }): Promise<void> {
  // Now and then the recovery itself is killed part-way; the next one must still put everything right.
  if (rng() < 0.3) {
    const k = 1 + Math.floor(rng() * 6);
    const r = child([run.fx.libDir, 'recover', '-', '-', String(k)]);
    t.diagnostic(`${label}: recovery ${r.signal === 'SIGKILL' ? `killed at step ${k}` : 'finished before its kill point'}`);
  }
  const ctx = open(run.fx);
  try {
    await recoverInterruptedBatches(ctx);
  } finally {
    ctx.db.close();
  }
}

const APPLY_MODES: { name: string; mode: OrganizeMode; otherDrive: boolean }[] = [
  { name: 'copy', mode: 'copy', otherDrive: false },
  { name: 'move', mode: 'move', otherDrive: false },
  ...(OTHER_FS ? [{ name: 'move to another drive', mode: 'move' as const, otherDrive: true }] : []),
];

for (const m of APPLY_MODES) {
  test(`apply (${m.name}) killed at ${POINTS} random points: after recovery nothing is lost or duplicated (seed ${SEED})`, async (t) => {
    const base = tempDir(t);
    const rng = mulberry32(SEED + m.name.length);
    const full = fresh(base, 0, m.otherDrive, t);
    const counted = child([full.fx.libDir, 'apply', m.mode, full.dest, '0']);
    assert.equal(counted.status, 0, counted.stderr);
    assert.equal(assertOutcome(full, m.mode, 'uninterrupted'), 'done');
    const outcomes = { rolled_back: 0, done: 0 };
    for (const [i, k] of points(counted.steps, rng).entries()) {
      const run = fresh(base, i + 1, m.otherDrive, t);
      const r = child([run.fx.libDir, 'apply', m.mode, run.dest, String(k)]);
      assert.equal(r.signal, 'SIGKILL', `killed at step ${k} of ${counted.steps}`);
      if (i === 0) {
        // The CLI recovers at start, and says what it did.
        const cli = shoebox(['history', '--library', run.fx.libDir]);
        assert.equal(cli.code, 0, cli.stderr);
        if (k < counted.steps) assert.match(cli.stderr, /rolled back: every photo is where it was/);
      } else {
        await recover(run, rng, `step ${k}`, t);
      }
      outcomes[assertOutcome(run, m.mode, `killed at step ${k}/${counted.steps}`)]++;
    }
    t.diagnostic(`steps ${counted.steps}; ${outcomes.rolled_back} rolled back, ${outcomes.done} had finished`);
  });
}

for (const mode of ['copy', 'move'] as const) {
  test(`undo of a ${mode} killed at ${POINTS} random points: recovery finishes it, every photo back byte-identical (seed ${SEED})`, async (t) => {
    const base = tempDir(t);
    const rng = mulberry32(SEED + 100 + mode.length);
    const prepare = async (i: number): Promise<Run> => {
      const run = fresh(base, i, false, t);
      const ctx = open(run.fx);
      try {
        const report = await applyPlan(ctx, await planApply(ctx, { destRoot: run.dest, mode, unsorted: true }));
        assert.equal(report.state, 'done');
      } finally {
        ctx.db.close();
      }
      return run;
    };
    const full = await prepare(0);
    const counted = child([full.fx.libDir, 'undo', '-', '-', '0']);
    assert.equal(counted.status, 0, counted.stderr);
    for (const [i, k] of [0, ...points(counted.steps, rng)].entries()) {
      const run = i === 0 ? full : await prepare(i);
      if (k > 0) {
        const r = child([run.fx.libDir, 'undo', '-', '-', String(k)]);
        assert.equal(r.signal, 'SIGKILL', `undo killed at step ${k} of ${counted.steps}: ${r.status} ${r.stderr}`);
        await recover(run, rng, `undo step ${k}`, t);
      }
      const label = `undo killed at step ${k}/${counted.steps}`;
      assertClean(run, label);
      assert.deepEqual(snapshot(run.fx.photosDir), run.before, `${label}: every photo back, byte-identical`);
      assert.equal(snapshot(run.dest).size, 0, `${label}: nothing left in the destination`);
      const ctx = open(run.fx);
      try {
        const states = ctx.db.prepare('SELECT kind, state FROM apply_batches ORDER BY id').all();
        assert.deepEqual(states, [
          { kind: 'apply', state: 'undone' },
          { kind: 'undo', state: 'done' },
        ]);
        for (const p of run.fx.photos) assert.equal(ctx.photos.byId(p.id)!.path, p.path);
      } finally {
        ctx.db.close();
      }
    }
  });
}

/** Also by the clock, with larger files, so some kills land in the middle of writing a file's bytes. */
for (const m of APPLY_MODES.filter((x) => x.name !== 'move')) {
  test(`apply (${m.name}) killed by the clock mid-file: recovery leaves no partial file (seed ${SEED})`, async (t) => {
    const base = tempDir(t);
    const rng = mulberry32(SEED + 7 + m.name.length);
    const big = Object.fromEntries(Object.keys(LAYOUT).slice(0, 5).map((k) => [k, LAYOUT[k]!]));
    const outcomes = { rolled_back: 0, done: 0 };
    for (let i = 0; i < 6; i++) {
      const dir = join(base, `clock${i}`);
      mkdirSync(dir);
      const fx = makeLibrary(dir, big, { seed: i, size: 3_000_000 });
      let dest = join(dir, 'Sorted');
      let shm: string | undefined;
      if (m.otherDrive) {
        shm = tempDir(t, 'shoebox-kill-', OTHER_FS!);
        dest = join(shm, 'Sorted');
      }
      const run: Run = { fx, dest, before: snapshot(fx.photosDir) };
      const delay = 100 + Math.floor(rng() * 450);
      const proc = spawn(process.execPath, [KILL_CHILD, fx.libDir, 'apply', m.mode, dest, '0'], { stdio: 'ignore' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), delay);
      await new Promise((res) => proc.on('exit', res));
      clearTimeout(timer);
      await recover(run, rng, `clock ${delay} ms`, t);
      outcomes[assertOutcome(run, m.mode, `killed after ${delay} ms`)]++;
      rmSync(dir, { recursive: true, force: true }); // /dev/shm is small in containers: free it run by run
      if (shm) rmSync(shm, { recursive: true, force: true });
    }
    t.diagnostic(`${outcomes.rolled_back} rolled back, ${outcomes.done} had finished`);
  });
}
