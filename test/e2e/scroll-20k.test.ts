/**
 * Scenario 7 — a library of 20,000 photos (written straight into the
 * database: rows plus random unit vectors, no files to index) scrolls with a
 * small DOM: only the rows near the viewport are rendered, wherever the user
 * scrolls to, and the photos at the very end are reachable; the timeline
 * scrubber on the right edge jumps to a year, showing the date while dragged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../../src-main/core/context.js';
import { chooseModel } from '../../src-main/core/models/active-model.js';
import { readModelFolder } from '../../src-main/core/models/model-folder.js';
import { mulberry32 } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { browser, gridIds, screenshot, serve, until } from '../helpers/e2e-harness.js';

const N = 20_000;
/** Far below N: a screenful of tiles plus the overscan margin. */
const DOM_LIMIT = 200;

function fillLibrary(dir: string): void {
  const ctx = openLibrary(dir);
  // A root that is not there (an unplugged drive): its photos are kept, so indexing leaves them alone.
  const root = join(dir, 'unplugged-drive');
  ctx.settings.addRoot(root);
  chooseModel(ctx, TINY_CLIP);
  const folder = readModelFolder(TINY_CLIP);
  const record = ctx.vectors.model(folder.dir, folder.name, 64);
  const rand = mulberry32(7);
  const start = Date.UTC(2012, 0, 1);
  ctx.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const taken = new Date(start + Math.floor(rand() * 12 * 365 * 86_400_000)).toISOString().slice(0, 19);
      const id = ctx.photos.upsert({ path: join(root, `IMG_${String(i).padStart(5, '0')}.jpg`), size: 1000, mtimeMs: 0, hash: null, takenAt: taken, width: 400, height: 300 });
      const v = new Float32Array(64);
      let norm = 0;
      for (let j = 0; j < 64; j++) norm += (v[j] = rand() - 0.5) ** 2;
      for (let j = 0; j < 64; j++) v[j]! /= Math.sqrt(norm);
      ctx.vectors.put(id, record.id, v);
    }
  })();
  closeLibrary(ctx);
}

test('scrolling 20,000 photos keeps the DOM small and reaches the end', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-');
  let t0 = Date.now();
  fillLibrary(join(dir, 'library'));
  t.diagnostic(`filled the library in ${Date.now() - t0} ms`);
  t0 = Date.now();
  const server = await serve(t, join(dir, 'library'));
  const { page } = await browser(t);
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
  await until(async () => (await page.getByTestId('photo-count').innerText()) === '20,000 photos', 'the count of 20,000');

  t.diagnostic(`served and shown in ${Date.now() - t0} ms`);
  t0 = Date.now();
  const list = await server.call('photos.list', { view: { kind: 'all' } });
  assert.equal(list.ids.length, N);
  const tiles = (): Promise<number> => page.locator('[data-testid=thumb]').count();
  const top = await gridIds(page);
  assert.ok(top.length > 0 && (await tiles()) < DOM_LIMIT, `few tiles at the top: ${await tiles()}`);
  assert.deepEqual(top, list.ids.slice(0, top.length), 'newest first, in the backend order');
  assert.ok((await page.locator('[data-testid=month]').count()) >= 1, 'grouped by month');

  const grid = page.getByTestId('grid');
  const scrollTo = async (fraction: number): Promise<number[]> => {
    const before = await gridIds(page);
    await grid.evaluate((el, f) => {
      const e = el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
      e.scrollTop = f * (e.scrollHeight - e.clientHeight);
    }, fraction);
    await until(async () => (await gridIds(page))[0] !== before[0], 'the grid to follow the scroll');
    return gridIds(page);
  };

  for (const f of [0.25, 0.5, 0.75]) {
    const ids = await scrollTo(f);
    const count = await tiles();
    assert.ok(count > 0 && count < DOM_LIMIT, `at ${f * 100}%: ${count} tiles in the DOM`);
    const at = list.ids.indexOf(ids[0]!);
    assert.ok(Math.abs(at / N - f) < 0.1, `at ${f * 100}% the grid shows photo #${at} of ${N}`);
  }
  // Wheel scrolling, as a person would.
  await grid.hover();
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 900);
  assert.ok((await tiles()) < DOM_LIMIT);

  const end = await scrollTo(1);
  assert.ok(end.includes(list.ids[N - 1]!), 'the last photo is reachable');
  assert.ok((await tiles()) < DOM_LIMIT);
  const months = await page.locator('[data-testid=month]').count();
  assert.ok(months < 20, `month headers are virtualized too: ${months} of 144`);
  t.diagnostic(`scrolled in ${Date.now() - t0} ms`);
  await screenshot(page, '09-scroll-20k');

  // The timeline: a mark for each of the twelve years; dragging shows the month under the pointer and goes there.
  const scrubber = page.getByTestId('scrubber');
  await scrubber.waitFor();
  const years = await page.getByTestId('scrubber-year').allInnerTexts();
  assert.ok(years.length >= 6 && years.includes('2018'), `year marks: ${years}`);
  const mark = (await page.locator('[data-testid=scrubber-year]', { hasText: '2018' }).boundingBox())!;
  const box = (await scrubber.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, mark.y + mark.height / 2 + 2, { steps: 8 });
  const label = page.getByTestId('scrubber-label');
  await label.waitFor();
  assert.match(await label.innerText(), /2018/, 'the date shown while dragging');
  await screenshot(page, '09-scroll-20k-scrubber');
  await page.mouse.up();
  assert.equal(await label.count(), 0, 'the date goes when the drag ends');
  const shown = await gridIds(page);
  const dates = new Map(list.ids.map((id, i) => [id, list.dates[i]!]));
  const inView = await page.$$eval('[data-testid=thumb]', (els) =>
    els.filter((e) => {
      const r = (e as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
      return r.bottom > 0 && r.top < 800;
    }).map((e) => Number(e.getAttribute('data-photo-id'))),
  );
  assert.ok(shown.length < DOM_LIMIT);
  const yearsShown = new Set(inView.map((id) => new Date(dates.get(id)!).getUTCFullYear()));
  assert.ok(yearsShown.has(2018), `after the drag the grid shows ${[...yearsShown]}`);
});
