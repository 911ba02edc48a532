/**
 * The search text understood through the real `shoebox` binary: dates,
 * cameras, folders, screenshots and exclusions written in the text become
 * filters (English and Korean), explicit flags win, `--literal` turns it off.
 * Generated photos with real EXIF, the test model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
const TODAY = ['--today', '2026-12-01'];

const DATES = ['2023:07:20 18:00:00', '2025:03:14 12:00:00', '2026:11:05 09:00:00'];
const CAMERAS = [
  { make: 'Canon', model: 'Canon EOS 80D' },
  { make: 'Apple', model: 'iPhone 12' },
];

interface Planted extends SynthPhoto {
  date: string;
  camera: string;
  screenshot?: boolean;
}
const planted: Planted[] = [];
const paths = (r: { results: { path: string }[] }): string[] => r.results.map((x) => x.path).sort();
const expect = (f: (p: Planted) => boolean): string[] => planted.filter(f).map((p) => p.file).sort();
const search = (...args: string[]) => shoeboxJson(['search', ...args, '--all', '--limit', '500', ...TODAY, ...lib]);

test('photos with dates and cameras, and screenshots, are indexed', async () => {
  const photos = await generatePhotos({ outDir: photosDir, count: 72, seed: 4242, format: 'jpeg' });
  photos.forEach((p, i) => {
    const date = DATES[i % 3]!;
    const camera = CAMERAS[i % 2]!;
    writeExif(p.file, { taken: date, make: camera.make, model: camera.model });
    planted.push({ ...p, date: date.slice(0, 10).replaceAll(':', '-'), camera: `${camera.make} ${camera.model}` });
  });
  const shots = join(photosDir, 'Screenshots');
  mkdirSync(shots);
  for (const [i, [w, h]] of [[1170, 2532], [1920, 1080]].entries()) {
    const file = join(shots, `Screenshot ${i}.png`);
    await sharp({ create: { width: w!, height: h!, channels: 3, background: { r: 240, g: 240, b: 245 } } }).png().toFile(file);
    planted.push({ file, color: 'red', shape: 'circle', date: '', camera: '', screenshot: true });
  }
  assert.equal(shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]).added, planted.length);
});

test('a year in the text is a date filter; the rest goes to the model', () => {
  const r = search('a photo of a red circle 2023');
  assert.equal(r.query.text, 'a photo of a red circle');
  assert.deepEqual([r.query.from, r.query.to], ['2023', '2023']);
  assert.deepEqual(paths(r), expect((p) => p.date.startsWith('2023')));
  assert.deepEqual(r.understood, [{ kind: 'date', value: '2023', words: '2023' }]);
});

test('relative dates, English and Korean, against today', () => {
  assert.deepEqual(paths(search('red last year')), expect((p) => p.date.startsWith('2025')));
  assert.deepEqual(paths(search('작년 빨간색')), expect((p) => p.date.startsWith('2025')));
  assert.deepEqual(paths(search('red last month')), expect((p) => p.date.startsWith('2026-11')));
  const ko = search('2023년 7월 빨간 원');
  assert.deepEqual([ko.query.text, ko.query.from, ko.query.to], ['빨간 원', '2023-07', '2023-07']);
  assert.deepEqual(paths(ko), expect((p) => p.date.startsWith('2023-07')));
});

test('a camera of the library named in the text, English and Korean', () => {
  const r = search('red shot on iPhone');
  assert.equal(r.query.camera, 'iPhone');
  assert.equal(r.query.text, 'red');
  assert.deepEqual(paths(r), expect((p) => p.camera.includes('iPhone')));
  assert.deepEqual(paths(search('캐논으로 찍은 파란색')), expect((p) => p.camera.startsWith('Canon')));
  assert.equal(search('red nikon').query.camera, null, 'a camera the library does not have stays words');
});

test('screenshots and folders named in the text', () => {
  const shots = search('screenshots');
  assert.equal(shots.query.kind, 'screenshot');
  assert.deepEqual(paths(shots), expect((p) => p.screenshot === true));
  assert.deepEqual(paths(search('스크린샷')), expect((p) => p.screenshot === true));
  const folder = search('red in the Pictures folder');
  assert.equal(folder.query.folder, 'Pictures');
  assert.equal(folder.query.text, 'red');
});

test('exclusions written in the text: -term and "without", and 빼고', () => {
  const r = search('a photo of a circle -red');
  assert.deepEqual(r.query.exclude, ['red']);
  assert.equal(r.query.text, 'a photo of a circle');
  const without = search('circle without red');
  assert.deepEqual(without.query.exclude, ['red']);
  assert.deepEqual(search('원 빨간색 빼고').query.exclude, ['빨간색']);
  // every photo the excluded term matches is out
  const reds = new Set(shoeboxJson(['search', 'red', '--limit', '500', ...lib]).results.map((x: { path: string }) => x.path));
  assert.ok(reds.size > 0);
  for (const x of r.results) assert.ok(!reds.has(x.path), x.path);
});

test('explicit flags win over what the text says', () => {
  const r = search('red 2023', '--from', '2025', '--to', '2025');
  assert.deepEqual([r.query.from, r.query.to, r.query.text], ['2025', '2025', 'red']);
  assert.deepEqual(paths(r), expect((p) => p.date.startsWith('2025')));
  assert.deepEqual(r.understood, [], 'the date in the text was overridden');
  const cam = search('red canon', '--camera', 'iphone');
  assert.equal(cam.query.camera, 'iphone');
  assert.deepEqual(paths(cam), expect((p) => p.camera.includes('iPhone')));
});

test('--literal: the text goes to the model as written', () => {
  const r = search('red 2023 -blue', '--literal');
  assert.deepEqual([r.query.text, r.query.from, r.query.exclude], ['red 2023 -blue', null, []]);
  assert.equal(shoebox(['search', 'red', '--today', 'yesterday', ...lib]).code, 2);
});

test('similar: several photos (more like these) and a photo plus words, with filters', () => {
  const photos = planted.filter((p) => !p.screenshot);
  const classOf = (p: Planted): string => `${p.color} ${p.shape}`;
  const first = photos.find((p) => photos.filter((q) => classOf(q) === classOf(p)).length >= 3)!;
  const reds = photos.filter((p) => classOf(p) === classOf(first)).slice(0, 2);
  const like = shoeboxJson(['similar', reds[0]!.file, reds[1]!.file, '--limit', '5', ...lib]);
  assert.equal(like.results.length, 5);
  assert.ok(!like.results.some((r: { path: string }) => r.path === reds[0]!.file || r.path === reds[1]!.file), 'the photos asked about are left out');
  const kind = new Map(planted.map((p) => [p.file, classOf(p)]));
  assert.equal(kind.get(like.results[0].path), classOf(first), `the first is another ${classOf(first)}: ${like.results.map((r: { path: string }) => kind.get(r.path))}`);
  const colour = new Map(planted.map((p) => [p.file, p.color]));
  const other = first.color === 'blue' ? 'green' : 'blue';
  const blue = shoeboxJson(['similar', reds[0]!.file, '--text', other, '--limit', '5', '--camera', 'canon', ...lib]);
  assert.ok(blue.results.filter((r: { path: string }) => colour.get(r.path) === other).length >= 3, `like this, but ${other}`);
  assert.ok(blue.results.every((r: { path: string }) => planted.find((p) => p.file === r.path)!.camera.startsWith('Canon')), 'within the filters');
});
