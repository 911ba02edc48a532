/**
 * The window people expect, in a real browser against `shoebox serve`: keys
 * act only where focus is; removing a photo folder asks first and keeps the
 * hand corrections for when it comes back; selection with a bar of actions.
 * Expected values come from the backend's own answers, never from the page.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

let server: Served;
let page: Page;
let photoDir = '';
let moreDir = '';
const suite = suiteCleanups();

async function setup(): Promise<void> {
  const dir = tempDir(suite, 'shoebox-e2e-window-');
  photoDir = join(dir, 'photos');
  await generatePhotos({ outDir: photoDir, count: 36, seed: 714 });
  moreDir = join(dir, 'more');
  await generatePhotos({ outDir: moreDir, count: 8, seed: 715 });
  const library = join(dir, 'library');
  shoeboxJson(['index', photoDir, '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['index', moreDir, '--library', library]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  shoeboxJson(['folder', 'add', 'Receipts', '--library', library]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

async function language(locale: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language').selectOption(locale);
  await page.getByTestId('theme').selectOption(theme);
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
}

/** photo file name → its id now (ids change when a photo folder is removed and added again) */
async function idsByName(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of (await server.call('photos.list', { view: { kind: 'all' } })).ids) out.set((await server.call('photos.get', { id })).name, id);
  return out;
}

const tile = (id: number) => page.locator(`[data-testid=thumb][data-photo-id="${id}"]`);
const viewerOpen = async (): Promise<boolean> => (await page.getByTestId('viewer').count()) > 0;

async function showAll(): Promise<number[]> {
  await page.getByTestId('folder-all').click();
  await waitForImages(page);
  return (await server.call('photos.list', { view: { kind: 'all' }, sort: 'date-desc' })).ids;
}

describe('the window people expect, in a browser', () => {
  before(setup);

  it('keys act only where focus is: text fields keep their arrows, the grid moves, the viewer only while open, and its Escape leaves the search and the selection', async () => {
    await showAll();
    // ArrowRight in a folder-name field moves the caret, nothing else.
    await page.getByTestId('new-folder').click();
    await page.getByTestId('folder-name').fill('Boats');
    await page.getByTestId('folder-name').press('ArrowLeft');
    await page.getByTestId('folder-name').press('ArrowRight');
    assert.equal(await viewerOpen(), false, 'ArrowRight in the folder name opened the viewer');
    await page.getByTestId('folder-all').click();

    // ArrowRight in the search box: the same.
    const search = page.getByTestId('search');
    await search.fill('star');
    await search.press('ArrowLeft');
    await search.press('ArrowRight');
    await until(async () => (await page.getByTestId('view-title').innerText()).includes('results for'), 'the search results');
    await search.press('ArrowRight');
    assert.equal(await viewerOpen(), false, 'ArrowRight in the search box opened the viewer');
    const hits = (await server.call('search.text', { query: 'star', limit: 200 })).hits.map((h) => h.id);

    // Arrows move in the grid: click the first result, ArrowRight focuses and selects the second.
    await tile(hits[0]!).click();
    await page.keyboard.press('ArrowRight');
    await until(async () => (await tile(hits[1]!).getAttribute('aria-selected')) === 'true', 'ArrowRight to move the selection in the grid');
    assert.equal(await viewerOpen(), false, 'an arrow in the grid opened the viewer');

    // Enter opens the viewer on it; its arrows move; its Escape closes it and nothing else.
    await page.keyboard.press('Enter');
    await page.getByTestId('viewer').waitFor();
    assert.equal(Number(await page.getByTestId('viewer').getAttribute('data-photo-id')), hits[1]);
    await page.keyboard.press('ArrowRight');
    await until(async () => Number(await page.getByTestId('viewer').getAttribute('data-photo-id')) === hits[2], 'the viewer to move on');
    await page.keyboard.press('Escape');
    await until(async () => !(await viewerOpen()), 'the viewer to close');
    assert.equal(await search.inputValue(), 'star', 'the Escape that closed the viewer cleared the search');
    assert.match(await page.getByTestId('view-title').innerText(), /results for “star”/);
    assert.equal(await page.getByTestId('selection-count').innerText(), '1 selected', 'the Escape that closed the viewer cleared the selection');
    // Closed, the viewer takes no keys: ArrowRight moves in the grid again.
    await page.keyboard.press('ArrowRight');
    assert.equal(await viewerOpen(), false);
    await page.getByTestId('search-clear').first().click();
  });

  it('removing a photo folder asks first, saying what happens; its hand corrections come back when it is added again', async () => {
    const folders = (await server.call('folders.list', {})).folders;
    const stars = folders.find((f) => f.name === 'Stars')!.id;
    const receipts = folders.find((f) => f.name === 'Receipts')!.id;
    const before = await idsByName();
    // Three corrections by hand, of photos in the folder about to be removed.
    const inPhotos: string[] = [];
    for (const [name, id] of before) if ((await server.call('photos.get', { id })).path.startsWith(photoDir)) inPhotos.push(name);
    const [a, b, c] = inPhotos.sort();
    await server.call('photos.assign', { ids: [before.get(a!)!], folderId: stars });
    await server.call('photos.assign', { ids: [before.get(b!)!], folderId: null });
    await server.call('folders.reject', { ids: [before.get(c!)!], id: receipts });
    const total = before.size;

    await page.getByTestId('nav-settings').click();
    const row = page.locator(`[data-testid=root][data-root="${photoDir}"]`);
    await row.getByTestId('root-remove').click();
    const confirm = row.getByTestId('root-confirm');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Its photos leave your library\. The files stay on disk, untouched\./);
    await screenshot(page, 'window-02-remove-folder-en-light');
    // Cancel keeps everything.
    await row.getByTestId('root-remove-cancel').click();
    assert.equal(await confirm.count(), 0);
    assert.equal((await server.call('app.status', {})).photos, total);

    await row.getByTestId('root-remove').click();
    await row.getByTestId('root-remove-confirm').click();
    await until(async () => (await server.call('app.status', {})).photos === 8, 'the photos of the removed folder to leave the library');
    assert.equal(await row.count(), 0);

    // Added again: the photos come back, with the corrections made by hand.
    await page.getByTestId('root-path').fill(photoDir);
    await page.getByTestId('root-add').click();
    await until(async () => (await server.call('app.status', {})).photos === total, 'the folder to be indexed again', 60_000);
    await until(async () => (await server.call('app.status', {})).indexing.state !== 'running', 'indexing to end', 60_000);
    const after = await idsByName();
    const got = async (name: string) => server.call('photos.get', { id: after.get(name)! });
    const ga = await got(a!);
    assert.equal(ga.manual, true, `${a} lost its folder chosen by hand`);
    assert.equal(ga.folder?.name, 'Stars');
    const gb = await got(b!);
    assert.equal(gb.manual, true, `${b} lost its "in no folder" chosen by hand`);
    assert.equal(gb.folder, null);
    const gc = await got(c!);
    assert.notEqual(gc.folder?.name, 'Receipts', `${c} went back into Receipts, which a person said it is not in`);
  });
});
