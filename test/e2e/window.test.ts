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
const suite = suiteCleanups();

async function setup(): Promise<void> {
  const dir = tempDir(suite, 'shoebox-e2e-window-');
  photoDir = join(dir, 'photos');
  await generatePhotos({ outDir: photoDir, count: 36, seed: 714 });
  const library = join(dir, 'library');
  shoeboxJson(['index', photoDir, '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  shoeboxJson(['folder', 'add', 'Receipts', '--library', library]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
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
});
