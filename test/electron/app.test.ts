/**
 * The real desktop app, end to end: Electron itself (the packaged app from
 * `npm run dist` when release/ holds one, else the development app,
 * `electron .`), started with an empty library and an empty profile in a
 * temporary folder. First run: add a photo folder and the test model; the
 * photos load through the app's own protocols; a search; a folder from a
 * description; quit and start again, and the library and the chosen language
 * are still there. Expected values come from the backend (`window.shoebox`).
 *
 * Where Electron cannot run (no binary, no display, native modules built for
 * Node) the test is SKIPPED with the reason, and scripts/run-tests.js lists it
 * as skipped; it never passes there. SHOEBOX_REQUIRE_ELECTRON=1 (the CI
 * workflow) turns that skip into a failure. SHOEBOX_ELECTRON_APP=packaged|dev
 * chooses the app. See docs/APP.md, "The real app".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ApiResult, ArgsOf, CommandName, ResultOf } from '../../src-main/api/contract.js';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { gridIds, screenshot, until, waitForImages, waitForThumbs } from '../helpers/e2e-harness.js';
import { launchApp, planElectronRun, type AppTarget } from '../helpers/electron-app.js';

const plan = planElectronRun();
const required = process.env.SHOEBOX_REQUIRE_ELECTRON === '1';
const which = (t: AppTarget): string => (t.kind === 'packaged' ? `the packaged app (${t.executable})` : `the development app (electron . with ${t.electron})`);

/** A command through the window's own transport (the preload's window.shoebox, IPC to the main process). */
async function call<N extends CommandName>(page: Page, name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  const r = (await page.evaluate(
    ([n, a]) => (globalThis as unknown as { shoebox: { invoke(n: string, a: unknown): Promise<unknown> } }).shoebox.invoke(n, a),
    [name, args] as const,
  )) as ApiResult<ResultOf<N>>;
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
}

test(
  'the desktop app: first launch with an empty profile, first run, photos through shoebox-media://, a search, a folder; a second launch keeps it all',
  { skip: required ? false : plan.skip, timeout: 600_000 },
  async (t) => {
    if (!plan.target) throw new Error(`SHOEBOX_REQUIRE_ELECTRON=1, and the Electron app cannot run here: ${plan.skip}`);
    const target = plan.target;
    t.diagnostic(`testing ${which(target)}`);
    const dir = tempDir(t, 'shoebox-electron-');
    const photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 24, seed: 1401 });
    const env = { SHOEBOX_LIBRARY: join(dir, 'library'), SHOEBOX_USER_DATA: join(dir, 'profile') };

    // ---- first launch: nothing yet, so the first run
    let app = await launchApp(t, target, env);
    let page = app.page;
    await page.getByTestId('first-run').waitFor({ timeout: 60_000 });
    assert.match(page.url(), /^shoebox:\/\/app\//, 'the window is served from the app protocol, not file://');
    assert.equal(await page.evaluate('typeof window.shoebox?.invoke'), 'function', 'the preload exposed window.shoebox');
    assert.equal(await page.evaluate('typeof window.require'), 'undefined', 'no Node in the window');
    if (app.electron) {
      // Hermetic: the profile is the temporary one, not the user's.
      assert.equal(await app.electron.evaluate(({ app: a }) => a.getPath('userData')), env.SHOEBOX_USER_DATA);
    }
    const status = await call(page, 'app.status', {});
    assert.ok(!status.unsupported.includes('roots.choose'), 'the native folder picker is offered in the app');
    assert.ok(await page.getByRole('button', { name: 'Choose…' }).isVisible(), 'first run shows the folder picker button');
    await screenshot(page, 'electron-01-first-run');

    await page.getByTestId('root-path').fill(join(dir, 'photos'));
    await page.getByTestId('root-add').click();
    await page.getByTestId('roots').getByText(join(dir, 'photos')).waitFor();
    await page.getByTestId('model-path').fill(TINY_CLIP);
    await page.getByTestId('model-use').click();

    await page.getByTestId('app').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=progress][data-state=done]').waitFor({ timeout: 180_000 });
    await waitForThumbs(page, photos.length, 60_000);
    const all = (await call(page, 'photos.list', { view: { kind: 'all' } })).ids;
    assert.deepEqual(new Set(await gridIds(page)), new Set(all), 'the grid shows the library');
    await waitForImages(page);
    const srcs = await page.$$eval('[data-testid=thumb] img', (els) => els.map((e) => e.getAttribute('src') ?? ''));
    assert.ok(srcs.every((s) => s.startsWith('shoebox-media:')), `thumbnails come through shoebox-media://: ${srcs.slice(0, 2).join(', ')}`);
    await screenshot(page, 'electron-02-library');

    // ---- a search, ranked as the backend ranks it
    await page.getByTestId('search').pressSequentially('red', { delay: 30 });
    await until(async () => /red/.test(await page.getByTestId('view-title').innerText()), 'the search results');
    const hits = (await call(page, 'search.text', { query: 'red', limit: 200 })).hits.map((h) => h.id);
    assert.ok(hits.length > 0);
    await until(async () => (await gridIds(page))[0] === hits[0], 'the results of the whole query');
    assert.deepEqual((await gridIds(page)).slice(0, 5), hits.slice(0, 5), 'the window shows the core ranking');
    await screenshot(page, 'electron-03-search');
    await page.getByTestId('search-clear').first().click();

    // ---- a folder from a description: the preview, then the saved folder holds exactly those photos
    await page.getByTestId('new-folder').click();
    await page.getByTestId('folder-name').fill('Red things');
    await page.getByTestId('folder-prompt').first().fill('a photo of something red');
    await page.locator('[data-testid=folder-preview][data-ready=true]').waitFor({ timeout: 60_000 });
    const preview = await gridIds(page, '[data-testid=preview-thumb]');
    const expected = (await call(page, 'folders.preview', { prompts: ['a photo of something red'] })).hits.map((h) => h.id);
    assert.deepEqual(preview, expected, 'the live preview is the backend\'s answer');
    await screenshot(page, 'electron-04-folder-preview');
    await page.getByTestId('folder-save').click();
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'Red things', 'the new folder to open');
    await until(async () => (await gridIds(page)).length === preview.length, 'the folder contents');
    assert.deepEqual(new Set(await gridIds(page)), new Set(preview), 'the folder holds the previewed photos');
    await screenshot(page, 'electron-05-folder');

    // ---- Korean, then quit as a user does
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('ko');
    await until(async () => (await page.getByTestId('folder-all').innerText()).includes('모든 사진'), 'Korean');
    await app.quit();
    assert.ok(existsSync(join(env.SHOEBOX_USER_DATA, 'Local Storage')), 'the window kept its settings in the temporary profile');

    // ---- second launch: no first run; the library, the folder and the language are kept
    app = await launchApp(t, target, env);
    page = app.page;
    await page.getByTestId('app').waitFor({ timeout: 60_000 });
    await until(async () => (await page.getByTestId('folder-all').innerText()).includes('모든 사진'), 'the language kept');
    await page.locator('[data-testid=folder-item][data-folder-name="Red things"]').waitFor();
    await page.getByTestId('folder-all').click();
    await waitForThumbs(page, photos.length, 60_000);
    await waitForImages(page);
    await screenshot(page, 'electron-06-second-launch-ko');
    await app.quit();
  },
);
