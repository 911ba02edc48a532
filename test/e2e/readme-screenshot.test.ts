/**
 * docs/screenshot.png, the picture at the top of the README: the library grid
 * at 1440x900, English, light, of 60 photos of many sizes and shapes, one every
 * two days over four months, with a few folders. Always written to
 * test/output/screenshots/readme-grid.png; written over docs/screenshot.png
 * when SHOEBOX_WRITE_DOCS=1, after a change to the grid:
 *
 *   npm run build && SHOEBOX_WRITE_DOCS=1 node scripts/run-tests.js e2e/readme-screenshot
 *
 * (Not on every run: the month headers follow today's date, so the file would
 * change by itself.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhotos } from '../fixtures/synth/photos.js';
import { ROOT, TINY_CLIP, tempDir } from '../helpers/paths.js';
import { shoeboxJson } from '../helpers/cli.js';
import { browser, screenshot, SCREENSHOTS, serve, waitForImages } from '../helpers/e2e-harness.js';

test('docs/screenshot.png: the README\'s picture of the library grid (SHOEBOX_WRITE_DOCS=1 writes it)', async (t) => {
  const dir = tempDir(t, 'shoebox-e2e-readme-');
  const photos = await generatePhotos({ outDir: join(dir, 'Pictures'), count: 60, seed: 2026, minSize: 180, maxSize: 640, format: 'mixed' });
  // No EXIF in these: the file dates place them, a one every two days back from a fixed day.
  const day = Date.UTC(2026, 9, 20) / 1000;
  photos.forEach((p, i) => utimesSync(p.file, day - i * 2 * 86400, day - i * 2 * 86400));
  const library = join(dir, 'library');
  shoeboxJson(['index', join(dir, 'Pictures'), '--library', library, '--model', TINY_CLIP]);
  shoeboxJson(['folder', 'add', 'Red things', '--prompt', 'a photo of something red', '--library', library]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', '--library', library]);
  shoeboxJson(['folder', 'add', 'Circles', '--prompt', 'a photo of a circle', '--library', library]);
  const server = await serve(t, library);
  const { page } = await browser(t);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.openUrl);
  await page.getByTestId('app').waitFor();
  await page.getByTestId('folder-all').click();
  await waitForImages(page);
  assert.ok((await page.locator('[data-testid=thumb]').count()) >= 12, 'the grid fills the window');
  assert.ok((await page.evaluate('document.documentElement.scrollWidth <= innerWidth')) === true, 'nothing scrolls sideways');
  await page.mouse.move(0, 899); // no hover on a tile
  await screenshot(page, 'readme-grid');
  if (process.env.SHOEBOX_WRITE_DOCS === '1') {
    copyFileSync(join(SCREENSHOTS, 'readme-grid.png'), join(ROOT, 'docs', 'screenshot.png'));
    t.diagnostic('wrote docs/screenshot.png');
  }
});
