/**
 * The window in plain words, in a real browser against `shoebox serve`:
 * Settings and the first run say what things mean for the user first
 * ("Uses the processor"), developer details behind "Details", Appearance
 * first; the model catalog and unreadable-file reasons in Korean; a warning
 * when the model does not understand the window's language; disabled buttons
 * that look disabled; a download that cannot connect says it is retrying; a
 * stopped download is not announced again on the next start; the first
 * indexing says the photos are on their way. Expected values come from the
 * backend's own answers or the bundled catalog, never from the page.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { ROOT, TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { serveFolder } from '../helpers/loopback-server.js';
import { writeTestCatalog } from '../helpers/test-catalog.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

const suite = suiteCleanups();
const HANGUL = /[\uac00-\ud7a3]/;
/** The bundled catalog, as the user's copy of Shoebox has it. */
const CATALOG = JSON.parse(readFileSync(join(ROOT, 'resources', 'models', 'catalog.json'), 'utf8')) as {
  models: { id: string; name: string; description: string; languages: string[]; recommendedFor?: string; pinned: boolean; text?: { ko?: { name?: string; description?: string; licenceName?: string } } }[];
};

async function settings(page: Page, locale: 'en' | 'ko', theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language').selectOption(locale);
  await page.getByTestId('theme').selectOption(theme);
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
}

/** What the user reads on the page: closed disclosures hold nothing visible. */
const visibleText = (page: Page, testid: string): Promise<string> => page.getByTestId(testid).innerText();

describe('plain words, in a browser', () => {
  let server: Served;
  let page: Page;
  let photoDir = '';

  before(async () => {
    const dir = tempDir(suite, 'shoebox-e2e-words-');
    photoDir = join(dir, 'photos');
    await generatePhotos({ outDir: photoDir, count: 12, seed: 812 });
    // Two files no photo reader can read: their reasons are stored as text.
    writeFileSync(join(photoDir, 'broken.jpg'), Buffer.from('this is not a jpeg at all, only words'));
    writeFileSync(join(photoDir, 'empty.jpg'), Buffer.alloc(0));
    const library = join(dir, 'library');
    shoeboxJson(['index', photoDir, '--library', library, '--model', TINY_CLIP]);
    server = await serve(suite, library);
    ({ page } = await browser(suite));
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
  });

  it('Settings: Appearance first; where the model runs in plain words, the technical reasons behind Details', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings').waitFor();
    const sections = await page.$$eval('[data-testid=settings] section', (els) => els.map((e) => e.getAttribute('data-testid')));
    assert.equal(sections[0], 'settings-appearance', 'Appearance (theme, language) is the first section');
    const themeTop = (await page.getByTestId('theme').boundingBox())!.y;
    assert.ok(themeTop < 300, `Theme is near the top of Settings (at ${themeTop} px; it was at the bottom of a 1,700-px page)`);

    const status = await server.call('app.status', {});
    assert.equal(status.accelerator, 'cpu', 'this machine runs the model on the processor');
    assert.equal(await page.getByTestId('accelerator-plain').locator('strong').innerText(), 'Uses the processor');
    const text = await visibleText(page, 'settings');
    for (const jargon of ['libvulkan', 'Vulkan loader', 'CUDA add-on', 'onnxruntime', 'Accelerator in use', 'Transformers.js', 'not pinned yet', 'zero-shot']) {
      assert.ok(!text.includes(jargon), `Settings shows “${jargon}” before Details is opened`);
    }
    // Details: the provider and, for every skipped one, a plain sentence and the technical reason.
    await page.getByTestId('accelerator-details').locator('summary').click();
    assert.equal(await page.getByTestId('accelerator').innerText(), 'cpu');
    const skipped = page.getByTestId('accelerator-skipped');
    assert.equal(await skipped.count(), status.acceleratorsSkipped.length);
    for (const [i, s] of status.acceleratorsSkipped.entries()) {
      const row = await skipped.nth(i).innerText();
      assert.ok(row.includes(s.reason), `the technical reason is there under Details: ${row}`);
      assert.equal(await skipped.nth(i).getAttribute('data-why'), s.why);
    }
    await screenshot(page, '80-settings-plain-en-light');
    for (const [locale, theme] of [['en', 'dark'], ['ko', 'light'], ['ko', 'dark']] as const) {
      await settings(page, locale, theme);
      if (locale === 'ko') assert.equal(await page.getByTestId('accelerator-plain').locator('strong').innerText(), '프로세서로 실행합니다');
      await screenshot(page, `80-settings-plain-${locale}-${theme}`);
    }
    await settings(page, 'en', 'light');
  });

  it('disabled buttons look disabled (greyed, dashed, not-allowed pointer) in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await settings(page, 'en', theme);
      // Organize's Preview: disabled until there is somewhere to write to, then enabled: the same button both ways.
      await page.getByTestId('nav-organize').click();
      const preview = page.getByTestId('organize-preview');
      const style = () =>
        preview.evaluate((e) => {
          const s = (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(e);
          return { cursor: s.cursor!, color: s.color!, background: s.backgroundColor!, border: s.borderTopStyle! };
        });
      await page.getByTestId('organize-unsorted').check(); // something to write: the photos in no folder
      await page.getByTestId('organize-dest').fill('');
      await until(() => preview.isDisabled(), 'Preview disabled without a destination');
      const off = await style();
      await screenshot(page, `81-disabled-${theme}`);
      await page.getByTestId('organize-dest').fill('/tmp/shoebox-organized');
      await until(async () => !(await preview.isDisabled()), 'Preview enabled with one');
      const on = await style();
      assert.equal(off.cursor, 'not-allowed', theme);
      assert.equal(on.cursor, 'pointer', theme);
      assert.notEqual(off.color, on.color, `${theme}: a disabled button's text is greyed`);
      assert.equal(off.border, 'dashed', theme);
    }
    await settings(page, 'en', 'light');
  });

  it('in Korean: the model catalog and the unreadable files say it in Korean', async () => {
    await settings(page, 'ko', 'light');
    const cards = page.getByTestId('model-card');
    await until(async () => (await cards.count()) === CATALOG.models.length, 'the catalog');
    for (const m of CATALOG.models) {
      const d = await page.locator(`[data-testid=model-card][data-model-id="${m.id}"] [data-testid=model-description]`).innerText();
      assert.equal(d, m.text?.ko?.description, `${m.id}: the catalog's Korean description`);
      assert.match(d, HANGUL);
      const name = await page.locator(`[data-testid=model-card][data-model-id="${m.id}"] .head strong`).innerText();
      assert.equal(name, m.text?.ko?.name ?? m.name, `${m.id}: named as the catalog names it in Korean`);
    }
    const research = await page.locator('[data-testid=model-card][data-model-id="mobileclip-s2"]').innerText();
    assert.ok(research.includes(CATALOG.models.find((m) => m.id === 'mobileclip-s2')!.text!.ko!.licenceName!), 'the licence named in Korean');
    await screenshot(page, '82-settings-models-ko-light');

    // Unreadable files: the stored English reasons, said in Korean from their message codes.
    const stored = (await server.call('photos.errors', {})).errors;
    assert.equal(stored.length, 2);
    await page.getByTestId('nav-errors').click();
    const reasons = page.getByTestId('unreadable-reason');
    await until(async () => (await reasons.count()) === 2, 'the two unreadable files');
    for (let i = 0; i < 2; i++) {
      const text = await reasons.nth(i).innerText();
      assert.match(text, HANGUL, `reason ${i} in Korean: ${text}`);
      assert.ok(!stored.some((e) => text === e.error), `reason ${i} is not the stored English text`);
      assert.notEqual(await reasons.nth(i).getAttribute('data-key'), '', 'the reason was found again by its message code');
    }
    await settings(page, 'ko', 'dark');
    await page.getByTestId('nav-errors').click();
    await screenshot(page, '83-unreadable-ko-dark');
    await settings(page, 'en', 'light');
  });
});

describe('the first run in plain words, and the language warning', () => {
  it('with a model already in use, Welcome does not offer the big download; the browser has no "choose one"; Korean warns about an English-only model', async (t) => {
    const dir = tempDir(t, 'shoebox-e2e-words-');
    const library = join(dir, 'library');
    // The test model, installed under the catalog's default (English-only) model's id and in use; no photo folders yet.
    shoeboxJson(['model', 'import', TINY_CLIP, '--id', 'vit-b32-laion2b', '--library', library]);
    shoeboxJson(['model', 'use', 'vit-b32-laion2b', '--library', library]);
    const server = await serve(t, library);
    const { page } = await browser(t);
    await page.goto(server.openUrl);
    await page.getByTestId('first-run').waitFor();

    await page.getByTestId('first-run-model-ready').waitFor();
    assert.equal(await page.getByTestId('download-recommended').count(), 0, 'no download offered as the main button');
    const primary = await page.$$eval('[data-testid=first-run] button.primary', (els) => els.map((e) => e.getAttribute('data-testid')));
    assert.deepEqual(primary, ['root-add'], 'the main button is the next step: adding a photo folder');
    const help = await page.getByTestId('folders-help').innerText();
    assert.doesNotMatch(help, /choose/i, 'the browser has no Choose button, so the words do not offer one');
    assert.equal(await page.getByTestId('model-language-warning').count(), 0, 'English window, English model: nothing to warn');
    await screenshot(page, '84-first-run-model-ready-en-light');

    // In Korean the English-only model is called out, and the catalog's multilingual model recommended.
    await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('shoebox.lang', 'ko'));
    await page.reload();
    const warning = page.getByTestId('model-language-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /영어만 이해합니다/);
    const recommended = CATALOG.models.find((m) => m.recommendedFor === 'multilingual' && m.pinned && m.languages.includes('ko'))!;
    assert.equal(await warning.getByTestId('model-language-use').getAttribute('data-model-id'), recommended.id);
    await screenshot(page, '85-first-run-language-warning-ko-light');
    await page.evaluate(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('shoebox.theme', 'dark'));
    await page.reload();
    await warning.waitFor();
    await screenshot(page, '86-first-run-language-warning-ko-dark');
  });
});

describe('a broken model, in Korean', () => {
  it("the model's error in Settings is worded from its message code, not the backend's English", async (t) => {
    const dir = tempDir(t, 'shoebox-e2e-words-');
    const model = join(dir, 'model');
    cpSync(TINY_CLIP, model, { recursive: true });
    await generatePhotos({ outDir: join(dir, 'photos'), count: 3, seed: 815 });
    const library = join(dir, 'library');
    shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', model]);
    rmSync(model, { recursive: true, force: true }); // the model folder is gone (an unplugged drive, a deleted folder)
    const server = await serve(t, library);
    const { page } = await browser(t, { locale: 'ko-KR' });
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
    const status = await server.call('app.status', {});
    assert.ok(status.modelError && status.modelErrorInfo?.key, 'the backend reports the error with its message code');
    await page.getByTestId('nav-settings').click();
    const shown = await page.getByTestId('model-error').innerText();
    assert.match(shown, HANGUL, shown);
    assert.notEqual(shown, status.modelError);
  });
});

describe('waiting states, in a browser', () => {
  it('a download that cannot connect says "Connecting… (retry n of m)"; once stopped, it is not announced again after a restart', async (t) => {
    // A catalog whose server is gone: every attempt is refused at once.
    const gone = await serveFolder(TINY_CLIP);
    const deadUrl = gone.url;
    await gone.close();
    const dir = tempDir(t, 'shoebox-e2e-words-');
    const catalogFile = join(dir, 'catalog.json');
    writeTestCatalog(catalogFile, deadUrl);
    await generatePhotos({ outDir: join(dir, 'photos'), count: 4, seed: 813 });
    const library = join(dir, 'library');
    shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', TINY_CLIP]);
    let server = await serve(t, library, ['--catalog', catalogFile]);
    const { page } = await browser(t);
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.locator('[data-testid=model-card][data-model-id=tiny] [data-testid=model-download]').click();

    const job = page.getByTestId('model-job');
    const label = page.getByTestId('model-job-label');
    await until(async () => /Connecting… \(retry 2 of \d+\)/.test(await label.innerText().catch(() => '')), 'the second retry to be shown', 20_000);
    assert.equal(await job.getAttribute('data-connecting'), 'true');
    assert.doesNotMatch(await label.innerText(), /0 B of/, 'not a download sitting at 0 B');
    await screenshot(page, '87-download-retrying-en-light');
    // Stopped: said once.
    await page.getByTestId('model-cancel').click();
    await until(async () => (await job.getAttribute('data-state').catch(() => null)) === 'cancelled', 'the download to stop');
    assert.match(await label.innerText(), /Stopped/);

    // The next start (the window opened again, the app started again) does not greet the user with it.
    await page.reload();
    await page.getByTestId('app').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('model-card').first().waitFor();
    assert.equal(await job.count(), 0, 'the old "Stopped" is not shown after a reload');
    await server.stop();
    server = await serve(t, library, ['--catalog', catalogFile]);
    await page.goto(server.openUrl);
    await page.getByTestId('app').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('model-card').first().waitFor();
    assert.equal(await job.count(), 0, 'nor after the app starts again');
  });

  it('first indexing: "Reading your photos" (never "No photos yet. Add a folder") while the library is empty; the counts say which photos they count', async (t) => {
    const dir = tempDir(t, 'shoebox-e2e-words-');
    const photos = join(dir, 'photos');
    await generatePhotos({ outDir: photos, count: 160, seed: 814, minSize: 900, maxSize: 1400 });
    const library = join(dir, 'library');
    shoeboxJson(['model', 'use', TINY_CLIP, '--library', library]);
    const server = await serve(t, library, ['--batch-size', '4']);
    const { page } = await browser(t);
    await page.goto(server.openUrl);
    await page.getByTestId('first-run').waitFor();

    // Everything the empty grid says while indexing runs, recorded as it changes.
    await page.getByTestId('root-path').fill(photos);
    await page.getByTestId('root-add').click();
    await page.getByTestId('app').waitFor();
    const seen: { empty: string; state: string | null }[] = [];
    await until(async () => {
      const state = await page.getByTestId('progress').getAttribute('data-state').catch(() => null);
      const empty = await page.getByTestId('empty').innerText({ timeout: 50 }).catch(() => '');
      if (empty) seen.push({ empty, state });
      if (empty.startsWith('Reading') && seen.filter((x) => x.empty.startsWith('Reading')).length === 1) await screenshot(page, '89-first-indexing-reading-en-light');
      return state === 'paused' || state === 'done' || (await page.locator('[data-testid=thumb]').count()) > 0;
    }, 'the first photos', 60_000);
    const contradictions = seen.filter((s) => s.state === 'running' && /No photos yet/.test(s.empty));
    assert.deepEqual(contradictions, [], 'no "No photos yet" under a running progress bar');
    assert.ok(seen.some((s) => s.empty.startsWith('Reading your photos')), `the empty grid said the photos are on their way: ${JSON.stringify(seen.slice(0, 3))}`);

    // Paused part-way: the bar counts the new photos it read, and says so beside the library's count.
    await server.call('index.pause', {});
    await until(async () => (await page.getByTestId('progress').getAttribute('data-state')) !== 'running', 'the bar to stop');
    const state = await page.getByTestId('progress').getAttribute('data-state');
    assert.equal(state, 'paused', '160 large photos take longer than the first thumbnail');
    {
      // The photos in flight are finished after the pause; then the bar and the grid settle on the same number.
      // The library was empty: the photos it shows are the ones the bar says were read.
      const counts = async (): Promise<{ bar: number | null; grid: number; text: string }> => {
        const text = await page.getByTestId('progress-label').innerText();
        const m = /^Paused: ([\d,]+) of 160 new photos read$/.exec(text);
        const grid = Number((await page.getByTestId('photo-count').innerText()).replace(/[^\d]/g, ''));
        return { bar: m ? Number(m[1]!.replace(/,/g, '')) : null, grid, text };
      };
      await until(async () => {
        const c = await counts();
        return c.bar !== null && c.bar === c.grid && c.bar === (await server.call('photos.list', { view: { kind: 'all' } })).ids.length;
      }, 'the paused bar and the grid to count the same photos', 30_000).catch(async (err: Error) => {
        throw new Error(`${err.message} ${JSON.stringify(await counts())}`);
      });
      await screenshot(page, '88-first-indexing-paused-en-light');
    }
  });
});
