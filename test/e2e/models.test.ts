/**
 * Models in the app, in a real browser against `shoebox serve --catalog`, with
 * a loopback HTTP server (127.0.0.1) serving the committed test model as the
 * catalog's download:
 *   - Settings: the catalog lists the model with its licence; download shows
 *     progress up to every byte; the model shows as installed; a model whose
 *     licence must be accepted asks first (declining downloads nothing); using
 *     the downloaded model re-embeds in the background and then it is in use.
 *   - First run: "download the recommended model" installs and uses it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { serveFolder } from '../helpers/loopback-server.js';
import { writeTestCatalog } from '../helpers/test-catalog.js';
import { browser, screenshot, serve, until, waitForThumbs } from '../helpers/e2e-harness.js';

const origin = await serveFolder(TINY_CLIP);
after(() => origin.close());
// Drip the two big files, so that the window has progress to show part-way.
origin.behave('/onnx/vision_model.onnx', 'slow');
origin.behave('/onnx/text_model.onnx', 'slow');

const tmp = tempDir(suiteCleanups(), 'shoebox-e2e-models-');
const catalogFile = join(tmp, 'catalog.json');
const modelFiles = writeTestCatalog(catalogFile, origin.url);
const TOTAL = modelFiles.reduce((a, f) => a + f.size, 0);

test('settings: download a model with progress, the licence question, then use it', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-models-');
  await generatePhotos({ outDir: join(dir, 'photos'), count: 10, seed: 31 });
  const library = join(dir, 'library');
  shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', TINY_CLIP]);
  const server = await serve(t, library, ['--catalog', catalogFile]);
  const { page } = await browser(t);
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
  await page.getByTestId('nav-settings').click();

  const card = page.locator('[data-testid=model-card][data-model-id=tiny]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-installed'), 'no');
  await card.getByTestId('model-details').locator('summary').click(); // benchmarks are behind "Technical details"
  const text = await card.innerText();
  assert.match(text, /Tiny CLIP/);
  assert.match(text, /MIT/);
  assert.match(text, /Test accuracy: 100\.0 %/);

  // Download: the bar moves part-way, then reaches every byte.
  await card.getByTestId('model-download').click();
  const job = page.getByTestId('model-job');
  const seen = new Set<number>();
  await until(async () => {
    const state = await job.getAttribute('data-state').catch(() => null);
    const done = Number(await job.getAttribute('data-done').catch(() => '0'));
    if (state === 'running') seen.add(done);
    return state === 'done' || state === 'error';
  }, 'the download to end', 60_000);
  assert.equal(await job.getAttribute('data-state'), 'done', await job.innerText());
  assert.equal(Number(await job.getAttribute('data-done')), TOTAL, 'progress reached every byte');
  assert.equal(Number(await job.getAttribute('data-total')), TOTAL);
  assert.ok([...seen].some((n) => n > 0 && n < TOTAL), `progress was shown part-way: ${[...seen].join(', ')}`);
  await until(async () => (await card.getAttribute('data-installed')) === 'yes', 'the model to show as installed');
  await card.getByTestId('model-installed').waitFor();
  await screenshot(page, '30-settings-models');

  // A model whose licence must be accepted asks first; declining downloads nothing.
  const requestsBefore = origin.requests.length;
  const research = page.locator('[data-testid=model-card][data-model-id=tiny-research]');
  await research.getByTestId('model-download').click();
  const dialog = page.getByTestId('licence-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Research-only licence/);
  assert.match(await dialog.innerText(), /not allow use in commercial products/);
  await dialog.getByTestId('licence-decline').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(origin.requests.length, requestsBefore, 'nothing was downloaded');
  assert.equal(await research.getAttribute('data-installed'), 'no');

  // Accepting the licence downloads it; pause stops part-way, resume continues from there (HTTP Range).
  await research.getByTestId('model-download').click();
  await dialog.getByTestId('licence-accept').click();
  await until(async () => Number(await job.getAttribute('data-done')) > 0 && (await job.getAttribute('data-state')) === 'running', 'the download to start');
  await job.getByTestId('model-pause').click();
  await page.locator('[data-testid=model-job][data-state=paused]').waitFor();
  const pausedAt = Number(await job.getAttribute('data-done'));
  assert.ok(pausedAt < TOTAL, `paused part-way (${pausedAt} of ${TOTAL})`);
  assert.equal(await research.getAttribute('data-installed'), 'no', 'nothing is installed while paused');
  const resumeFrom = origin.requests.length;
  await job.getByTestId('model-resume').click();
  await page.locator('[data-testid=model-job][data-state=done]').waitFor({ timeout: 60_000 });
  assert.equal(Number(await job.getAttribute('data-done')), TOTAL);
  await until(async () => (await research.getAttribute('data-installed')) === 'yes', 'the research model to show as installed');
  assert.ok(
    origin.requests.slice(resumeFrom).length < modelFiles.length || origin.requests.slice(resumeFrom).some((r) => r.range),
    'the resume did not start over from nothing',
  );

  // Use it: the library is re-embedded in the background, then the model is in use.
  await card.getByTestId('model-use-installed').click();
  await page.locator('[data-testid=model-job][data-kind=switch][data-state=done]').waitFor({ timeout: 60_000 });
  await until(async () => (await card.getAttribute('data-active')) === 'true', 'the model to show as in use');
  const status = await server.call('app.status', {});
  assert.equal(status.model?.dir, join(library, 'models', 'tiny'));
  assert.match(await page.getByTestId('model-in-use').innerText(), /tiny/i);
  // Search works on the new model.
  const hits = await server.call('search.text', { query: 'a red circle', limit: 5 });
  assert.equal(hits.hits.length, 5);
});

test('first run: download the recommended model, add a folder, and the photos appear', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-models-');
  await generatePhotos({ outDir: join(dir, 'photos'), count: 6, seed: 37 });
  const library = join(dir, 'library');
  const server = await serve(t, library, ['--catalog', catalogFile]);
  const { page } = await browser(t);
  await page.goto(server.openUrl);
  await page.getByTestId('first-run').waitFor();
  const offer = page.getByTestId('recommended-model');
  await offer.waitFor();
  assert.match(await offer.innerText(), /Tiny CLIP/);
  await page.getByTestId('download-recommended').click();
  await page.locator('[data-testid=model-job][data-state=done]').waitFor({ timeout: 60_000 });
  await until(async () => (await server.call('app.status', {})).model !== null, 'the downloaded model to be chosen');
  // In use now: Welcome says so, and offers no download any more.
  await page.getByTestId('first-run-model-ready').waitFor();
  assert.equal(await page.getByTestId('download-recommended').count(), 0);

  await page.getByTestId('root-path').fill(join(dir, 'photos'));
  await page.getByTestId('root-add').click();
  await page.getByTestId('app').waitFor();
  await waitForThumbs(page, 6, 60_000);
});
