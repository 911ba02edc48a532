/**
 * One apply or undo at a time per library, across processes too, and an undo
 * that cannot run is refused at once rather than started as a job that fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../../helpers/paths.js';
import { shoeboxAsync, shoeboxJson } from '../../helpers/cli.js';
import { makeLibrary, snapshot } from '../../helpers/library-fixture.js';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';
import { invoke } from '../../../src-main/api/dispatch.js';

const TRIALS = 10;

test(`two applies started at once by two processes never run together: one is refused as a conflict (${TRIALS} trials)`, async (t) => {
  const base = tempDir(t);
  // Enough files that an apply outlasts the start-up of a second process.
  const layout = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}.jpg`, i % 2 ? 'Cats' : 'Dogs']));
  const fx = makeLibrary(base, layout, { size: 32 * 1024 });
  let refusals = 0;
  for (let i = 0; i < TRIALS; i++) {
    const dests = [join(base, `a${i}`), join(base, `b${i}`)];
    const runs = await Promise.all(dests.map((d) => shoeboxAsync(['apply', '--to', d, '--yes', '--json', '--library', fx.libDir])));
    const ok = runs.filter((r) => r.code === 0);
    assert.ok(ok.length >= 1, `trial ${i}: one apply runs: ${runs.map((r) => r.stderr).join(' | ')}`);
    if (ok.length === 2) {
      // Both ran: only allowed one after the other (the second started after the first had finished).
      const [a, b] = ok.map((r) => JSON.parse(r.stdout).batchId as number).sort((x, y) => x - y);
      const history = shoeboxJson(['history', '--library', fx.libDir]).history as { id: number; startedAt: string; finishedAt: string }[];
      const first = history.find((h) => h.id === a)!;
      const second = history.find((h) => h.id === b)!;
      assert.ok(second.startedAt >= first.finishedAt, `trial ${i}: two applies ran at once: #${a} ${first.startedAt}–${first.finishedAt}, #${b} from ${second.startedAt}`);
      continue;
    }
    refusals++;
    const refused = runs.find((r) => r.code !== 0)!;
    assert.equal(refused.code, 1);
    assert.equal(JSON.parse(refused.stdout).error.code, 'conflict', refused.stdout);
    assert.match(refused.stderr, /Another Shoebox \(process \d+\) is applying folders/);
    const ran = runs.indexOf(ok[0]!);
    assert.equal(snapshot(dests[ran]!).size, 150);
    assert.equal(snapshot(dests[1 - ran]!).size, 0, 'the refused apply wrote nothing');
  }
  t.diagnostic(`${refusals} of ${TRIALS} trials overlapped and one apply was refused; the others ran one after the other`);
  assert.ok(refusals >= TRIALS / 2, 'most trials started the two applies close enough together to contend');
});

test('the window asking to undo an apply that does not exist (or cannot be undone) is answered at once, no job started', async (t) => {
  const base = tempDir(t);
  const fx = makeLibrary(base, { 'a.jpg': 'Cats', 'b.jpg': 'Dogs' });
  const applied = shoeboxJson(['apply', '--to', join(base, 'Sorted'), '--yes', '--library', fx.libDir]);
  shoeboxJson(['undo', String(applied.batchId), '--library', fx.libDir]);
  const ctx = openLibrary(fx.libDir);
  const app = new ShoeboxApp(ctx, { background: true, watch: false });
  t.after(async () => {
    await app.close();
    closeLibrary(ctx);
  });
  const caller = { app, transport: 'http' as const };

  const missing = await invoke(caller, 'organize.undo', { batchId: 999 });
  assert.ok(!missing.ok, 'refused');
  assert.equal(!missing.ok && missing.error.code, 'not_found');
  assert.equal(!missing.ok && missing.error.key, 'organize.no_such_apply');
  const again = await invoke(caller, 'organize.undo', { batchId: applied.batchId });
  assert.ok(!again.ok && again.error.key === 'organize.already_undone');
  const ofUndo = await invoke(caller, 'organize.undo', { batchId: applied.batchId + 1 });
  assert.ok(!ofUndo.ok && ofUndo.error.key === 'organize.undo_of_undo');
  const state = await invoke(caller, 'organize.state', {});
  assert.ok(state.ok && state.value.state === 'idle', 'no job was started');
});
