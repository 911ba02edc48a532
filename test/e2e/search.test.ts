/**
 * The search box that understands, in a real browser against `shoebox
 * serve`, in English and Korean: chips for what the text said (a date, a
 * camera, an exclusion), removing one re-runs the search exactly without it,
 * "N matches" then "Show weaker results", "No photos match" with the closest
 * few, the scope chip inside an open folder, recent searches, "more like
 * these" and a photo plus words. Expected values come from the backend's own
 * answers. Screenshots in en/ko × light/dark.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos, type SynthPhoto } from '../fixtures/synth/photos.js';
import { writeExif } from '../helpers/exif.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, gridIds, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

let server: Served;
let page: Page;
const suite = suiteCleanups();
let photos: SynthPhoto[] = [];

/** 2023 for every photo but the blue ones (2025, "last year" on the server's clock from 2026 on); cameras alternate. */
async function setup(): Promise<void> {
  const dir = tempDir(suite, 'shoebox-e2e-search-');
  const photoDir = join(dir, 'photos');
  photos = await generatePhotos({ outDir: photoDir, count: 48, seed: 1212, format: 'jpeg' });
  photos.forEach((p, i) => {
    const taken = p.color === 'blue' ? '2025:05:05 10:00:00' : `2023:0${(i % 9) + 1}:1${i % 9} 12:00:00`;
    writeExif(p.file, { taken, make: i % 2 ? 'Apple' : 'Canon', model: i % 2 ? 'iPhone 12' : 'Canon EOS 80D' });
  });
  const library = join(dir, 'library');
  shoeboxJson(['index', photoDir, '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

async function look(locale: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language').selectOption(locale);
  await page.getByTestId('theme').selectOption(theme);
  await page.getByTestId('folder-all').click();
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
}

const title = (): Promise<string> => page.getByTestId('view-title').innerText();
const chips = (): Promise<{ kind: string | null; text: string }[]> =>
  page.$$eval('[data-testid=chip]', (els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), text: (e.textContent ?? '').replace('×', '').trim() })));
const box = (p: Page) => p.getByTestId('search');

async function type(text: string): Promise<void> {
  await box(page).fill('');
  await box(page).fill(text);
}

/** Waits until the grid shows exactly these photos, in this order (those in the DOM: the grid is virtualized). */
async function gridIs(ids: number[], what: string): Promise<void> {
  const same = (grid: number[]): boolean =>
    (grid.length === ids.length || grid.length >= 24) && JSON.stringify(grid) === JSON.stringify(ids.slice(0, grid.length));
  await until(async () => same(await gridIds(page)), what).catch(async (err: Error) => {
    throw new Error(`${err.message}\n grid: ${JSON.stringify(await gridIds(page))}\n want: ${JSON.stringify(ids)}`);
  });
}

describe('the search box that understands, in a browser', () => {
  before(setup);

  it('English: chips for a date, a camera and an exclusion; N matches, then "Show weaker results"; removing a chip re-runs the search without it', async () => {
    await look('en', 'light');
    await type('a photo of a star shot on iPhone 2023 -red');
    const want = await server.call('search.text', { query: 'a photo of a star shot on iPhone 2023 -red', limit: 200, all: true });
    assert.deepEqual(want.query, { text: 'a photo of a star', exclude: ['red'], from: '2023', to: '2023', camera: 'iPhone' });
    assert.ok(want.matches > 0 && want.hits.some((h) => !h.match), 'there are matches and weaker ones');
    await until(async () => (await title()) === `${want.matches} matches for “a photo of a star shot on iPhone 2023 -red”`, 'N matches');
    assert.deepEqual(await chips(), [
      { kind: 'camera', text: 'Camera: iPhone' },
      { kind: 'date', text: '2023' },
      { kind: 'exclude', text: 'Without “red”' },
    ]);
    const matches = want.hits.filter((h) => h.match).map((h) => h.id);
    await gridIs(matches, 'the matches only');
    await page.getByTestId('show-weaker').waitFor();
    await waitForImages(page);
    await screenshot(page, 'search-en-light-chips');

    // "Show weaker results": the rest after the matches, under a header
    await page.getByTestId('show-weaker').click();
    await gridIs(want.hits.map((h) => h.id), 'the matches, then the weaker results');
    assert.equal(await page.getByTestId('show-weaker').count(), 0);
    assert.ok((await page.getByTestId('results-break').allInnerTexts()).includes('Weaker results'));
    // no raw scores on tiles; the viewer says how well a photo matches, in words
    assert.equal(await page.locator('[data-testid=score]').count(), 0);
    await page.locator(`[data-testid=thumb][data-photo-id="${matches[0]}"]`).dblclick();
    await until(async () => (await page.getByTestId('meta-strength').count()) === 1, 'the match strength');
    assert.equal(await page.getByTestId('meta-strength').getAttribute('data-level'), 'strong');
    assert.match(await page.getByTestId('meta-strength').innerText(), /Strong match/);
    await screenshot(page, 'search-en-light-viewer-strength');
    await page.getByTestId('viewer-close').click();

    // × on the camera chip: its words go back to the model (quoted, never understood again); the rest is exact
    await page.locator('[data-testid=chip][data-kind=camera] [data-testid=chip-remove]').click();
    await until(async () => (await box(page).inputValue()) === 'a photo of a star "shot on iPhone" 2023 -red', 'the box keeps the words, quoted');
    const noCamera = await server.call('search.text', { query: 'a photo of a star shot on iPhone', parse: false, from: '2023', to: '2023', exclude: ['red'], limit: 200, all: true });
    await until(async () => (await title()) === `${noCamera.matches} matches for “a photo of a star "shot on iPhone" 2023 -red”`, 'the search without the camera');
    await gridIs(noCamera.hits.filter((h) => h.match).map((h) => h.id), 'the matches without the camera filter');
    assert.deepEqual((await chips()).map((c) => c.kind), ['date', 'exclude']);

    // × on the date chip: its words are dropped
    await page.locator('[data-testid=chip][data-kind=date] [data-testid=chip-remove]').click();
    await until(async () => (await box(page).inputValue()) === 'a photo of a star "shot on iPhone" -red', 'the date words dropped');
    const noDate = await server.call('search.text', { query: 'a photo of a star shot on iPhone', parse: false, exclude: ['red'], limit: 200, all: true });
    await gridIs(noDate.hits.filter((h) => h.match).map((h) => h.id), 'the matches without the date filter');
    assert.deepEqual((await chips()).map((c) => c.kind), ['exclude']);
  });

  it('English: a query nothing matches says "No photos match" and offers the closest few', async () => {
    await look('en', 'dark');
    await type('red last year');
    const want = await server.call('search.text', { query: 'red last year', limit: 200, all: true });
    assert.equal(want.matches, 0, 'the photos of last year are all blue');
    await until(async () => (await page.getByTestId('no-match').count()) === 1, 'No photos match');
    assert.match(await page.getByTestId('no-match').innerText(), /None fits well enough; here are the closest 5\./);
    await gridIs(want.hits.slice(0, 5).map((h) => h.id), 'the closest 5');
    assert.deepEqual(await chips(), [{ kind: 'date', text: String(new Date().getFullYear() - 1) }]);
    await waitForImages(page);
    await screenshot(page, 'search-en-dark-no-match');
    // the same search with chips, in dark
    await type('a photo of a star shot on iPhone 2023 -red');
    await page.getByTestId('show-weaker').waitFor();
    await waitForImages(page);
    await screenshot(page, 'search-en-dark-chips');
  });

  it('Korean: 2023년, 아이폰으로 찍은, 빼고 become chips; removing one; 맞는 사진이 없습니다', async () => {
    await look('ko', 'light');
    await type('2023년 아이폰으로 찍은 star 빨간색 빼고');
    const want = await server.call('search.text', { query: '2023년 아이폰으로 찍은 star 빨간색 빼고', limit: 200, all: true });
    assert.deepEqual([want.query.text, want.query.from, want.query.camera, want.query.exclude], ['star', '2023', 'iPhone', ['빨간색']]);
    await until(async () => (await chips()).length === 3, 'three chips');
    assert.deepEqual(await chips(), [
      { kind: 'date', text: '2023년' },
      { kind: 'camera', text: '카메라: iPhone' },
      { kind: 'exclude', text: '“빨간색” 빼고' },
    ]);
    await until(async () => (await title()) === (want.matches ? `“2023년 아이폰으로 찍은 star 빨간색 빼고”에 맞는 사진 ${want.matches}장` : '“2023년 아이폰으로 찍은 star 빨간색 빼고”에 맞는 사진이 없습니다'), 'the Korean title');
    await waitForImages(page);
    await screenshot(page, 'search-ko-light-chips');
    const weaker = want.hits.filter((h) => !h.match).length;
    assert.ok(want.matches > 0 && weaker > 0);
    assert.equal(await page.getByTestId('show-weaker').innerText(), `덜 맞는 사진도 보기 (${weaker})`);
    await page.getByTestId('show-weaker').click();
    await gridIs(want.hits.map((h) => h.id), '맞는 사진, 그다음 덜 맞는 사진');
    assert.ok((await page.getByTestId('results-break').allInnerTexts()).includes('덜 맞는 사진'));
    await page.locator('[data-testid=chip][data-kind=exclude] [data-testid=chip-remove]').click();
    await until(async () => (await box(page).inputValue()) === '2023년 아이폰으로 찍은 star', 'the exclusion dropped');
    const noExclusion = await server.call('search.text', { query: 'star', parse: false, from: '2023', to: '2023', camera: 'iPhone', limit: 200, all: true });
    await gridIs(noExclusion.hits.filter((h) => h.match).map((h) => h.id), 'the matches without the exclusion');

    await look('ko', 'dark');
    await type('작년 빨간');
    await until(async () => (await page.getByTestId('no-match').count()) === 1, '맞는 사진이 없습니다');
    assert.match(await page.getByTestId('no-match').innerText(), /충분히 맞는 사진은 없지만, 가장 가까운 사진 5장입니다\./);
    assert.match(await title(), /“작년 빨간”에 맞는 사진이 없습니다/);
    await waitForImages(page);
    await screenshot(page, 'search-ko-dark-no-match');
    await type('2023년 아이폰으로 찍은 star 빨간색 빼고');
    await until(async () => (await chips()).length === 3, 'three chips');
    await waitForImages(page);
    await screenshot(page, 'search-ko-dark-chips');
  });

  it('a search inside the open folder has a scope chip; the pickers add chips; recent searches are kept and cleared', async () => {
    await look('en', 'light');
    await page.locator('[data-testid=folder-item][data-folder-name="Stars"]').click();
    await until(async () => (await title()) === 'Stars', 'the Stars folder');
    await type('purple');
    await box(page).press('Enter');
    await until(async () => (await chips()).some((c) => c.kind === 'scope'), 'the scope chip');
    assert.deepEqual(await chips(), [{ kind: 'scope', text: 'Inside “Stars”' }]);
    const inside = await server.call('search.text', { query: 'purple', folder: 'Stars', limit: 200, all: true });
    await gridIs(inside.hits.filter((h) => h.match).map((h) => h.id), 'the matches inside Stars');
    await page.locator('[data-testid=chip][data-kind=scope] [data-testid=chip-remove]').click();
    const everywhere = await server.call('search.text', { query: 'purple', limit: 200, all: true });
    await gridIs(everywhere.hits.filter((h) => h.match).map((h) => h.id), 'the matches everywhere');

    // the camera picker: the library's cameras with their counts
    await page.getByTestId('search-filters').click();
    await until(async () => (await page.getByTestId('pick-camera').locator('option').count()) === 3, 'the cameras');
    assert.deepEqual(await page.getByTestId('pick-camera').locator('option').allInnerTexts(), ['Any', 'Apple iPhone 12 (24)', 'Canon EOS 80D (24)']);
    await page.getByTestId('pick-camera').selectOption('Canon EOS 80D');
    await page.getByTestId('picker-done').click();
    await until(async () => (await chips()).some((c) => c.kind === 'camera'), 'the picked camera chip');
    const canon = await server.call('search.text', { query: 'purple', camera: 'Canon EOS 80D', limit: 200, all: true });
    await gridIs(canon.hits.filter((h) => h.match).map((h) => h.id), 'the matches from the Canon');
    await screenshot(page, 'search-en-light-picker');

    // recent searches: an empty focused box offers them; a button forgets them
    await page.getByTestId('search-clear').click();
    await box(page).focus();
    await page.getByTestId('recent-searches').waitFor();
    assert.ok((await page.getByTestId('recent-search').allInnerTexts()).includes('purple'));
    await page.getByTestId('recent-clear').click();
    await until(async () => (await page.getByTestId('recent-searches').count()) === 0, 'recent searches cleared');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('shoebox.recentSearches')), null);
  });

  it('"more like these" from several photos, and a photo plus words', async () => {
    await page.getByTestId('folder-all').click();
    await waitForImages(page);
    const all = await gridIds(page);
    const [a, b] = [all[0]!, all[1]!];
    await page.locator(`[data-testid=thumb][data-photo-id="${a}"]`).click();
    await page.locator(`[data-testid=thumb][data-photo-id="${b}"]`).click({ modifiers: ['Control'] });
    await until(async () => (await page.getByTestId('selection-similar').innerText()) === 'More like these', 'More like these');
    await page.getByTestId('selection-similar').click();
    await until(async () => (await title()) === 'Photos like these 2', 'the photos like these two');
    const like = await server.call('search.similar', { ids: [a, b], limit: 200 });
    await gridIs([a, b, ...like.hits.map((h) => h.id)], 'the two, then the photos like them');
    assert.ok(!like.hits.some((h) => h.id === a || h.id === b), 'the photos asked about are not among the answers');

    await page.getByTestId('like-words').fill('purple');
    await page.getByTestId('like-words-go').click();
    await until(async () => (await title()) === 'Like these 2, but “purple”', 'a photo plus words');
    const plus = await server.call('search.similar', { ids: [a, b], text: 'purple', limit: 200 });
    await gridIs([a, b, ...plus.hits.map((h) => h.id)], 'the photos like these, but purple');
    await waitForImages(page);
    await screenshot(page, 'search-en-light-like-words');
    const colour = new Map(photos.map((p) => [p.file.split('/').pop()!, p.color]));
    const names = await Promise.all(plus.hits.slice(0, 3).map(async (h) => (await server.call('photos.get', { id: h.id })).name));
    assert.ok(names.filter((n) => colour.get(n) === 'purple').length >= 2, `the first answers are purple: ${names.map((n) => colour.get(n))}`);
  });
});
