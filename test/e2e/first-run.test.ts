/**
 * Scenario 1 — first run, in a real browser against the real backend: add a
 * photo folder by path, choose the model folder, watch the progress bar reach
 * the end, and see every photo's thumbnail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { browser, gridIds, screenshot, serve, waitForImages, waitForThumbs } from '../helpers/e2e-harness.js';

test('first run: add a folder, choose the model, indexing runs to the end and the photos appear', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-');
  const photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 30, seed: 5 });
  const server = await serve(t, join(dir, 'library'), ['--batch-size', '4']);
  const { page } = await browser(t);

  await page.goto(server.openUrl);
  await page.getByTestId('first-run').waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the token is wiped from the address bar');
  await screenshot(page, '01-first-run');

  // A folder that does not exist is refused in words, and nothing is added.
  await page.getByTestId('root-path').fill(join(dir, 'nope'));
  await page.getByTestId('root-add').click();
  await page.getByTestId('error').waitFor();
  assert.match(await page.getByTestId('error').innerText(), /no folder/i);
  await page.getByTestId('error').getByRole('button').click();

  await page.getByTestId('root-path').fill(join(dir, 'photos'));
  await page.getByTestId('root-add').click();
  await page.getByTestId('roots').getByText(join(dir, 'photos')).waitFor();

  await page.getByTestId('model-path').fill(TINY_CLIP);
  await page.getByTestId('model-use').click();

  // The library opens by itself; the progress bar runs to the end.
  await page.getByTestId('app').waitFor();
  await page.locator('[data-testid=progress][data-state=done]').waitFor({ timeout: 60_000 });
  const label = await page.getByTestId('progress-label').innerText();
  assert.match(label, /30/, `the bar says all 30 photos: ${label}`);

  await waitForThumbs(page, photos.length);
  const ids = await gridIds(page);
  assert.equal(new Set(ids).size, photos.length);
  assert.match(await page.getByTestId('photo-count').innerText(), /30/);
  assert.equal(await page.getByTestId('folder-all').locator('.count').innerText(), '30');

  // Every thumbnail really loads (served by id through the bridge).
  await waitForImages(page);
  await screenshot(page, '02-library-after-first-run');

  // Reopening the page finds the library as it was: no first run again.
  await page.reload();
  await page.getByTestId('app').waitFor();
  await waitForThumbs(page, photos.length);
});

test('in Korean, a refused model folder is explained in Korean, from its message code', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-');
  const server = await serve(t, join(dir, 'library'));
  const { page } = await browser(t, { locale: 'ko-KR' });

  await page.goto(server.openUrl);
  await page.getByTestId('first-run').waitFor();
  await page.getByTestId('model-path').fill(join(dir, 'nope'));
  await page.getByTestId('model-use').click();
  await page.getByTestId('error').waitFor();
  const text = await page.getByTestId('error').innerText();
  assert.match(text, /에 모델 폴더가 없습니다/);
  assert.doesNotMatch(text, /No model folder/, 'not the English message');
});
