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
import { audit as auditPage } from '../helpers/axe.js';

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

/** The page's globals, typed here (the tests are compiled without the DOM library). */
type PageElement = { getAttribute(n: string): string | null; textContent: string | null; closest(s: string): PageElement | null };
type PageGlobals = { getComputedStyle(e: unknown, pseudo?: string): { opacity: string; backgroundColor: string }; document: { activeElement: PageElement | null } };
const active = (): Promise<{ testid: string | null; photo: string | null; inViewer: boolean }> =>
  page.evaluate(() => {
    const a = (globalThis as unknown as PageGlobals).document.activeElement;
    return { testid: a?.getAttribute('data-testid') ?? null, photo: a?.getAttribute('data-photo-id') ?? null, inViewer: a?.closest('[data-testid=viewer]') != null };
  });

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
    await until(async () => (await page.getByTestId('view-title').innerText()).includes('“star”'), 'the search results');
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
    assert.match(await page.getByTestId('view-title').innerText(), /matches for “star”/);
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
    await until(async () => (await row.count()) === 0, 'the folder to leave the list');

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

  it('selection: selected tiles show a check and a tint, the focused one only a ring; the selection bar puts them in a folder, finds similar, clears', async () => {
    const ids = await showAll();
    await tile(ids[0]!).click();
    await tile(ids[1]!).click({ modifiers: ['Control'] });
    await tile(ids[2]!).click({ modifiers: ['Control'] });
    await tile(ids[2]!).click({ modifiers: ['Control'] }); // taken out again: focused, not selected
    assert.equal(await page.getByTestId('selection-count').innerText(), '2 selected');
    const checks = await page.$$eval('[data-testid=tile-check]', (els) => els.filter((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).opacity === '1').map((e) => Number(e.closest('[data-photo-id]')!.getAttribute('data-photo-id'))));
    assert.deepEqual(checks.sort(), [ids[0]!, ids[1]!].sort(), 'exactly the selected photos show a check');
    const tint = (id: number) => tile(id).evaluate((e) => (globalThis as unknown as PageGlobals).getComputedStyle(e, '::after').backgroundColor);
    assert.notEqual(await tint(ids[1]!), await tint(ids[2]!), 'the focused photo is tinted like a selected one');
    assert.equal(await tile(ids[2]!).getAttribute('aria-selected'), 'false');
    await screenshot(page, 'window-03-selection-en-light');

    // Put in folder ▾ → Receipts: both selected photos are in Receipts (the backend says).
    const receipts = (await server.call('folders.list', {})).folders.find((f) => f.name === 'Receipts')!.id;
    await page.getByTestId('selection-put').click();
    await page.locator('[data-testid=menu-folder][data-folder-name="Receipts"]').click();
    await until(async () => {
      const inIt = new Set((await server.call('photos.list', { view: { kind: 'folder', folderId: receipts } })).ids);
      return inIt.has(ids[0]!) && inIt.has(ids[1]!);
    }, 'the selection to be put in Receipts');
    // The browser cannot show a file in the file manager: the bar does not offer it.
    assert.equal(await page.getByTestId('selection-reveal').count(), 0);
    // With several photos, Find similar is "More like these" (test/e2e/search.test.ts follows it).
    assert.equal(await page.getByTestId('selection-similar').innerText(), 'More like these');
    await page.getByTestId('selection-clear').click();
    assert.equal(await page.getByTestId('selection-bar').count(), 0);
    assert.equal(await page.locator('[data-testid=thumb][aria-selected=true]').count(), 0);
    await tile(ids[3]!).click();
    await page.getByTestId('selection-similar').click();
    await until(async () => (await page.getByTestId('view-title').innerText()) === 'Photos like this one', 'the similar photos');
    await page.getByTestId('search-clear').first().click();
  });

  it('the photo menu stays inside the window, even from the bottom-right corner, and opens with Shift+F10 and the Menu key', async () => {
    await showAll();
    const { width: W, height: H } = page.viewportSize()!;
    // The tile nearest the window's bottom-right corner, right-clicked at its own bottom-right.
    const at = await page.$$eval('[data-testid=thumb]', (els, [w, h]) => {
      let best = { x: 0, y: 0, d: Infinity };
      for (const e of els) {
        const r = e.getBoundingClientRect();
        const x = Math.min(r.right, w!) - 4;
        const y = Math.min(r.bottom, h!) - 4;
        if (x < r.left || y < r.top) continue;
        const d = (w! - x) ** 2 + (h! - y) ** 2;
        if (d < best.d) best = { x, y, d };
      }
      return best;
    }, [W, H]);
    assert.ok(at.x > W - 60 && at.y > H - 60, `a tile near the corner (${at.x},${at.y})`);
    await page.mouse.click(at.x, at.y, { button: 'right' });
    const menu = page.getByTestId('photo-menu');
    await menu.waitFor();
    const box = (await menu.boundingBox())!;
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= W && box.y + box.height <= H, `the menu at ${JSON.stringify(box)} leaves the ${W}x${H} window`);
    await screenshot(page, 'window-05-menu-corner-en-light');
    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0);

    // From the keyboard: Shift+F10 on the focused photo, arrows move through the items, Escape closes and keeps the selection.
    const first = (await server.call('photos.list', { view: { kind: 'all' }, sort: 'date-desc' })).ids[0]!;
    await tile(first).click();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('role')), 'menuitem', 'focus moves into the menu');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent?.trim()), 'Find similar');
    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0);
    assert.equal(await page.getByTestId('selection-count').innerText(), '1 selected');
    await page.keyboard.press('ContextMenu');
    await menu.waitFor();
    await page.keyboard.press('Escape');
  });

  it('re-filing says what it did and can be undone and redone: keys 1–9 (shown in the sidebar), Delete, drag and the menu; Ctrl+Z, Ctrl+Shift+Z and the Undo button', async () => {
    const ids = await showAll();
    const state = async (id: number) => {
      const d = await server.call('photos.get', { id });
      return { manual: d.manual, folder: d.folder?.name ?? null };
    };
    const states = (list: number[]) => Promise.all(list.map(state));
    const message = page.getByTestId('refile-message');
    // Each folder's key is in the sidebar, in the order the keys use (the folders' order: made first, first).
    assert.deepEqual(await page.locator('[data-testid=folder-item]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-folder-name')}=${e.querySelector('[data-testid=folder-key]')?.textContent}`)), ['Stars=1', 'Receipts=2']);

    // Key 1: three photos to Stars.
    const three = [ids[4]!, ids[5]!, ids[6]!];
    const before = await states(three);
    await tile(three[0]!).click();
    await tile(three[1]!).click({ modifiers: ['Control'] });
    await tile(three[2]!).click({ modifiers: ['Control'] });
    await page.keyboard.press('1');
    await until(async () => (await message.count()) > 0 && (await message.innerText()) === 'Moved 3 photos to Stars', 'the toast for key 1');
    const moved = await states(three);
    assert.deepEqual(moved, three.map(() => ({ manual: true, folder: 'Stars' })));
    await screenshot(page, 'window-04-refile-toast-en-light');

    // Ctrl+Z puts them back exactly; Ctrl+Shift+Z does it again; the toast's Undo too.
    await page.keyboard.press('Control+z');
    await until(async () => (await message.innerText()) === 'Undone: Moved 3 photos to Stars', 'the undo toast');
    assert.deepEqual(await states(three), before, 'undo did not put the photos back as they were');
    await page.keyboard.press('Control+Shift+z');
    await until(async () => (await message.innerText()) === 'Moved 3 photos to Stars', 'the redo');
    assert.deepEqual(await states(three), moved);
    await page.getByTestId('refile-undo').click();
    await until(async () => JSON.stringify(await states(three)) === JSON.stringify(before), 'the Undo button to put them back');

    // Delete in a folder: taken out, then undone.
    const stars = (await server.call('folders.list', {})).folders.find((f) => f.name === 'Stars')!.id;
    await page.locator('[data-testid=folder-item][data-folder-name="Stars"]').click();
    const inStars = (await server.call('photos.list', { view: { kind: 'folder', folderId: stars } })).ids;
    const one = inStars[0]!;
    const oneBefore = await state(one);
    await waitForImages(page);
    await tile(one).click();
    await page.keyboard.press('Delete');
    await until(async () => (await message.innerText()) === 'Took 1 photo out of Stars', 'the toast for Delete');
    assert.deepEqual(await state(one), { manual: true, folder: null });
    await page.keyboard.press('Control+z');
    await until(async () => JSON.stringify(await state(one)) === JSON.stringify(oneBefore), 'the undo of Delete');

    // Dragged onto a folder, and the menu: both undoable.
    await showAll();
    const dragged = ids[8]!;
    const draggedBefore = await state(dragged);
    await tile(dragged).dragTo(page.locator('[data-testid=folder-item][data-folder-name="Receipts"]'));
    await until(async () => (await message.innerText()) === 'Moved 1 photo to Receipts', 'the toast for a drag');
    await page.keyboard.press('Control+z');
    await until(async () => JSON.stringify(await state(dragged)) === JSON.stringify(draggedBefore), 'the undo of a drag');
    await tile(dragged).click({ button: 'right' });
    await page.locator('[data-testid=menu-folder][data-folder-name="Receipts"]').click();
    await until(async () => (await message.innerText()) === 'Moved 1 photo to Receipts', 'the toast for the menu');
    await page.getByTestId('refile-undo').click();
    await until(async () => JSON.stringify(await state(dragged)) === JSON.stringify(draggedBefore), 'the undo of the menu');
  });

  it('focus and screen readers: named tiles and viewer, focus into the viewer and back to the tile, "/" to search, Escape dismisses a banner; axe finds nothing serious in either theme', async () => {
    const ids = await showAll();
    const first = ids[0]!;
    const d = await server.call('photos.get', { id: first });
    await until(async () => (await tile(first).getAttribute('aria-label')) !== null, 'the tiles to be named');
    assert.match((await tile(first).getAttribute('aria-label'))!, new RegExp(`^${d.name.replace('.', '\\.')}, (file date )?\\w+ \\d+, \\d{4}`));

    await tile(first).click();
    await page.keyboard.press('Enter');
    await page.getByTestId('viewer').waitFor();
    assert.equal((await active()).inViewer, true, 'focus stayed behind the viewer');
    await until(async () => (await page.getByTestId('viewer').getAttribute('aria-label')) === `Photo: ${d.name}`, 'the viewer to be named');
    await page.keyboard.press('Escape');
    await until(async () => (await active()).photo === String(first), 'focus to return to the tile');

    await page.keyboard.press('/');
    assert.equal((await active()).testid, 'search', '"/" did not focus the search box');
    assert.equal(await page.getByTestId('search').inputValue(), '', 'the "/" was typed into the box');

    // An error banner (a folder that is not there), dismissed with Escape.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('root-path').fill(join(photoDir, 'not-there'));
    await page.getByTestId('root-add').click();
    await page.getByTestId('error').waitFor();
    await page.keyboard.press('Escape');
    await until(async () => (await page.getByTestId('error').count()) === 0, 'Escape to dismiss the error banner');
    await page.getByTestId('root-path').fill('');

    // The whole window, audited in both themes: the grid with a selection, the viewer, settings.
    const found: string[] = [];
    for (const [locale, theme] of [['en', 'light'], ['ko', 'dark']] as const) {
      await language(locale, theme);
      found.push(...(await auditPage(page)).map((v) => `${theme} settings: ${v}`));
      await showAll();
      await tile(first).click();
      await tile(ids[1]!).click({ modifiers: ['Control'] });
      await screenshot(page, `window-06-grid-${locale}-${theme}`);
      found.push(...(await auditPage(page)).map((v) => `${theme} grid: ${v}`));
      await tile(first).dblclick();
      await page.locator('[data-testid=viewer-name]').waitFor();
      await screenshot(page, `window-06-viewer-${locale}-${theme}`);
      found.push(...(await auditPage(page)).map((v) => `${theme} viewer: ${v}`));
      await page.keyboard.press('Escape');
    }
    assert.deepEqual(found, [], found.join('\n'));
  });

  it('Organize in Korean calls the photos in no folder what the sidebar calls them (분류 안 됨), naming the disk folder as it is', async () => {
    // The window is in Korean (dark) since the audit.
    const sidebar = (await page.getByTestId('folder-unsorted').innerText()).split('\n')[0]!.trim();
    assert.equal(sidebar, '분류 안 됨');
    await page.getByTestId('nav-organize').click();
    const label = await page.locator('label', { has: page.getByTestId('organize-unsorted') }).innerText();
    assert.ok(label.includes(sidebar), `Organize says "${label}", the sidebar "${sidebar}"`);
    await screenshot(page, 'window-07-organize-ko-dark');
  });
});
