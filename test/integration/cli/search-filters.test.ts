/**
 * Search filters through the real `shoebox` binary: generated photos with real
 * EXIF (dates, cameras, GPS in real cities) and screenshots, the test model;
 * every filter alone and with text, the relevance cut-off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { generatePhotos, type SynthPhoto } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { writeExif } from '../../helpers/exif.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';

const dir = tempDir(suiteCleanups());
const photosDir = join(dir, 'Pictures');
const lib = ['--library', join(dir, 'library')];

const DATES = ['2021:03:10 09:00:00', '2022:07:14 12:30:00', '2023:07:20 18:00:00', '2023:12:31 23:59:59'];
const CAMERAS = [
  { make: 'Canon', model: 'Canon EOS 80D' },
  { make: 'Apple', model: 'iPhone 12' },
  { make: 'SAMSUNG', model: 'SM-G991B' },
];
export const CITIES = [
  { name: 'Busan', lat: 35.1587, lon: 129.1604 }, // Haeundae beach, 13 km from the city's centre point
  { name: 'Seoul', lat: 37.5665, lon: 126.978 },
  { name: 'Paris', lat: 48.8584, lon: 2.2945 },
];

interface Planted extends SynthPhoto {
  date?: string;
  camera?: string;
  city?: string;
  screenshot?: boolean;
}
const planted: Planted[] = [];

const paths = (r: { results: { path: string }[] }): string[] => r.results.map((x) => x.path).sort();
const expect = (f: (p: Planted) => boolean): string[] => planted.filter(f).map((p) => p.file).sort();
const search = (...args: string[]) => shoeboxJson(['search', ...args, '--limit', '500', ...lib]);

test('photos with real EXIF and screenshots are indexed with their dates, cameras and places', async () => {
  const photos = await generatePhotos({ outDir: photosDir, count: 72, seed: 777, format: 'jpeg' });
  photos.forEach((p, i) => {
    const date = i % 5 === 4 ? undefined : DATES[i % 4];
    const camera = i % 7 === 6 ? undefined : CAMERAS[i % 3];
    const city = i % 4 === 3 ? undefined : CITIES[i % 3];
    writeExif(p.file, { taken: date, make: camera?.make, model: camera?.model, lat: city?.lat, lon: city?.lon });
    planted.push({ ...p, date: date?.slice(0, 10).replaceAll(':', '-'), camera: camera ? `${camera.make} ${camera.model}` : undefined, city: city?.name });
  });
  const shots = join(photosDir, 'Screenshots');
  mkdirSync(shots);
  for (const [i, [w, h]] of [[1170, 2532], [2532, 1170], [1920, 1080]].entries()) {
    const file = join(shots, `Screenshot ${i}.png`);
    await sharp({ create: { width: w!, height: h!, channels: 3, background: { r: 240, g: 240, b: 245 } } }).png().toFile(file);
    planted.push({ file, color: 'red', shape: 'circle', screenshot: true });
  }
  const summary = shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]);
  assert.equal(summary.added, planted.length);
  assert.equal(summary.errors, 0);
});

test('dates: a year, a month, a day and a range, inclusive; photos without a date are never in a date filter', () => {
  assert.deepEqual(paths(search('--from', '2022', '--to', '2022')), expect((p) => p.date?.startsWith('2022') === true));
  assert.deepEqual(paths(search('--from', '2023-07', '--to', '2023-07')), expect((p) => p.date?.startsWith('2023-07') === true));
  assert.deepEqual(paths(search('--from', '2023-12-31', '--to', '2023-12-31')), expect((p) => p.date === '2023-12-31'));
  assert.deepEqual(paths(search('--from', '2022-07-14')), expect((p) => (p.date ?? '') >= '2022-07-14'));
  assert.deepEqual(paths(search('--to', '2022-07-13')), expect((p) => p.date !== undefined && p.date <= '2022-07-13'));
  const dated = search('--from', '2021');
  assert.ok(dated.results.every((r: { match: boolean }) => r.match));
  assert.equal(dated.query.from, '2021');
});

test('camera: the make or the model, any case', () => {
  assert.deepEqual(paths(search('--camera', 'canon')), expect((p) => p.camera?.startsWith('Canon') === true));
  assert.deepEqual(paths(search('--camera', 'IPHONE')), expect((p) => p.camera?.includes('iPhone') === true));
  assert.deepEqual(paths(search('--camera', 'samsung')), expect((p) => p.camera?.startsWith('SAMSUNG') === true));
  assert.equal(search('--camera', 'Nikon').results.length, 0);
});

test('kind: screenshots are screen-sized pictures without camera EXIF; photos are the rest', () => {
  assert.deepEqual(paths(search('--kind', 'screenshot')), expect((p) => p.screenshot === true));
  assert.deepEqual(paths(search('--kind', 'photo')), expect((p) => !p.screenshot));
  assert.equal(shoebox(['search', '--kind', 'video', ...lib]).code, 2);
});

test('folder: a photo folder by name, and a sorting folder after sorting', () => {
  assert.deepEqual(paths(search('--folder', 'Pictures')), expect(() => true));
  shoeboxJson(['folder', 'add', 'Reds', '--prompt', 'a photo of a red circle', ...lib]);
  shoeboxJson(['sort', ...lib]);
  const sorted = shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string | null }[];
  const reds = sorted.filter((p) => p.folder === 'Reds').map((p) => p.path).sort();
  assert.ok(reds.length > 0);
  assert.deepEqual(paths(search('--folder', 'reds')), reds);
  assert.deepEqual(paths(search('--folder', 'Unsorted')), sorted.filter((p) => p.folder === null).map((p) => p.path).sort());
  const r = shoebox(['search', 'red', '--folder', 'Nowhere', ...lib]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no folder or photo folder called "Nowhere"/);
});

test('text with filters: only photos within the filters, matches first, best first', () => {
  const r = search('a photo of a red circle', '--camera', 'canon', '--from', '2022', '--all');
  const allowed = new Set(expect((p) => p.camera?.startsWith('Canon') === true && (p.date ?? '') >= '2022'));
  assert.equal(r.results.length, allowed.size, '--all lists every photo within the filters');
  for (const x of r.results) assert.ok(allowed.has(x.path), basename(x.path));
  const firstWeak = r.results.findIndex((x: { match: boolean }) => !x.match);
  if (firstWeak >= 0) assert.ok(r.results.slice(firstWeak).every((x: { match: boolean }) => !x.match), 'matches come first');
  assert.equal(r.matches, r.results.filter((x: { match: boolean }) => x.match).length);
  assert.deepEqual(Object.keys(r.query).sort(), ['camera', 'exclude', 'folder', 'from', 'kind', 'place', 'text', 'to']);
});

test('a bad date is a usage error that says how to write one', () => {
  const r = shoebox(['search', 'red', '--from', '2023-13', ...lib]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /"2023-13" is not a date/);
});
