/**
 * The grid people expect, and a window that works from 720 px to 4K, in a
 * real browser against `shoebox serve` (issue 14, problems 12, 13 and 4):
 * justified rows that keep each photo's shape, a thumbnail size that is
 * remembered, day/month/year headers, arrows that move by row; the sidebar
 * that collapses at 720 px, a header that never wraps, one clear button,
 * Organize paths broken only at separators; folders ordered by drag and by
 * Alt+↑/↓, kept in the library, their keys following. Expected values come
 * from the backend's own answers (photos.get, photos.list, folders.list).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos, mulberry32 } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';
import { audit } from '../helpers/axe.js';

let server: Served;
let page: Page;
let dir = '';
const suite = suiteCleanups();
const LONG = 'Summer holidays on Jeju island with the whole family and the dog, 2024';

async function setup(): Promise<void> {
  dir = tempDir(suite, 'shoebox-e2e-grid-');
  const photoDir = join(dir, 'photos');
  const photos = await generatePhotos({ outDir: photoDir, count: 60, seed: 1214 });
  // File dates over three years (the photos have no camera date): several years, months and days to group by.
  const rand = mulberry32(12);
  const start = Date.UTC(2022, 10, 1);
  for (const p of photos) {
    const t = new Date(start + Math.floor(rand() * 3 * 365) * 86_400_000 + 36_000_000);
    utimesSync(p.file, t, t);
  }
  const library = join(dir, 'library');
  shoeboxJson(['index', photoDir, '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  shoeboxJson(['folder', 'add', 'Receipts', '--library', library]);
  shoeboxJson(['folder', 'add', LONG, '--prompt', 'a photo of a red circle', '--library', library]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

async function showAll(): Promise<void> {
  await page.getByTestId('folder-all').click();
  await waitForImages(page);
}

interface Tile {
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Row {
  left: number;
  right: number;
  top: number;
  bottom: number;
  tiles: Tile[];
}

/** The grid's rows on screen, with their tiles' boxes, top to bottom. */
async function rows(): Promise<Row[]> {
  return page.evaluate(`[...document.querySelectorAll('[data-testid=grid-row]')].map((r) => {
    const rr = r.getBoundingClientRect();
    return { left: rr.left, right: rr.right, top: rr.top, bottom: rr.bottom, tiles: [...r.querySelectorAll('[data-testid=thumb]')].map((t) => {
      const b = t.getBoundingClientRect();
      return { id: Number(t.getAttribute('data-photo-id')), x: b.left, y: b.top, w: b.width, h: b.height };
    }) };
  }).sort((a, b) => a.top - b.top)`);
}

/**
 * Each tile on screen with the header it is under, as a person reads them: the
 * nearest header above whose left edge is at or left of the tile (small groups
 * share a line, each under its own header). Headers in reading order too.
 */
async function underHeaders(kind: string): Promise<{ headers: string[]; tiles: { id: number; header: string }[] }> {
  return page.evaluate(`(() => {
    const box = (e) => e.getBoundingClientRect();
    const heads = [...document.querySelectorAll('[data-testid=${kind}]')].map((h) => ({ top: box(h).top, left: box(h).left, text: h.textContent.trim() }))
      .sort((a, b) => a.top - b.top || a.left - b.left);
    const tiles = [...document.querySelectorAll('[data-testid=thumb]')].map((t) => {
      const b = box(t);
      const above = heads.filter((h) => h.top < b.top);
      const lineTop = Math.max(...above.map((h) => h.top));
      const mine = above.filter((h) => h.top === lineTop && h.left <= b.left + 1).pop();
      return { id: Number(t.getAttribute('data-photo-id')), header: mine ? mine.text : '' };
    }).filter((t) => t.header !== '');
    return { headers: heads.map((h) => h.text), tiles };
  })()`);
}

const gridSize = async (): Promise<number> => Number(await page.getByTestId('grid').getAttribute('data-size'));

function dayKey(ms: number, g: 'day' | 'month' | 'year'): string {
  const iso = new Date(ms).toISOString();
  return g === 'year' ? iso.slice(0, 4) : g === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

async function language(locale: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language').selectOption(locale);
  await page.getByTestId('theme').selectOption(theme);
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
}

describe('the grid and the window from 720 px to 4K, in a browser', () => {
  before(setup);

  it('justified rows: each photo keeps its shape, the rows of a group are of equal height and fill the width', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await showAll();
    // By year: groups of some twenty photos, several rows each (a month here holds one to three).
    await page.getByTestId('grouping').selectOption('year');
    await until(async () => (await page.locator('[data-testid=year]').count()) > 0, 'year headers');
    const shapes = new Map<number, number>();
    const all = await rows();
    assert.ok(all.length >= 3, `rows on screen: ${all.length}`);
    const headers = (await page.evaluate(`[...document.querySelectorAll('[data-testid=year]')].map((h) => h.getBoundingClientRect().top)`)) as number[];
    let full = 0;
    for (const [i, row] of all.entries()) {
      const hs = row.tiles.map((t) => t.h);
      assert.ok(Math.max(...hs) - Math.min(...hs) < 0.5, `row ${i}: tiles of different heights ${hs}`);
      for (const t of row.tiles) {
        if (!shapes.has(t.id)) {
          const d = await server.call('photos.get', { id: t.id });
          shapes.set(t.id, Math.min(3.5, Math.max(0.4, d.width! / d.height!)));
        }
        const want = shapes.get(t.id)!;
        assert.ok(Math.abs(t.w - want * t.h) <= 1.5, `photo ${t.id} is drawn ${t.w.toFixed(1)}x${t.h.toFixed(1)}, it is ${want.toFixed(2)}:1`);
      }
      const last = row.tiles.at(-1)!;
      const next = all[i + 1];
      const endsGroup = !next || headers.some((h) => h >= row.bottom && h <= next.top);
      if (Math.abs(last.x + last.w - row.right) <= 1) full++;
      else assert.ok(endsGroup, `row ${i} stops ${Math.round(row.right - last.x - last.w)} px short of the right edge, and it is not a group's last row`);
    }
    assert.ok(full >= all.length / 2, `${full} of ${all.length} rows fill the width`);
    await screenshot(page, 'grid-01-justified-1440-en-light');
  });

  it('thumbnail size: Ctrl + and Ctrl − step it, the slider sets it, and it is remembered', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await showAll();
    const size0 = await gridSize();
    const height = async (): Promise<number> => (await rows())[0]!.tiles[0]!.h;
    const perRow = async (): Promise<number> => (await rows())[0]!.tiles.length;
    const [h0, n0] = [await height(), await perRow()];
    await page.getByTestId('grid-list').focus();
    await page.keyboard.press('Control+Equal');
    await until(async () => (await gridSize()) > size0, 'Ctrl + to make the thumbnails bigger');
    assert.ok((await height()) > h0 && (await perRow()) <= n0, 'bigger thumbnails, fewer a row');
    await page.keyboard.press('Control+Minus');
    await page.keyboard.press('Control+Minus');
    await until(async () => (await gridSize()) < size0, 'Ctrl − to make them smaller');
    assert.ok((await perRow()) >= n0);
    await page.getByTestId('thumb-size').fill('260');
    await until(async () => (await gridSize()) === 260, 'the slider');
    await page.reload();
    await page.getByTestId('app').waitFor();
    await showAll();
    assert.equal(await gridSize(), 260, 'the size was not remembered');
    assert.equal(await page.getByTestId('thumb-size').inputValue(), '260');
    await screenshot(page, 'grid-02-large-1440-en-light');
    await page.keyboard.press('Control+0');
    await until(async () => (await gridSize()) === size0, 'Ctrl 0 to reset');
  });

  it('headers by day, month or year: each group holds exactly the photos of its day, month or year', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await showAll();
    const list = await server.call('photos.list', { view: { kind: 'all' }, sort: 'date-desc' });
    const dateOf = new Map(list.ids.map((id, i) => [id, list.dates[i]!]));
    for (const g of ['year', 'month', 'day'] as const) {
      await page.getByTestId('grouping').selectOption(g);
      await until(async () => (await page.locator(`[data-testid=${g}]`).count()) > 0, `${g} headers`);
      const { headers: seen, tiles } = await underHeaders(g);
      const keysUnder = new Map<string, Set<string>>();
      for (const t of tiles) keysUnder.set(t.header, (keysUnder.get(t.header) ?? new Set()).add(dayKey(dateOf.get(t.id)!, g)));
      for (const [header, keys] of keysUnder) assert.equal(keys.size, 1, `under "${header}": photos of ${[...keys]}`);
      const keys = [...keysUnder.values()].map((k) => [...k][0]);
      assert.equal(new Set(keys).size, keys.length, 'two headers for one group');
      assert.ok(seen.length >= 2, `${g}: ${seen.length} headers`);
      if (g === 'year') assert.deepEqual(seen, [...new Set(list.dates.map((d) => dayKey(d, 'year')))].slice(0, seen.length), 'a header for each year, newest first');
      if (g === 'day') {
        // Days of a photo or two share a line, each under its own date, instead of a line each.
        const tops = (await page.evaluate(`[...document.querySelectorAll('[data-testid=day]')].map((h) => Math.round(h.getBoundingClientRect().top))`)) as number[];
        assert.ok(new Set(tops).size < tops.length, `every day on a line of its own: ${tops}`);
        await screenshot(page, 'grid-03-days-1440-en-light');
      }
    }
    // Remembered too; months again for the rest.
    await page.reload();
    await page.getByTestId('app').waitFor();
    assert.equal(await page.getByTestId('grouping').inputValue(), 'day');
    await page.getByTestId('grouping').selectOption('month');
  });

  it('arrows move by row in justified rows: down and up go to the nearest photo of the next or previous row', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await showAll();
    const [r0, r1] = await rows();
    const start = r0!.tiles[Math.floor(r0!.tiles.length / 2)]!;
    await page.locator(`[data-testid=thumb][data-photo-id="${start.id}"]`).click();
    const nearest = (row: Row, t: Tile): number =>
      row.tiles.reduce((best, c) => (Math.abs(c.x + c.w / 2 - (t.x + t.w / 2)) < Math.abs(best.x + best.w / 2 - (t.x + t.w / 2)) ? c : best)).id;
    const focused = async (): Promise<number> => Number(await page.locator('[data-testid=thumb][aria-selected=true]').first().getAttribute('data-photo-id'));
    await page.keyboard.press('ArrowDown');
    const down = nearest(r1!, start);
    await until(async () => (await focused()) === down, 'ArrowDown to the photo below');
    await page.keyboard.press('ArrowUp');
    const up = nearest(r0!, r1!.tiles.find((t) => t.id === down)!);
    await until(async () => (await focused()) === up, 'ArrowUp to the photo above');
    await page.keyboard.press('Escape');
  });

  for (const [w, h] of [
    [720, 700],
    [1440, 900],
    [3840, 2160],
  ] as const) {
    it(`at ${w}x${h}: nothing overflows, the sidebar ${w < 960 ? 'collapses behind a button' : 'stays'}, a long folder name does not wrap the header, one clear button`, async () => {
      await page.setViewportSize({ width: w, height: h });
      const sidebar = page.getByTestId('sidebar');
      if (w < 960) {
        await until(async () => (await sidebar.count()) === 0, 'the sidebar to collapse');
        await page.getByTestId('sidebar-toggle').click();
        await sidebar.waitFor();
        assert.equal(await page.getByTestId('sidebar-toggle').getAttribute('aria-expanded'), 'true');
      } else {
        await sidebar.waitFor();
        assert.equal(Math.round((await sidebar.boundingBox())!.width), 240);
      }
      await page.locator(`[data-testid=folder-item][data-folder-name="${LONG}"]`).click();
      if (w < 960) await until(async () => (await sidebar.count()) === 0, 'the drawer to close after a choice');
      await until(async () => (await page.getByTestId('view-title').innerText()).startsWith('Summer'), 'the long folder');
      const overflow = (await page.evaluate(`(() => {
        const over = (e) => e && e.scrollWidth > e.clientWidth + 1 ? e.getAttribute('data-testid') || e.className : null;
        const header = document.querySelector('.library > header');
        return [document.documentElement.scrollWidth > innerWidth ? 'page' : null, over(document.querySelector('.topbar')), over(header)].filter(Boolean);
      })()`)) as string[];
      assert.deepEqual(overflow, [], `overflows at ${w} px`);
      const lineHeight = async (testid: string): Promise<number> => (await page.getByTestId(testid).boundingBox())!.height;
      assert.ok((await lineHeight('view-title')) < 30, `the folder name wraps: ${await lineHeight('view-title')} px tall`);
      assert.ok((await lineHeight('photo-count')) < 26, `"N photos" is split over lines: ${await lineHeight('photo-count')} px tall`);
      await screenshot(page, `grid-04-long-name-${w}-en-light`);

      // One clear button in the search box (Chromium draws its own for type=search unless told not to).
      const search = page.getByTestId('search');
      await search.fill('star');
      await page.getByTestId('search-clear').waitFor();
      assert.equal(await page.getByTestId('search-clear').count(), 1);
      // Chromium's own ✕ (not in the DOM): the box looks the same as with it hidden for sure.
      await search.focus();
      const still = await page.addStyleTag({ content: 'input { caret-color: transparent !important; }' });
      const shown = await search.screenshot();
      const hide = await page.addStyleTag({ content: 'input[type=search]::-webkit-search-cancel-button { display: none !important; }' });
      assert.ok(shown.equals(await search.screenshot()), "the browser's own clear button shows beside ours");
      await hide.evaluate((e) => (e as unknown as { remove(): void }).remove());
      await still.evaluate((e) => (e as unknown as { remove(): void }).remove());
      await page.getByTestId('search-clear').click();

      if (w === 3840) {
        await showAll();
        await page.getByTestId('grouping').selectOption('year');
        await until(async () => (await page.locator('[data-testid=year]').count()) > 0, 'year headers');
        const all = await rows();
        const grid = (await page.getByTestId('grid').boundingBox())!;
        const filled = all.filter((r) => r.tiles.at(-1)!.x + r.tiles.at(-1)!.w > grid.x + grid.width - 80);
        assert.ok(filled.length > 0 && filled.every((r) => r.tiles.length >= 12), `rows fill a 4K window with many photos each: ${filled.map((r) => r.tiles.length)}`);
        await screenshot(page, 'grid-05-3840-en-light');
        await page.getByTestId('grouping').selectOption('month');
      }
    });
  }

  it('at 720 px the Organize list breaks paths only after a separator (or a space), never inside a word of a name', async () => {
    await page.setViewportSize({ width: 720, height: 700 });
    await page.getByTestId('sidebar-toggle').click();
    await page.getByTestId('nav-organize').click();
    await page.getByTestId('organize').waitFor();
    await page.getByTestId('organize-dest').fill(join(dir, 'Sorted photos for the family archive', 'a folder with a rather long name'));
    await page.getByTestId('organize-preview').click();
    await page.getByTestId('plan').waitFor();
    // Where each path's lines break: the character before every break must be a separator.
    const breaks = (await page.evaluate(`[...document.querySelectorAll('[data-testid=plan-row] td:nth-child(2), [data-testid=plan-row] td:nth-child(3)')].slice(0, 40).flatMap((td) => {
      const code = td.querySelector('code');
      const text = code.textContent;
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      const chars = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        chars.push(r.getBoundingClientRect().top);
      }
      const out = [];
      for (let i = 1; i < chars.length; i++) if (chars[i] > chars[i - 1] + 2) out.push(text.slice(Math.max(0, i - 12), i) + ' | ' + text.slice(i, i + 12));
      return out;
    })`)) as string[];
    assert.ok(breaks.length > 0, 'at 720 px the long paths wrap');
    const bad = breaks.filter((b) => !/[/\\ ] \| /.test(b));
    assert.deepEqual(bad, [], 'paths broken inside a name');
    await screenshot(page, 'grid-06-organize-720-en-light');
    await page.getByTestId('organize-back').click();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('folders in the user\'s order: drag one, or Alt+↑/↓ on it; the keys follow, the order is kept in the library, a new folder goes last', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await showAll();
    const names = async (): Promise<string[]> => (await server.call('folders.list', {})).folders.map((f) => f.name);
    const shown = async (): Promise<string[]> =>
      page.locator('[data-testid=folder-item]').evaluateAll((els) => els.map((e) => `${e.querySelector('[data-testid=folder-key]')?.textContent} ${e.getAttribute('data-folder-name')}`));
    assert.deepEqual(await names(), ['Stars', 'Receipts', LONG], 'in the order they were made');
    assert.deepEqual(await shown(), ['1 Stars', '2 Receipts', `3 ${LONG}`], 'each folder shows its key');

    // Drag Receipts above Stars.
    const item = (name: string) => page.locator(`[data-testid=folder-item][data-folder-name="${name}"]`);
    const box = (await item('Stars').boundingBox())!;
    await item('Receipts').dragTo(item('Stars'), { targetPosition: { x: box.width / 2, y: 3 } });
    await until(async () => (await names())[0] === 'Receipts', 'the drag to move Receipts first');
    assert.deepEqual(await names(), ['Receipts', 'Stars', LONG]);
    await until(async () => (await shown())[0] === '1 Receipts', 'the sidebar to follow');

    // Alt+↓ on the focused long folder: nothing below it; Alt+↑ twice: first. Focus stays on it.
    await item(LONG).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await until(async () => (await names())[1] === LONG, 'Alt+↑ to move it up one');
    await page.keyboard.press('Alt+ArrowUp');
    await until(async () => (await names())[0] === LONG, 'Alt+↑ again');
    assert.equal(await page.evaluate(`document.activeElement.getAttribute('data-folder-name')`), LONG, 'focus left the moved folder');
    // the announcement follows the move (the first move's words may still be there for a moment)
    await until(async () => /is now number 1/.test(await page.getByTestId('folder-announce').innerText()), 'the screen reader to hear the new place');
    await page.keyboard.press('Alt+ArrowDown');
    await until(async () => (await names())[1] === LONG, 'Alt+↓');
    assert.deepEqual(await names(), ['Receipts', LONG, 'Stars']);
    await screenshot(page, 'grid-07-folder-order-1440-en-light');

    // A new folder goes last: every key stays with its folder. Key 3 still puts photos in Stars.
    await server.call('folders.create', { name: 'Aardvarks', prompts: ['an aardvark'] });
    await page.reload();
    await page.getByTestId('app').waitFor();
    await until(async () => (await shown()).length === 4, 'the new folder');
    assert.deepEqual(await shown(), ['1 Receipts', `2 ${LONG}`, '3 Stars', '4 Aardvarks']);
    const ids = (await server.call('photos.list', { view: { kind: 'all' } })).ids;
    await page.locator(`[data-testid=thumb][data-photo-id="${ids[0]}"]`).click();
    await page.keyboard.press('3');
    await until(async () => (await server.call('photos.get', { id: ids[0]! })).folder?.name === 'Stars', 'key 3 to put the photo in Stars');
  });

  it('screenshots of the grid and the sidebar in English and Korean, light and dark, at 1440 and 720 px; no serious accessibility violations', async () => {
    const found: string[] = [];
    for (const [locale, theme] of [
      ['en', 'light'],
      ['en', 'dark'],
      ['ko', 'light'],
      ['ko', 'dark'],
    ] as const) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await language(locale, theme);
      await showAll();
      await page.getByTestId('scrubber').waitFor();
      await screenshot(page, `grid-10-1440-${locale}-${theme}`);
      found.push(...(await audit(page)).map((v) => `${locale} ${theme} 1440 grid with its timeline: ${v}`));
      await page.setViewportSize({ width: 720, height: 700 });
      await until(async () => (await page.getByTestId('sidebar').count()) === 0, 'the sidebar to collapse');
      await waitForImages(page);
      await screenshot(page, `grid-11-720-${locale}-${theme}`);
      await page.getByTestId('sidebar-toggle').click();
      await page.getByTestId('sidebar').waitFor();
      await screenshot(page, `grid-12-720-sidebar-${locale}-${theme}`);
      found.push(...(await audit(page)).map((v) => `${locale} ${theme} 720 sidebar drawer: ${v}`));
      await page.keyboard.press('Escape');
      await until(async () => (await page.getByTestId('sidebar').count()) === 0, 'Escape to close the drawer');
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await language('en', 'light');
    assert.deepEqual(found, []);
  });
});
