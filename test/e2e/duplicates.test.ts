/**
 * The Duplicates view in a real browser against `shoebox serve`, on an indexed
 * library with planted copies and a burst: the groups as the backend lists
 * them (largest saving first), the keeper changed by a click (kept through a
 * reload) and by the arrow keys, "Not duplicates", one group then all resolved to the Trash (a temp
 * XDG_DATA_HOME) with the result and Undo, similar shots apart; screenshots in
 * English and Korean, light and dark.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { TINY_CLIP, tempDir } from '../helpers/paths.js';
import { suiteCleanups } from '../helpers/cleanup.js';
import { shoeboxJson } from '../helpers/cli.js';
import { sha256File } from '../helpers/hash.js';
import { makeDuplicateSet } from '../helpers/duplicate-set.js';
import { browser, screenshot, serve, until, waitForImages, type Served } from '../helpers/e2e-harness.js';

const suite = suiteCleanups();
let dir: string;
let server: Served;
let page: Page;
let trash: string;

const trashed = (): string[] => (existsSync(join(trash, 'files')) ? readdirSync(join(trash, 'files')) : []);
const groupKeys = (): Promise<string[]> => page.$$eval('[data-testid=dups-group]', (els) => els.map((e) => e.getAttribute('data-key')!));
const keptIn = (key: string): Promise<number[]> =>
  page.$$eval(`[data-testid=dups-group][data-key="${key}"] [data-testid=dups-photo][data-keep=true]`, (els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));

/** The rescan an undo starts is over (the top bar says so, not "Looking for photos…"). */
async function settled(): Promise<void> {
  await until(async () => ['idle', 'done', null].includes(await page.getByTestId('progress').getAttribute('data-state', { timeout: 1000 }).catch(() => null)), 'indexing settled');
}

async function shown(kind: 'duplicates' | 'similar'): Promise<void> {
  const expected = (await server.call('duplicates.list', { kind })).groups.map((g) => g.key);
  await until(async () => JSON.stringify(await groupKeys()) === JSON.stringify(expected), `the ${kind} groups as the backend lists them`);
}

async function setup(): Promise<void> {
  dir = tempDir(suite, 'shoebox-e2e-dups-');
  const set = await makeDuplicateSet(join(dir, 'set'), { distinct: 8, planted: 1, bursts: 1, seed: 5 });
  mkdirSync(join(set.dir, 'backup'));
  copyFileSync(join(set.dir, 'IMG_0004.jpg'), join(set.dir, 'backup', 'IMG_0004.jpg')); // exact
  await sharp(join(set.dir, 'IMG_0003.jpg')).resize(300).jpeg({ quality: 70 }).toFile(join(set.dir, 'backup', 'IMG_0003 small.jpg')); // near
  const library = join(dir, 'library');
  shoeboxJson(['index', set.dir, '--library', library, '--model', TINY_CLIP]);
  trash = join(dir, 'xdg', 'Trash');
  const prev = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = join(dir, 'xdg'); // the server inherits it: its Trash is in the temp folder
  try {
    server = await serve(suite, library);
  } finally {
    if (prev === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = prev;
  }
  ({ page } = await browser(suite));
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
}

describe('the Duplicates view', { skip: process.platform !== 'linux' && 'the Trash is tested on Linux' }, () => {
  before(setup);

  it('lists the groups largest saving first, with what tells the photos apart; the suggested keeper marked', async () => {
    await page.getByTestId('nav-duplicates').click();
    await shown('duplicates');
    const groups = (await server.call('duplicates.list', {})).groups;
    assert.equal(groups.length, 3, JSON.stringify(groups.map((g) => [g.kind, g.photos.length])));
    assert.deepEqual(groups.map((g) => g.saving), [...groups.map((g) => g.saving)].sort((a, b) => b - a), 'largest saving first');
    for (const g of groups) assert.deepEqual(await keptIn(g.key), g.photos.filter((p) => p.suggested).map((p) => p.id), 'the suggestion is marked');
    const first = page.locator('[data-testid=dups-group]').first();
    const text = await first.innerText();
    for (const word of ['Size', 'File', 'Format', 'Taken', 'Folder', 'Camera', 'Suggested', 'frees']) assert.ok(text.includes(word), `${word} under each photo`);
    assert.match(await page.getByTestId('dups-summary').innerText(), /^3 groups; keeping one photo of each frees [\d.]+ [kKM]B\.$/);
    await waitForImages(page, '[data-testid=dups-photo] img');
    await screenshot(page, '20-duplicates');
  });

  it('changes the photo kept by a click and by the arrow keys', async () => {
    const g = (await server.call('duplicates.list', {})).groups.find((x) => x.photos.length === 2 && x.kind === 'near')!;
    const other = g.photos.find((p) => !p.keep)!;
    const group = page.locator(`[data-testid=dups-group][data-key="${g.key}"]`);
    await group.locator(`[data-testid=dups-photo][data-photo-id="${other.id}"]`).click();
    await until(async () => JSON.stringify(await keptIn(g.key)) === JSON.stringify([other.id]), 'the clicked photo kept');
    assert.equal(await group.getByTestId('dups-resolve').innerText(), 'Keep the chosen, move the others to the Trash');
    const backend = (await server.call('duplicates.list', {})).groups.find((x) => x.key === g.key)!;
    assert.deepEqual(backend.photos.filter((p) => p.keep).map((p) => p.id), [other.id], 'the backend keeps it too');
    await page.reload();
    await page.getByTestId('app').waitFor();
    await page.getByTestId('nav-duplicates').click();
    await shown('duplicates');
    assert.deepEqual(await keptIn(g.key), [other.id], 'the choice survives a reload of the window');
    await group.getByTestId('dups-photos').focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => JSON.stringify(await keptIn(g.key)) === JSON.stringify([g.photos.find((p) => p.suggested)!.id]), 'the arrow key moved the keeper');
    assert.equal(await group.getByTestId('dups-resolve').innerText(), 'Keep the suggested, move the others to the Trash');
  });

  it('resolves one group to the Trash, with the result and Undo that puts the file back byte-identical', async () => {
    const g = (await server.call('duplicates.list', {})).groups.find((x) => x.kind === 'exact' && x.photos.length === 2)!;
    const going = g.photos.find((p) => !p.keep)!;
    const bytes = await sha256File(going.path);
    await page.locator(`[data-testid=dups-group][data-key="${g.key}"]`).getByTestId('dups-resolve').click();
    await page.locator('[data-testid=dups-result][data-undone=false]').waitFor();
    assert.match(await page.getByTestId('dups-result').innerText(), /^1 photo moved to the Trash; [\d.]+ [kKM]B freed once the Trash is emptied\./i);
    assert.ok(!existsSync(going.path));
    assert.equal(trashed().length, 1, 'in the Trash, not deleted');
    await until(async () => !(await groupKeys()).includes(g.key), 'the group gone from the list');
    await screenshot(page, '21-duplicates-resolved');
    await page.getByTestId('dups-undo').click();
    await page.locator('[data-testid=dups-result][data-undone=true]').waitFor();
    assert.equal(await sha256File(going.path), bytes, 'back, byte-identical');
    assert.deepEqual(trashed(), []);
    await shown('duplicates');
  });

  it('"Not duplicates" removes a group for good', async () => {
    const g = (await server.call('duplicates.list', {})).groups.find((x) => x.kind === 'near' && x.photos.length === 2)!;
    await page.locator(`[data-testid=dups-group][data-key="${g.key}"]`).getByTestId('dups-dismiss').click();
    await until(async () => !(await groupKeys()).includes(g.key), 'the dismissed group gone');
    assert.ok(!(await server.call('duplicates.list', {})).groups.some((x) => x.key === g.key));
  });

  it('shows similar shots apart, as a grid, the sharp shot suggested', async () => {
    await page.getByTestId('dups-tab-similar').click();
    await shown('similar');
    const groups = (await server.call('duplicates.list', { kind: 'similar' })).groups;
    assert.equal(groups.length, 1);
    assert.equal(await page.locator('[data-testid=dups-group]').first().locator('h3, strong').first().innerText(), '4 similar shots');
    await waitForImages(page, '[data-testid=dups-photo] img');
    await settled();
    await screenshot(page, '22-similar-shots');
    await page.getByTestId('dups-tab-duplicates').click();
    await shown('duplicates');
  });

  it('looks right in both themes and speaks Korean', async () => {
    const settings = async (language: string, theme: string): Promise<void> => {
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('language').selectOption(language);
      await page.getByTestId('theme').selectOption(theme);
      await page.getByTestId('nav-duplicates').click();
      await shown('duplicates');
      await waitForImages(page, '[data-testid=dups-photo] img');
    };
    await settings('en', 'dark');
    await settled();
    await screenshot(page, '20-duplicates-en-dark');
    await settings('ko', 'light');
    await until(async () => (await page.getByTestId('dups-summary').innerText()).startsWith('묶음 '), 'Korean');
    assert.ok((await page.getByTestId('dups-resolve-all').innerText()).includes('휴지통'));
    await settled();
    await screenshot(page, '23-duplicates-ko-light');
    await settings('ko', 'dark');
    await settled();
    await screenshot(page, '23-duplicates-ko-dark');
    await page.getByTestId('dups-tab-similar').click();
    await shown('similar');
    await waitForImages(page, '[data-testid=dups-photo] img');
    await settled();
    await screenshot(page, '24-similar-ko-dark');
    await page.getByTestId('dups-tab-duplicates').click();
    await shown('duplicates');
  });

  it('resolves every group at once; undo brings them all back', async () => {
    const groups = (await server.call('duplicates.list', {})).groups;
    const going = groups.flatMap((g) => g.photos.filter((p) => !p.keep).map((p) => p.path));
    await page.getByTestId('dups-resolve-all').click();
    await page.locator('[data-testid=dups-result][data-undone=false]').waitFor();
    assert.equal(trashed().length, going.length);
    assert.ok(going.every((p) => !existsSync(p)));
    await page.getByTestId('dups-empty').waitFor();
    await screenshot(page, '25-duplicates-all-resolved-ko-dark');
    await page.getByTestId('dups-undo').click();
    await page.locator('[data-testid=dups-result][data-undone=true]').waitFor();
    assert.ok(going.every((p) => existsSync(p)));
    assert.deepEqual(trashed(), []);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language').selectOption('system');
    await page.getByTestId('theme').selectOption('system');
  });
});
