/**
 * Scenarios 2–6 in a real browser against `shoebox serve`, on one indexed
 * library of labelled synthetic photos plus one broken file:
 *   2 create a folder from a description: preview, then contents and counts
 *   3 search by text; find similar
 *   4 drag a photo into a folder; reload; the manual choice survives re-sorting
 *   5 viewer: metadata, arrow keys
 *   6 the broken photo is shown to the user with its reason; the rest works
 * plus language and theme switching. Expected photos come from the labels
 * (what the photo shows) and from the backend's own answers (what the core
 * computed), never from the page itself.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos, type SynthPhoto } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, gridIds, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

let dir: string;
let server: Served;
let page: Page;
let photos: SynthPhoto[];
/** photo id → what it shows */
const label = new Map<number, SynthPhoto>();
const BROKEN = 'broken.jpg';

/** The server, browser and folder, stopped and removed last-first after the file's tests. */
const suite = suiteCleanups();

async function setup(): Promise<void> {
  dir = tempDir(suite, 'shoebox-e2e-');
  photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 36, seed: 11 });
  writeFileSync(join(dir, 'photos', BROKEN), 'this is not a JPEG, only its name says so');
  const library = join(dir, 'library');
  shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', TINY_CLIP]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  const all = await server.call('photos.list', { view: { kind: 'all' } });
  for (const id of all.ids) {
    const d = await server.call('photos.get', { id });
    const p = photos.find((x) => basename(x.file) === d.name);
    if (p) label.set(id, p);
  }
  assert.equal(label.size, photos.length, 'every generated photo is in the library');
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

const colorsOf = (ids: number[]): string[] => ids.map((id) => label.get(id)?.color ?? '?');

async function folderCount(name: string): Promise<number> {
  return Number(await page.locator(`[data-testid=folder-item][data-folder-name="${name}"] [data-testid=folder-count]`).innerText());
}

async function sidebarCount(testid: string): Promise<number> {
  return Number((await page.getByTestId(testid).locator('.count').innerText()).replace(/\D/g, ''));
}

async function openFolder(name: string): Promise<void> {
  await page.locator(`[data-testid=folder-item][data-folder-name="${name}"]`).click();
  await until(async () => (await page.getByTestId('view-title').innerText()) === name, `the folder ${name}`);
}

describe('the app in a browser', () => {
  before(setup);

  it('2: creates a folder from a description, previews it, and its contents and counts match', async () => {
    const unsortedBefore = await sidebarCount('folder-unsorted');
    assert.equal(unsortedBefore, photos.length);
    await page.getByTestId('new-folder').click();
    await page.getByTestId('folder-name').fill('Blue things');
    await page.getByTestId('folder-prompt').first().fill('a photo of something blue');
    await page.locator('[data-testid=folder-preview][data-ready=true]').waitFor();
    const preview = await gridIds(page, '[data-testid=preview-thumb]');
    // The backend's own answer for the same descriptions, and what the photos show.
    const expected = (await server.call('folders.preview', { prompts: ['a photo of something blue'] })).hits.map((h) => h.id);
    assert.deepEqual(preview, expected, 'the preview shows what the core would sort into the folder');
    assert.ok(preview.length > 0, 'the folder would take some photos');
    assert.ok(colorsOf(preview.slice(0, 3)).filter((c) => c === 'blue').length >= 2, `the best matches are blue: ${colorsOf(preview)}`);
    await screenshot(page, '03-folder-preview');

    await page.getByTestId('folder-save').click();
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'Blue things', 'the new folder to open');
    await until(async () => (await gridIds(page)).length === preview.length, 'the folder contents');
    assert.deepEqual(new Set(await gridIds(page)), new Set(preview), 'the folder holds exactly the previewed photos');
    assert.equal(await folderCount('Blue things'), preview.length);
    assert.equal(await sidebarCount('folder-unsorted'), unsortedBefore - preview.length, 'Unsorted gave them up');
    assert.equal(await sidebarCount('folder-all'), photos.length);
    await page.locator('[data-testid=thumb]').nth(1).click();
    await page.locator('[data-testid=thumb]').nth(3).click({ modifiers: ['Shift'] });
    assert.equal(await page.getByTestId('selection-count').innerText(), '3 selected', 'shift-click selects a range');
    await screenshot(page, '03-folder');
    await page.keyboard.press('Escape');
  });

  it('3: search ranks photos by text as the user types; "find similar" ranks by a photo', async () => {
    await page.getByTestId('folder-all').click();
    await until(async () => (await page.getByTestId('photo-count').innerText()) === `${photos.length} photos`, 'all photos');
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'All photos', 'the All photos view');
    // The grid re-renders just after the counts: take its order once two reads agree.
    let allIds: number[] = [];
    await until(async () => {
      const a = await gridIds(page);
      await new Promise((r) => setTimeout(r, 250));
      const b = await gridIds(page);
      allIds = b;
      return b.length > 0 && JSON.stringify(a) === JSON.stringify(b);
    }, 'the grid to settle');
    await page.getByTestId('search').pressSequentially('blue', { delay: 30 });
    await until(async () => /blue/.test(await page.getByTestId('view-title').innerText()), 'the search results');
    const expected = (await server.call('search.text', { query: 'blue', limit: 200 })).hits.map((h) => h.id);
    // Results of an earlier keystroke ("blu") can be on screen for a moment: wait for the final query's.
    await until(async () => (await gridIds(page))[0] === expected[0], 'the results of the whole query');
    const shown = await gridIds(page);
    assert.deepEqual(shown.slice(0, 10), expected.slice(0, 10), 'the window shows the core ranking');
    assert.ok(colorsOf(shown.slice(0, 3)).filter((c) => c === 'blue').length >= 2, `the first results are blue: ${colorsOf(shown.slice(0, 5))}`);
    assert.equal(await page.locator('[data-testid=score]').count(), 0, 'no raw scores on the tiles');
    await screenshot(page, '04-search');

    // Find similar on the top result: the photo itself first, then the core's ranking.
    const first = shown[0]!;
    await page.locator(`[data-testid=thumb][data-photo-id="${first}"]`).click({ button: 'right' });
    await page.getByTestId('menu-similar').click();
    await until(async () => (await gridIds(page))[0] === first && !/blue/.test(await page.getByTestId('view-title').innerText()), 'similar photos');
    const similar = (await server.call('search.similar', { id: first, limit: 200 })).hits.map((h) => h.id);
    assert.deepEqual((await gridIds(page)).slice(1, 11), similar.slice(0, 10));

    // Clearing returns to the view before.
    await page.getByTestId('search-clear').click();
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'All photos', 'the previous view');
    // The title changes a frame before the grid re-renders: wait for the grid too (the wait fails if it never does).
    await until(async () => JSON.stringify(await gridIds(page)) === JSON.stringify(allIds), 'the previous view, in its order');
  });

  it('4: a photo dragged onto a folder stays there after a reload and a re-sort', async () => {
    const inFolder = new Set((await server.call('photos.list', { view: { kind: 'folder', folderId: await folderId('Blue things') } })).ids);
    const outsider = [...label.keys()].find((id) => !inFolder.has(id) && label.get(id)!.color !== 'blue')!;
    assert.ok(outsider, 'a photo outside the folder');
    const before = await folderCount('Blue things');

    await page.getByTestId('folder-unsorted').click();
    await until(async () => (await gridIds(page)).includes(outsider), 'the photo in Unsorted');
    const tile = page.locator(`[data-testid=thumb][data-photo-id="${outsider}"]`);
    await tile.scrollIntoViewIfNeeded();
    await tile.dragTo(page.locator('[data-testid=folder-item][data-folder-name="Blue things"]'));
    // The folder learns from the photo put in it: its look-alikes may follow it in, so the count goes up by one or more.
    await until(async () => (await folderCount('Blue things')) > before, 'the count to go up');
    await until(async () => !(await gridIds(page)).includes(outsider), 'the photo to leave Unsorted');

    await page.reload();
    await page.getByTestId('app').waitFor();
    await openFolder('Blue things');
    assert.ok((await gridIds(page)).includes(outsider), 'still in the folder after a reload');

    // Re-sort by editing the descriptions: the manual choice is not undone.
    await page.getByTestId('edit-folder').click();
    await page.getByTestId('folder-add-prompt').click();
    await page.getByTestId('folder-prompt').nth(1).fill('blue');
    await page.getByTestId('folder-save').click();
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'Blue things', 'the folder after saving');
    await until(async () => (await gridIds(page)).includes(outsider), 'the photo after re-sorting');
    const detail = await server.call('photos.get', { id: outsider });
    assert.equal(detail.folder?.name, 'Blue things');
    assert.equal(detail.manual, true, 'marked as placed by hand');

    // The keyboard way: select it and press Delete to take it out of the folder.
    await page.locator(`[data-testid=thumb][data-photo-id="${outsider}"]`).click();
    await page.keyboard.press('Delete');
    await until(async () => !(await gridIds(page)).includes(outsider), 'the photo to be taken out');
    assert.equal((await server.call('photos.get', { id: outsider })).folder, null);
  });

  it('5: the viewer shows a photo with its metadata; arrow keys move; Escape closes', async () => {
    await page.getByTestId('folder-all').click();
    await until(async () => (await page.getByTestId('photo-count').innerText()) === `${photos.length} photos`, 'all photos');
    const order = await gridIds(page);
    await page.locator(`[data-testid=thumb][data-photo-id="${order[0]}"]`).dblclick();
    await page.getByTestId('viewer').waitFor();
    const name = basename(label.get(order[0]!)!.file);
    await until(async () => (await page.getByTestId('viewer-name').innerText()) === name, 'the metadata');
    assert.match(await page.getByTestId('meta-size').innerText(), /\d+ × \d+/);
    assert.match(await page.getByTestId('meta-path').innerText(), new RegExp(name));
    await waitForImages(page, '[data-testid=viewer-image]');
    await screenshot(page, '05-viewer');

    await page.keyboard.press('ArrowRight');
    await until(async () => (await page.getByTestId('viewer').getAttribute('data-photo-id')) === String(order[1]), 'the next photo');
    await until(async () => (await page.getByTestId('viewer-name').innerText()) === basename(label.get(order[1]!)!.file), 'its metadata');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await until(async () => (await page.getByTestId('viewer').getAttribute('data-photo-id')) === String(order[1]), 'back one');
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
  });

  it('6: the broken photo is listed with its reason, and everything else works', async () => {
    assert.equal(await sidebarCount('nav-errors'), 1);
    await page.getByTestId('nav-errors').click();
    const item = page.getByTestId('unreadable-item');
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, new RegExp(BROKEN));
    assert.ok(text.split('\n').some((line) => line.trim().length > 10 && !line.includes(BROKEN)), `a reason is given: ${text}`);
    await screenshot(page, '06-unreadable');
    await page.getByTestId('folder-all').click();
    await until(async () => (await page.getByTestId('photo-count').innerText()) === `${photos.length} photos`, 'the other photos');
    await waitForImages(page);
  });

  it('deletes a folder: its photos go back to sorting, no file changes', async () => {
    const { existsSync } = await import('node:fs');
    await openFolder('Blue things');
    await page.getByTestId('edit-folder').click();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('folder-delete').click();
    await until(async () => (await page.locator('[data-testid=folder-item]').count()) === 0, 'the folder to go');
    await until(async () => (await sidebarCount('folder-unsorted')) === photos.length, 'every photo back in Unsorted');
    assert.equal(await sidebarCount('folder-all'), photos.length);
    assert.ok(photos.every((p) => existsSync(p.file)), 'every photo file is still there');
  });

  it('speaks Korean and English, and switches theme', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('ko');
    await until(async () => (await page.getByTestId('folder-all').innerText()).includes('모든 사진'), 'Korean');
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.getByTestId('accelerator-plain').getAttribute('data-provider'), 'cpu');
    assert.match(await page.getByTestId('accelerator-plain').innerText(), /프로세서로 실행합니다/);
    await page.getByTestId('theme').selectOption('dark');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    await screenshot(page, '07-settings-ko-dark');
    await page.getByTestId('folder-all').click();
    await screenshot(page, '08-library-ko-dark');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('system');
    await page.getByTestId('theme').selectOption('system');
    await until(async () => (await page.getByTestId('folder-all').innerText()).includes('All photos'), 'English again');
  });
});

async function folderId(name: string): Promise<number> {
  const f = (await server.call('folders.list', {})).folders.find((x) => x.name === name);
  if (!f) throw new Error(`no folder ${name}`);
  return f.id;
}
