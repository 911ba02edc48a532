/**
 * Where a photo was taken, in words, in the viewer's info panel: a photo with
 * GPS in Busan says "Busan, South Korea" (부산, 대한민국 in Korean) above its
 * coordinates; one without GPS has no place row. Expected values come from
 * the backend's own answers.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { writeExif } from '../helpers/exif.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

let server: Served;
let page: Page;
const suite = suiteCleanups();
const byName = new Map<string, number>();
let busanFile = '';
let plainFile = '';

async function setup(): Promise<void> {
  const dir = tempDir(suite, 'shoebox-e2e-places-');
  const photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 4, seed: 99 });
  busanFile = photos[0]!.file;
  plainFile = photos[1]!.file;
  writeExif(busanFile, { taken: '2023:07:20 12:00:00', make: 'Apple', model: 'iPhone 12', lat: 35.1587, lon: 129.1604 });
  writeExif(photos[2]!.file, { lat: 48.8584, lon: 2.2945 });
  const library = join(dir, 'library');
  shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', TINY_CLIP]);
  server = await serve(suite, library);
  for (const id of (await server.call('photos.list', { view: { kind: 'all' } })).ids) byName.set((await server.call('photos.get', { id })).path, id);
  ({ page } = await browser(suite));
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

async function language(locale: 'en' | 'ko'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language').selectOption(locale);
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
  await page.getByTestId('folder-all').click();
  await waitForImages(page);
}

async function openViewer(id: number): Promise<void> {
  await page.locator(`[data-testid=thumb][data-photo-id="${id}"]`).dblclick();
  await page.getByTestId('viewer').waitFor();
  await until(async () => Number(await page.getByTestId('viewer').getAttribute('data-photo-id')) === id, 'the viewer on the photo');
}

describe('the place in the info panel', { timeout: 120_000 }, () => {
  before(setup);

  it('a photo with GPS says where, in English and Korean, above its coordinates; one without has no place row', async () => {
    const busan = byName.get(busanFile)!;
    const info = await server.call('photos.get', { id: busan });
    assert.deepEqual(info.place, { label: 'Busan, South Korea', labelKo: '부산, 대한민국' });
    assert.equal((await server.call('photos.get', { id: byName.get(plainFile)! })).place, null);

    await language('en');
    await openViewer(busan);
    await until(async () => (await page.getByTestId('meta-place').innerText()).includes('Busan, South Korea'), 'the place in words');
    assert.match(await page.getByTestId('meta-place').innerText(), /35\.1587\d, 129\.1604\d/);
    await screenshot(page, 'places-viewer-en');
    await page.keyboard.press('Escape');

    await language('ko');
    await openViewer(busan);
    await until(async () => (await page.getByTestId('meta-place-name').innerText()) === '부산, 대한민국', '장소 이름');
    await screenshot(page, 'places-viewer-ko');
    await page.keyboard.press('Escape');

    await openViewer(byName.get(plainFile)!);
    await until(async () => (await page.getByTestId('meta-date').count()) > 0, 'the panel');
    assert.equal(await page.getByTestId('meta-place').count(), 0, 'no GPS: no place row (empty rows are left out)');
  });
});
