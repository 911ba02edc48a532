/**
 * Places through the real `shoebox` binary: generated photos with real GPS
 * EXIF in real cities (and some without GPS), reverse-geocoded at index time;
 * `--place` alone and with text, Korean names, an ambiguous name, an unknown
 * one, and a library indexed before places existed getting them on the next
 * `shoebox index` without re-embedding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generatePhotos, type SynthPhoto } from '../../fixtures/synth/photos.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { writeExif } from '../../helpers/exif.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';
import { closeLibrary, openLibrary } from '../../../src-main/core/context.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';
import { invoke as dispatch } from '../../../src-main/api/dispatch.js';

const dir = tempDir(suiteCleanups());
const photosDir = join(dir, 'Pictures');
const libDir = join(dir, 'library');
const lib = ['--library', libDir];

/** Where the photos were taken: real points, some far from the city's centre point. */
const SPOTS = [
  { spot: 'Haeundae beach', lat: 35.1587, lon: 129.1604, city: 'Busan' }, // 13 km from Busan's centre point
  { spot: 'Busan station', lat: 35.1151, lon: 129.0422, city: 'Busan' },
  { spot: 'Gijang', lat: 35.2445, lon: 129.2222, city: 'Busan' }, // Busan's far north-east: in its region, outside its circle
  { spot: 'Gyeongbokgung', lat: 37.5796, lon: 126.977, city: 'Seoul' },
  { spot: 'Gangnam station', lat: 37.4979, lon: 127.0276, city: 'Seoul' },
  { spot: 'Eiffel Tower', lat: 48.8584, lon: 2.2945, city: 'Paris' },
  { spot: 'Times Square', lat: 40.758, lon: -73.9855, city: 'New York City' },
  { spot: 'Jeju airport', lat: 33.5104, lon: 126.4914, city: 'Jeju City' },
  { spot: 'no GPS', lat: undefined, lon: undefined, city: undefined },
] as const;

interface Planted extends SynthPhoto {
  spot: string;
  city: string | undefined;
}
const planted: Planted[] = [];

const paths = (r: { results: { path: string }[] }): string[] => r.results.map((x) => x.path).sort();
const expect = (f: (p: Planted) => boolean): string[] => planted.filter(f).map((p) => p.file).sort();
const search = (...args: string[]) => shoeboxJson(['search', ...args, '--limit', '500', ...lib]);
const inBusan = (p: Planted): boolean => p.city === 'Busan';

test('photos with GPS are given their city, region and country at index time', async () => {
  const photos = await generatePhotos({ outDir: photosDir, count: 36, seed: 4242, format: 'jpeg' });
  photos.forEach((p, i) => {
    const s = SPOTS[i % SPOTS.length]!;
    writeExif(p.file, { taken: '2023:07:20 12:00:00', make: 'Apple', model: 'iPhone 12', lat: s.lat, lon: s.lon });
    planted.push({ ...p, spot: s.spot, city: s.city });
  });
  const summary = shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]);
  assert.equal(summary.added, planted.length);
  assert.equal(summary.errors, 0);
  const db = new Database(join(libDir, 'shoebox.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT p.path, pp.city_id, pp.region, pp.country FROM photos p LEFT JOIN photo_places pp ON pp.photo_id = p.id').all() as {
      path: string; city_id: number | null; region: string | null; country: string | null;
    }[];
    const byPath = new Map(rows.map((r) => [r.path, r]));
    for (const p of planted) {
      const r = byPath.get(p.file)!;
      if (p.spot === 'no GPS') assert.equal(r.country, null, 'a photo without GPS has no place');
      else if (p.spot === 'Haeundae beach' || p.spot === 'Busan station') assert.deepEqual([r.city_id, r.region, r.country], [1838524, 'KR.10', 'KR'], p.spot);
      else if (p.spot === 'Gijang') assert.deepEqual([r.region, r.country], ['KR.10', 'KR'], p.spot);
      else if (p.city === 'Seoul') assert.deepEqual([r.city_id, r.region, r.country], [1835848, 'KR.11', 'KR'], p.spot);
      else if (p.city === 'Paris') assert.deepEqual([r.city_id, r.region, r.country], [2988507, 'FR.11', 'FR'], p.spot);
      else if (p.city === 'New York City') assert.deepEqual([r.city_id, r.country], [5128581, 'US'], p.spot);
      else if (p.city === 'Jeju City') assert.deepEqual([r.region, r.country], ['KR.01', 'KR'], p.spot);
    }
  } finally {
    db.close();
  }
});

test('--place alone: every photo in the place, anywhere in it; photos without GPS never', () => {
  const busan = search('--place', 'Busan');
  assert.deepEqual(paths(busan), expect(inBusan), 'the beach 13 km out and Gijang 25 km out are in Busan');
  assert.equal(busan.query.place, 'Busan, South Korea');
  assert.equal(busan.place.kind, 'region');
  assert.ok(busan.place.radiusKm >= 13);
  assert.deepEqual(paths(search('--place', 'seoul')), expect((p) => p.city === 'Seoul'));
  assert.deepEqual(paths(search('--place', 'Paris')), expect((p) => p.city === 'Paris'));
  assert.deepEqual(paths(search('--place', 'New York City')), expect((p) => p.city === 'New York City'));
  assert.deepEqual(paths(search('--place', 'Jeju')), expect((p) => p.city === 'Jeju City'));
  const korea = search('--place', 'South Korea');
  assert.deepEqual(paths(korea), expect((p) => ['Busan', 'Seoul', 'Jeju City'].includes(p.city ?? '')));
  assert.equal(korea.query.place, 'South Korea');
  assert.deepEqual(paths(search('--place', 'France')), expect((p) => p.city === 'Paris'));
  assert.equal(search('--place', 'Tokyo').results.length, 0, 'a known place without photos keeps none');
});

test('Korean names: cities, provinces and countries', () => {
  const busan = search('--place', '부산');
  assert.deepEqual(paths(busan), expect(inBusan));
  assert.equal(busan.place.labelKo, '부산, 대한민국');
  assert.deepEqual(paths(search('--place', '서울특별시')), expect((p) => p.city === 'Seoul'));
  assert.deepEqual(paths(search('--place', '제주도')), expect((p) => p.city === 'Jeju City'));
  assert.deepEqual(paths(search('--place', '파리')), expect((p) => p.city === 'Paris'));
  assert.deepEqual(paths(search('--place', '한국')).length, expect((p) => ['Busan', 'Seoul', 'Jeju City'].includes(p.city ?? '')).length);
  assert.deepEqual(paths(search('--place', '미국')), expect((p) => p.city === 'New York City'));
});

test('--place with text: only photos in the place, matches first', () => {
  const r = search('a photo of a red circle', '--place', 'Busan', '--all');
  const allowed = new Set(expect(inBusan));
  assert.equal(r.results.length, allowed.size);
  for (const x of r.results) assert.ok(allowed.has(x.path));
  assert.equal(r.query.place, 'Busan, South Korea');
  assert.equal(r.query.text, 'a photo of a red circle');
  const both = search('--place', 'Seoul', '--from', '2023-07', '--camera', 'iphone');
  assert.deepEqual(paths(both), expect((p) => p.city === 'Seoul'));
});

test('places named in the text are understood, in English and Korean; the rest goes to the model', () => {
  const en = search('a red circle in Busan', '--all');
  assert.equal(en.query.place, 'Busan, South Korea');
  assert.equal(en.query.text, 'a red circle');
  assert.deepEqual(en.understood.map((u: { kind: string }) => u.kind), ['place']);
  assert.deepEqual(paths(en), expect(inBusan));
  const ko = search('부산에서 찍은 빨간 원', '--all');
  assert.equal(ko.query.place, 'Busan, South Korea');
  assert.deepEqual(paths(ko), expect(inBusan));
  assert.deepEqual(paths(search('photos from Seoul', '--all')), expect((p) => p.city === 'Seoul'));
  // a place the library has no photos of is a word for the model, not a filter
  const tokyo = search('Tokyo', '--all');
  assert.equal(tokyo.query.place, null);
  assert.equal(tokyo.query.text, 'Tokyo');
  // --literal: nothing understood
  assert.equal(search('a red circle in Busan', '--literal', '--all').query.place, null);
});

test('an ambiguous name means the place that occurs in the library; "City, Region" picks another', () => {
  // Paris, France has photos here; Paris, Texas none.
  assert.equal(search('--place', 'Paris').query.place, 'Paris, France');
  const texas = search('--place', 'Paris, Texas');
  assert.equal(texas.query.place, 'Paris, Texas, United States');
  assert.equal(texas.results.length, 0);
});

test('an unknown place is a clear error (its Korean text: test/unit/places)', () => {
  const r = shoebox(['search', 'red', '--place', 'Qwxzville', ...lib]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /No place called "Qwxzville" is known: name a city, a region or a country/);
});

test('similar takes --place too', () => {
  const busanPhoto = planted.find((p) => p.spot === 'Busan station')!;
  const r = shoeboxJson(['similar', busanPhoto.file, '--place', 'Busan', '--limit', '500', ...lib]);
  assert.deepEqual(paths(r), expect(inBusan).filter((f) => f !== busanPhoto.file));
});

test('a library indexed before places existed gets them on the next index, nothing re-embedded', () => {
  const db = new Database(join(libDir, 'shoebox.sqlite'));
  db.exec('DELETE FROM photo_places');
  db.close();
  const summary = shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]);
  assert.equal(summary.unchanged, planted.length, 'no photo read again for its vector');
  assert.equal(summary.added + summary.updated, 0);
  assert.deepEqual(paths(search('--place', 'Busan')), expect(inBusan));
});

test('the API: search.places lists the places of the library with their counts and names; search.text takes place', async (t) => {
  const ctx = openLibrary(libDir);
  const app = new ShoeboxApp(ctx);
  t.after(async () => {
    await app.close();
    closeLibrary(ctx);
  });
  const caller = { app, transport: 'http' as const };
  const listed = await dispatch(caller, 'search.places', {});
  assert.ok(listed.ok, JSON.stringify(listed));
  const { places, names } = listed.value;
  const busan = places.find((p) => p.label === 'Busan, South Korea')!;
  assert.deepEqual({ kind: busan.kind, nameKo: busan.nameKo, count: busan.count }, { kind: 'city', nameKo: '부산', count: expect(inBusan).length });
  assert.equal(places.find((p) => p.label === 'Paris, France')!.count, expect((p) => p.city === 'Paris').length);
  assert.equal(places.find((p) => p.kind === 'country' && p.country === 'KR')!.count, expect((p) => ['Busan', 'Seoul', 'Jeju City'].includes(p.city ?? '')).length);
  assert.ok(!places.some((p) => p.name === 'Tokyo'), 'only places that occur in the library');
  assert.deepEqual(names.find((n) => n.text === '부산'), { text: '부산', place: 'Busan, South Korea', kind: 'city', count: busan.count, caseSensitive: false });
  assert.deepEqual(names.filter((n) => n.text === 'US' || n.text === 'USA').map((n) => [n.place, n.caseSensitive]), [['United States', true], ['United States', true]]);
  assert.ok(names.some((n) => n.text === '대한민국' && n.place === 'South Korea'));
  assert.ok(names.some((n) => n.text === '파리' && n.place === 'Paris, France'));
  // Each listed label finds its own photos.
  for (const p of places) {
    const r = await dispatch(caller, 'search.text', { query: '', place: p.label, limit: 500 });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.matches, p.count, p.label);
  }
  const ko = await dispatch(caller, 'search.text', { query: '', place: '부산', limit: 500 });
  assert.ok(ko.ok && ko.value.query.place === 'Busan, South Korea' && ko.value.place?.labelKo === '부산, 대한민국');
  const unknown = await dispatch(caller, 'search.text', { query: 'red', place: 'Qwxzville', limit: 5 });
  assert.ok(!unknown.ok && unknown.error.code === 'not_found' && unknown.error.key === 'search.unknown_place', JSON.stringify(unknown));
});
