/**
 * The viewer, in a real browser against `shoebox serve`: a small photo is not
 * blown up past 100 %; without a camera date it shows the file's date, marked
 * as such; no "Not recorded" rows; paths wrap between names; zoom (keys,
 * wheel, pinch), pan, rotate for display only, full screen, put in a folder,
 * and the photo's folder confidence. Expected values come from the backend's
 * own answers and the files on disk, never from the page.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, screenshot, serve, sidebar, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

const suite = suiteCleanups();
let server: Served;
let page: Page;
let small: number[] = [];
let large = 0;

const viewer = () => page.getByTestId('viewer');
const image = () => page.getByTestId('viewer-image');
const scale = async (): Promise<number> => Number(await image().getAttribute('data-scale'));

async function open(id: number): Promise<void> {
  if ((await viewer().count()) > 0) await page.getByTestId('viewer-close').click();
  await sidebar(page, 'folder-all');
  await waitForImages(page);
  await page.locator(`[data-testid=thumb][data-photo-id="${id}"]`).dblclick();
  await viewer().waitFor();
  await until(async () => (await image().getAttribute('data-scale')) !== '', 'the photo to load');
  await page.getByTestId('viewer-name').waitFor();
}

async function look(locale: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  if ((await viewer().count()) > 0) await page.getByTestId('viewer-close').click();
  await sidebar(page, 'nav-settings');
  await page.getByTestId('language').selectOption(locale);
  await page.getByTestId('theme').selectOption(theme);
  await until(async () => (await page.evaluate('document.documentElement.lang')) === locale, locale);
}

describe('the viewer, in a browser', () => {
  before(async () => {
    const dir = tempDir(suite, 'shoebox-e2e-viewer-');
    // Small photos (120-160 px) with no camera date, and two large ones, in a folder with a long name.
    const smallDir = join(dir, 'small');
    await generatePhotos({ outDir: smallDir, count: 6, seed: 1010, minSize: 120, maxSize: 160 });
    const largeDir = join(dir, 'a folder with a rather long name for the viewer', 'big');
    await generatePhotos({ outDir: largeDir, count: 2, seed: 1011, minSize: 2400, maxSize: 2600 });
    const library = join(dir, 'library');
    shoeboxJson(['index', smallDir, '--library', library, '--model', TINY_CLIP]);
    shoeboxJson(['index', largeDir, '--library', library]);
    shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
    shoeboxJson(['folder', 'add', 'Circles', '--prompt', 'a photo of a circle', '--library', library]);
    server = await serve(suite, library);
    ({ page } = await browser(suite));
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
    for (const id of (await server.call('photos.list', { view: { kind: 'all' } })).ids) {
      const d = await server.call('photos.get', { id });
      if ((d.width ?? 0) > 1000) large = id;
      else small.push(id);
    }
    assert.ok(large && small.length === 6);
  });

  it('a small photo is shown at 100 %, not blown up; zoom with + and -, the wheel and a pinch, 0 to fit', async () => {
    const id = small[0]!;
    const d = await server.call('photos.get', { id });
    await open(id);
    assert.equal(await scale(), 1, 'a small photo is not enlarged');
    const box = (await image().boundingBox())!;
    assert.ok(Math.abs(box.width - d.width!) <= 1 && Math.abs(box.height - d.height!) <= 1, `shown at its own ${d.width}×${d.height} px, not ${box.width}×${box.height}`);
    assert.match(await page.getByTestId('viewer-zoom-level').innerText(), /^100\s?%$/);
    await screenshot(page, '90-viewer-small-en-light');

    await page.keyboard.press('+');
    await until(async () => (await scale()) === 1.25, 'zoom in with +');
    await page.keyboard.press('-');
    await until(async () => (await scale()) === 1, 'zoom out with -');
    const stage = (await page.getByTestId('viewer-stage').boundingBox())!;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.wheel(0, -200);
    await until(async () => (await scale()) > 1.2, 'the wheel to zoom in');
    // A pinch on a touchpad arrives as ctrl+wheel.
    const before = await scale();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -50);
    await page.keyboard.up('Control');
    await until(async () => (await scale()) > before, 'a pinch to zoom in');
    await page.keyboard.press('0');
    await until(async () => (await scale()) === 1, '0 to fit again');
  });

  it('a large photo fits; zoomed, it pans by dragging; rotating turns it on screen and leaves the file as it was', async () => {
    const d = await server.call('photos.get', { id: large });
    const bytes = createHash('sha256').update(readFileSync(d.path)).digest('hex');
    const mtime = statSync(d.path).mtimeMs;
    await open(large);
    const fit = await scale();
    assert.ok(fit < 1, `a large photo is fitted (${fit})`);
    const stage = (await page.getByTestId('viewer-stage').boundingBox())!;
    const box = (await image().boundingBox())!;
    assert.ok(box.width <= stage.width + 1 && box.height <= stage.height + 1, 'it fits the stage');

    await page.getByTestId('viewer-zoom-in').click();
    await until(async () => Math.abs((await scale()) - fit * 1.25) < 0.002, 'the zoom-in button');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const zoomed = (await image().boundingBox())!;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 120, stage.y + stage.height / 2 + 60, { steps: 4 });
    await page.mouse.up();
    const panned = (await image().boundingBox())!;
    assert.ok(Math.abs(panned.x - zoomed.x - 120) < 2 && Math.abs(panned.y - zoomed.y - 60) < 2, 'dragging moves the zoomed photo with the pointer');

    await page.getByTestId('viewer-rotate').click();
    assert.equal(await image().getAttribute('data-rotation'), '90');
    await page.keyboard.press('r');
    assert.equal(await image().getAttribute('data-rotation'), '180');
    assert.equal(createHash('sha256').update(readFileSync(d.path)).digest('hex'), bytes, 'the file is unchanged');
    assert.equal(statSync(d.path).mtimeMs, mtime);
    const after = await server.call('photos.get', { id: large });
    assert.equal(after.width, d.width);
    // Another photo starts unturned and fitted.
    await page.keyboard.press('ArrowRight');
    await until(async () => (await image().getAttribute('data-rotation')) === '0', 'the next photo unturned');
  });

  it('full screen', async () => {
    await open(small[1]!);
    await page.getByTestId('viewer-fullscreen').click();
    await until(
      () => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: { getAttribute(n: string): string | null } | null } }).document.fullscreenElement?.getAttribute('data-testid') === 'viewer'),
      'the viewer to fill the screen',
    );
    await until(async () => !(await page.getByTestId('viewer-meta').isVisible()), 'full screen to show the photo alone');
    await page.keyboard.press('f');
    await until(() => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: unknown } }).document.fullscreenElement === null), 'F to leave full screen');
  });

  it('what is known, and only that: the file date marked as such, no "Not recorded" rows, paths that wrap between names', async () => {
    const id = small[2]!;
    const d = await server.call('photos.get', { id });
    assert.equal(d.takenAt, null, 'the generated photos carry no camera date');
    await open(id);
    const meta = page.getByTestId('viewer-meta');
    const text = await meta.innerText();
    assert.doesNotMatch(text, /Not recorded/);
    assert.equal(await page.getByTestId('meta-camera').count(), 0, 'no camera row');
    assert.equal(await page.getByTestId('meta-place').count(), 0, 'no place row');
    const date = page.getByTestId('meta-date');
    assert.equal(await date.getAttribute('data-source'), 'file');
    assert.match(text, /File date/);
    const year = String(new Date(d.fileTime).getUTCFullYear());
    assert.ok((await date.innerText()).includes(year), 'the file date is shown');

    // The path breaks only after a separator: each folder name stays whole.
    const path = page.getByTestId('meta-path');
    assert.equal(await path.textContent(), d.path);
    const wbr = await path.evaluate((e) => (e as unknown as { querySelectorAll(s: string): { length: number } }).querySelectorAll('wbr').length);
    assert.equal(wbr, d.path.split('/').length, 'a break opportunity after every separator');
    const wordBreak = await path.evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { wordBreak: string } }).getComputedStyle(e).wordBreak);
    assert.notEqual(wordBreak, 'break-all');

    // In a browser there is no file manager to show the file in: the button is not offered.
    const status = await server.call('app.status', {});
    assert.ok(status.unsupported.includes('photos.reveal'));
    assert.equal(await page.getByTestId('viewer-reveal').count(), 0);
  });

  it('put in a folder from the viewer, and the folder confidence of the photo', async () => {
    const id = small[3]!;
    await open(id);
    const why = (await server.call('photos.get', { id })).why;
    if (why && !why.manual) {
      const c = page.getByTestId('meta-confidence');
      assert.equal(Number(await c.getAttribute('data-confidence')), why.confidence);
      assert.ok((await c.innerText()).includes(`${Math.round(why.confidence * 100)} %`), await c.innerText());
    }
    await page.getByTestId('viewer-put').click();
    const menu = page.getByTestId('photo-menu');
    await menu.waitFor();
    await menu.locator('[data-testid=menu-folder][data-folder-name=Circles]').click();
    await until(async () => (await server.call('photos.get', { id })).folder?.name === 'Circles', 'the photo to be put in Circles');
    await until(async () => (await page.getByTestId('meta-folder').innerText()).startsWith('Circles'), 'the viewer to say so');
    assert.equal(await viewer().count(), 1, 'the viewer stays open');
    assert.equal(await page.getByTestId('meta-confidence').count(), 0, 'put by hand: no confidence to show');
  });

  it('looks right in English and Korean, light and dark', async () => {
    for (const [locale, theme] of [['en', 'dark'], ['ko', 'light'], ['ko', 'dark']] as const) {
      await look(locale, theme);
      await open(small[4]!);
      if (locale === 'ko') assert.match(await page.getByTestId('viewer-meta').innerText(), /파일 날짜/);
      await screenshot(page, `91-viewer-${locale}-${theme}`);
      await open(large);
      await page.keyboard.press('+');
      await screenshot(page, `92-viewer-large-zoomed-${locale}-${theme}`);
    }
    // At the window's minimum width the tools and the side panel still fit.
    await page.setViewportSize({ width: 720, height: 700 });
    for (const [locale, theme] of [['en', 'light'], ['ko', 'dark']] as const) {
      await look(locale, theme);
      await open(large);
      const tools = (await page.locator('[data-testid=viewer-stage] .tools').boundingBox())!;
      const stage = (await page.getByTestId('viewer-stage').boundingBox())!;
      assert.ok(tools.x >= stage.x && tools.x + tools.width <= stage.x + stage.width, `${locale}: the viewer's tools fit at 720 px`);
      await screenshot(page, `93-viewer-720-${locale}-${theme}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await look('en', 'light');
  });
});
