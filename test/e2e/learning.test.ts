/**
 * Folders that learn, in a real browser against `shoebox serve`: a folder's
 * suggestions answered with the Y / N keys (arrows move), the count in the
 * sidebar, the why panel in the photo info, the overlap warning and the
 * "N of these leave Stars" line in the folder editor; each view shot in
 * English and Korean, light and dark (switched in place, as another window's
 * choice would), its Korean text checked. Expected values come from the labels
 * of the generated photos and from the backend's own answers, never from the page.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePhotos, type SynthPhoto } from '../fixtures/synth/photos.js';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

let server: Served;
let page: Page;
const label = new Map<number, SynthPhoto>();
let stars = 0;
const suite = suiteCleanups();

async function setup(): Promise<void> {
  const dir = tempDir(suite, 'shoebox-e2e-learn-');
  const photos = await generatePhotos({ outDir: join(dir, 'photos'), count: 96, seed: 2024 });
  const library = join(dir, 'library');
  shoeboxJson(['index', join(dir, 'photos'), '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  shoeboxJson(['folder', 'add', 'Receipts', '--library', library]);
  server = await serve(suite, library);
  ({ page } = await browser(suite));
  for (const id of (await server.call('photos.list', { view: { kind: 'all' } })).ids) {
    const d = await server.call('photos.get', { id });
    label.set(id, photos.find((p) => basename(p.file) === d.name)!);
  }
  stars = (await server.call('folders.list', {})).folders.find((f) => f.name === 'Stars')!.id;
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

const current = async (): Promise<number> => Number(await page.getByTestId('suggest-photo').getAttribute('data-photo-id'));
const ready = (): Promise<unknown> => page.locator('[data-testid=suggestions][data-ready=true]').waitFor();

async function openSuggestions(): Promise<void> {
  await page.locator('[data-testid=folder-suggestions][data-folder-name="Stars"]').click();
  await ready();
  await waitForImages(page, '[data-testid=suggest-photo]');
}

async function openEditor(prompt: string, name: string): Promise<void> {
  await page.getByTestId('new-folder').click();
  await page.getByTestId('folder-name').fill(name);
  await page.getByTestId('folder-prompt').first().fill(prompt);
  await page.locator('[data-testid=folder-preview][data-ready=true]').waitFor();
}

async function openViewer(id: number): Promise<void> {
  await page.locator('[data-testid=folder-item][data-folder-name="Stars"]').click();
  await page.locator(`[data-testid=thumb][data-photo-id="${id}"]`).dblclick();
  await page.locator('[data-testid=meta-why]').waitFor();
}

type Locale = 'en' | 'ko';
type Theme = 'light' | 'dark';
const LOOKS: [Locale, Theme][] = [
  ['en', 'light'],
  ['en', 'dark'],
  ['ko', 'light'],
  ['ko', 'dark'],
];

/** Language and theme chosen as in another window of the app (the storage event): the view on screen stays. */
async function lookAs(locale: Locale, theme: Theme): Promise<void> {
  await page.evaluate(
    ([l, th]) => {
      const g = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void }; dispatchEvent(e: unknown): void; StorageEvent: new (t: string, i: object) => unknown };
      for (const [key, value] of [['shoebox.lang', l], ['shoebox.theme', th]] as const) {
        g.localStorage.setItem(key, value);
        g.dispatchEvent(new g.StorageEvent('storage', { key, newValue: value }));
      }
    },
    [locale, theme] as const,
  );
  await until(async () => (await page.getByTestId('folder-all').innerText()).includes(locale === 'ko' ? '모든 사진' : 'All photos'), locale);
  await until(async () => (await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme)) === theme, theme);
}

/** The view on screen in the four looks (`check`: what each must say), back in English, light. */
async function shootAll(name: string, check?: (locale: Locale) => Promise<void>): Promise<void> {
  for (const [locale, theme] of LOOKS) {
    await lookAs(locale, theme);
    await check?.(locale);
    await screenshot(page, `${name}-${locale}-${theme}`);
  }
  await lookAs('en', 'light');
}

describe('folders that learn, in a browser', () => {
  before(setup);

  it('the folder editor warns of overlapping folders and says which folders lose photos to this one', async () => {
    await openEditor('Documents', 'Documents');
    const warning = page.getByTestId('overlap-warning');
    await warning.waitFor();
    assert.equal(await warning.innerText(), 'Documents and Receipts overlap: photos may go to either.');
    await shootAll('learn-03-overlap', async (locale) => {
      if (locale === 'ko') assert.equal(await warning.innerText(), 'Documents와(과) Receipts이(가) 겹칩니다. 사진이 어느 쪽으로든 갈 수 있습니다.');
    });

    await openEditor('a photo of a yellow star', 'Yellow stars');
    const backend = await server.call('folders.preview', { prompts: ['a photo of a yellow star'] });
    assert.equal(await page.getByTestId('overlap-warning').count(), 0, 'no warning for a distinct folder');
    const fromStars = backend.leaving.find((l) => l.name === 'Stars');
    assert.ok(fromStars && fromStars.count > 0, 'yellow stars leave Stars');
    const leaving = page.getByTestId('preview-leaving').first();
    assert.equal(await leaving.innerText(), `${fromStars.count} of these leave Stars`);
    await shootAll('learn-04-leaving', async (locale) => {
      if (locale === 'ko') assert.equal(await leaving.innerText(), `이 중 ${fromStars.count}장이 Stars에서 빠집니다`);
    });
  });

  it('the sidebar counts a folder’s suggestions; Y / N answer them, arrows move, and the folder learns at once', async () => {
    const listed = (await server.call('folders.list', {})).folders.find((f) => f.name === 'Stars')!;
    assert.ok(listed.suggestions > 0, 'Stars has questions');
    const badge = page.locator('[data-testid=folder-suggestions][data-folder-name="Stars"]');
    assert.match(await badge.innerText(), new RegExp(`^${listed.suggestions} to ask about$`));
    await openSuggestions();
    const asked = await server.call('folders.suggest', { id: stars, limit: 60 });
    assert.equal(await current(), asked.suggestions[0]!.id, 'least sure first, as the backend says');
    await shootAll('learn-01-suggestions', async (locale) => {
      if (locale === 'ko') assert.equal(await page.getByTestId('suggest-title').innerText(), '이 사진은 Stars에 들어갑니까?');
    });

    // → moves to the next question, ← back.
    await page.keyboard.press('ArrowRight');
    await until(async () => (await current()) === asked.suggestions[1]!.id, 'the second question');
    await page.keyboard.press('ArrowLeft');
    await until(async () => (await current()) === asked.suggestions[0]!.id, 'the first question again');

    // Answer four questions with the keys, as the labels say.
    const answered: { id: number; yes: boolean }[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await current();
      const yes = label.get(id)!.shape === 'star';
      await page.keyboard.press(yes ? 'y' : 'n');
      answered.push({ id, yes });
      await until(async () => (await page.locator(`[data-testid=suggest-thumb][data-photo-id="${id}"]`).count()) === 0, 'the answer to be learned');
      await ready();
      if ((await page.getByTestId('suggest-photo').count()) === 0) break;
    }
    for (const a of answered) {
      const d = await server.call('photos.get', { id: a.id });
      if (a.yes) assert.deepEqual([d.folder?.name, d.manual], ['Stars', true], 'Yes put it in by hand');
      else assert.notEqual(d.folder?.name, 'Stars', 'No took it out');
    }
    const after = (await server.call('folders.list', {})).folders.find((f) => f.name === 'Stars')!.suggestions;
    const total = Number(await page.locator('[data-testid=suggestions]').getAttribute('data-total'));
    assert.equal(total, after, 'the view and the sidebar agree');
    await until(async () => (after === 0 ? (await badge.count()) === 0 : (await badge.innerText()).startsWith(`${after} `)), 'the sidebar count');
  });

  it('the photo info says why: the folder, how sure in words, and what decided', async () => {
    const inStars = (await server.call('photos.list', { view: { kind: 'folder', folderId: stars } })).ids;
    let shown: { id: number; why: NonNullable<Awaited<ReturnType<typeof server.call<'photos.get'>>>['why']> } | undefined;
    for (const id of inStars) {
      const d = await server.call('photos.get', { id });
      if (d.why && !d.why.manual) shown = { id, why: d.why };
      if (shown) break;
    }
    assert.ok(shown, 'a photo sorted into Stars');
    await openViewer(shown.id);
    const why = page.getByTestId('meta-why');
    assert.equal(await why.getAttribute('data-certainty'), shown.why.certainty);
    const text = await why.innerText();
    assert.ok(text.includes(`Sorting is ${shown.why.certainty} of this.`), text);
    if (shown.why.decidedBy === 'description') assert.ok(text.includes('“a photo of a star”'), text);
    else assert.ok((await page.getByTestId('why-example').count()) > 0, 'the examples that decided');
    await shootAll('learn-02-why', async (locale) => {
      if (locale === 'ko') assert.match(await why.innerText(), /확신|직접/);
    });
    await page.keyboard.press('Escape');
  });
});
