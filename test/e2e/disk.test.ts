/**
 * The app and the files on disk, in a real browser against `shoebox serve`:
 *   - the folder watcher: a photo copied into a library folder while the window
 *     is open appears in the grid without pressing anything;
 *   - organize on disk in copy mode: the preview lists exactly the photos of
 *     the chosen folders with their destinations; after confirming, each
 *     destination holds the original's exact bytes (sha256); Undo from the
 *     history removes the copies and leaves every original untouched.
 *   - an apply killed half-way is rolled back when the app starts, and the
 *     window says so once.
 * What is expected comes from the backend's own answers (which photos are in
 * which folder) and from hashing the files, never from the page.
 */
import { describe, it, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { KILL_CHILD, TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { sha256File } from '../helpers/hash.js';
import { browser, screenshot, serve, until, waitForThumbs, type Served } from '../helpers/e2e-harness.js';

/** Every file under a folder with its hash. */
function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.set(join(e.parentPath, e.name), sha256File(join(e.parentPath, e.name)));
  }
  return out;
}

let dir: string;
let photosDir: string;
let server: Served;
let page: Page;

describe('the app and the files on disk', () => {
  const suite = suiteCleanups();
  before(async () => {
    dir = tempDir(suite, 'shoebox-e2e-disk-');
    photosDir = join(dir, 'photos');
    await generatePhotos({ outDir: photosDir, count: 16, seed: 23 });
    const library = join(dir, 'library');
    shoeboxJson(['index', photosDir, '--library', library, '--model', TINY_CLIP]);
    server = await serve(suite, library);
    await server.call('folders.create', { name: 'Red things', prompts: ['a red shape'] });
    await server.call('folders.create', { name: 'Blue things', prompts: ['a blue shape'] });
    ({ page } = await browser(suite));
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
    await waitForThumbs(page, 16);
  });

  it('shows a photo copied into a library folder while the window is open, without a click', async (t) => {
    const extra = tempDir(t, 'shoebox-e2e-new-');
    const [made] = await generatePhotos({ outDir: extra, count: 1, seed: 99 });
    copyFileSync(made!.file, join(photosDir, 'arrived-later.jpg'));
    await waitForThumbs(page, 17, 60_000);
    const all = await server.call('photos.list', { view: { kind: 'all' } });
    const names = await Promise.all(all.ids.map(async (id) => (await server.call('photos.get', { id })).name));
    assert.ok(names.includes('arrived-later.jpg'), 'the new photo is in the library');
    assert.match(await page.getByTestId('photo-count').innerText(), /17/);
  });

  it('applies the folders in copy mode from a preview, then undoes it from the history', async () => {
    const dest = join(dir, 'Sorted');
    const originals = hashTree(photosDir);

    // What the backend says is in each folder: those photos, and only those, are in the plan.
    const { folders } = await server.call('folders.list', {});
    const expected = new Map<string, string>(); // source → destination
    for (const f of folders) {
      const list = await server.call('photos.list', { view: { kind: 'folder', folderId: f.id } });
      for (const id of list.ids) {
        const p = await server.call('photos.get', { id });
        expected.set(p.path, join(dest, f.name, p.name));
      }
    }
    assert.ok(expected.size > 0, 'the folders hold photos');

    await page.getByTestId('nav-organize').click();
    await page.getByTestId('organize').waitFor();
    assert.equal(await page.getByTestId('organize-mode-copy').isChecked(), true, 'copy is the default');
    await page.getByTestId('organize-dest').fill(dest);
    await page.getByTestId('organize-preview').click();
    await page.getByTestId('plan').waitFor();
    const rows = await page.$$eval('[data-testid=plan-row]', (els) =>
      els.map((e) => ({ action: e.getAttribute('data-action'), source: e.getAttribute('data-source')!, dest: e.getAttribute('data-dest')! })),
    );
    assert.deepEqual(
      new Map(rows.map((r) => [r.source, r.dest])),
      expected,
      'the preview lists every photo of the folders with its destination',
    );
    assert.ok(rows.every((r) => r.action === 'copy'));
    assert.match(await page.getByTestId('plan-summary').innerText(), new RegExp(`${expected.size} files`));
    assert.equal(existsSync(dest), false, 'the preview wrote nothing');
    await screenshot(page, '20-organize-preview');

    await page.getByTestId('organize-confirm').click();
    await page.locator('[data-testid=organize-result][data-state=done]').waitFor({ timeout: 60_000 });
    for (const [source, target] of expected) {
      assert.ok(existsSync(target), `${target} was written`);
      assert.equal(sha256File(target), originals.get(source), `${basename(target)} holds the original's bytes`);
    }
    assert.equal(hashTree(dest).size, expected.size, 'nothing else was written');
    assert.deepEqual(hashTree(photosDir), originals, 'the originals are untouched');
    await screenshot(page, '21-organize-done');

    // Undo from the history.
    await page.getByTestId('organize-result-ok').click();
    const entry = page.locator('[data-testid=history-entry][data-kind=apply]').first();
    await entry.getByTestId('history-undo').click();
    await page.locator('[data-testid=organize-result][data-kind=undo]').waitFor({ timeout: 60_000 });
    for (const target of expected.values()) assert.equal(existsSync(target), false, `${target} was removed`);
    assert.equal(existsSync(dest) ? hashTree(dest).size : 0, 0, 'no copy is left');
    assert.deepEqual(hashTree(photosDir), originals, 'the originals are untouched after the undo');
    await until(
      async () => (await page.locator('[data-testid=history-entry][data-kind=apply]').first().getAttribute('data-state')) === 'undone',
      'the history to show the apply undone',
    );
    assert.equal(await page.locator('[data-testid=history-entry][data-kind=apply] [data-testid=history-undo]').count(), 0, 'nothing left to undo');
  });
});

test('an apply killed half-way is rolled back at start, and the window says so once', async (t) => {
  const d = tempDir(t, 'shoebox-e2e-crash-');
  await generatePhotos({ outDir: join(d, 'photos'), count: 6, seed: 41 });
  const library = join(d, 'library');
  const dest = join(d, 'Sorted');
  shoeboxJson(['index', join(d, 'photos'), '--library', library, '--model', TINY_CLIP]);
  const originals = hashTree(join(d, 'photos'));
  // The kill tests' child: an apply of every photo (into Unsorted) that SIGKILLs itself at its 8th step.
  const child = KILL_CHILD;
  const killed = spawnSync(process.execPath, [child, library, 'apply', 'copy', dest, '8'], { encoding: 'utf8' });
  assert.equal(killed.signal, 'SIGKILL', `the apply was killed mid-way: ${killed.stderr}`);
  assert.ok(existsSync(dest) && hashTree(dest).size > 0, 'it had written something');

  const s = await serve(t, library);
  const { page: p } = await browser(t);
  await p.goto(s.openUrl);
  const notice = p.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /rolled back: every photo is where it was before/);
  assert.equal(existsSync(dest) ? hashTree(dest).size : 0, 0, 'no copy is left');
  assert.deepEqual(hashTree(join(d, 'photos')), originals, 'the originals are untouched');
  await screenshot(p, '22-recovery-notice');
  await p.getByTestId('notice-dismiss').click();
  await notice.waitFor({ state: 'detached' });
  await p.reload();
  await p.getByTestId('app').waitFor();
  await waitForThumbs(p, 6);
  assert.equal(await p.getByTestId('notice').count(), 0, 'said once');
  const history = await s.call('organize.history', {});
  assert.equal(history.entries[0]?.state, 'rolled_back');
});
