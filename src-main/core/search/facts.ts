/**
 * What search filters look at, for every photo, in arrays indexed by photo id:
 * the day it was taken, its camera, where, and whether it is a screenshot.
 * Read once from the photos table (and again when the index is reloaded), so
 * a filter is a loop over a few typed arrays, not a query per search.
 */
import type { PhotoStore } from '../store/photos.js';
import type { PhotoSet } from './vector-index.js';
import type { PlaceMatch } from '../places/gazetteer.js';

/** [photo id, GeoNames city id, admin1 region code, country code], as stored by indexing (store/places.ts) */
export type PlaceRow = [number, number | null, string | null, string | null];

/** Screen sizes (long side × short side) of common phones, tablets and monitors. */
const SCREENS = [
  [1334, 750], [1920, 1080], [2208, 1242], [2436, 1125], [2688, 1242], [1792, 828], [2532, 1170], [2778, 1284], [2556, 1179],
  [2796, 1290], [2622, 1206], [2868, 1320], [2340, 1080], [2400, 1080], [2220, 1080], [2280, 1080], [2316, 1080], [2640, 1080],
  [1600, 720], [3200, 1440], [3120, 1440], [3088, 1440], [2960, 1440], [2560, 1440], [2048, 1536], [2224, 1668], [2388, 1668],
  [2732, 2048], [2360, 1640], [2266, 1488], [2420, 1668], [2752, 2064], [1024, 768], [1280, 720], [1280, 800], [1280, 1024],
  [1366, 768], [1440, 900], [1536, 864], [1600, 900], [1600, 1200], [1680, 1050], [1920, 1200], [2048, 1152], [2160, 1440],
  [2256, 1504], [2304, 1440], [2400, 1600], [2496, 1664], [2560, 1080], [2560, 1600], [2736, 1824], [2880, 1800], [2880, 1864],
  [3000, 2000], [3024, 1964], [3072, 1920], [3240, 2160], [3440, 1440], [3456, 2234], [3840, 2160], [3840, 2400], [5120, 2880],
] as const;
const SCREEN_KEYS = new Set(SCREENS.map(([w, h]) => w * 100_000 + h));

/** A screenshot: no camera wrote EXIF, and the picture is exactly the size of a screen (either way up). */
export function isScreenshot(camera: string | null, width: number | null, height: number | null): boolean {
  if (camera || !width || !height) return false;
  return SCREEN_KEYS.has(Math.max(width, height) * 100_000 + Math.min(width, height));
}

export class PhotoFacts {
  /** YYYYMMDD taken, 0 unknown */
  readonly day: Int32Array;
  /** 1 + index into cameras, 0 none */
  readonly camera: Int32Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly screenshot: Uint8Array;
  /** 1 for every readable photo */
  readonly present: Uint8Array;
  readonly cameras: string[] = [];
  readonly cameraCount: number[] = [];
  /** GeoNames id of the city each photo was taken in, 0 none */
  readonly city: Int32Array;
  /** 1 + index into regions, 0 none */
  readonly region: Int32Array;
  /** 1 + index into countries, 0 none */
  readonly country: Int32Array;
  readonly regions: string[] = [];
  readonly countries: string[] = [];

  constructor(rows: ReturnType<PhotoStore['searchFacts']>, places: PlaceRow[] = []) {
    const size = rows.reduce((m, r) => Math.max(m, r[0]), 0) + 1;
    this.day = new Int32Array(size);
    this.camera = new Int32Array(size);
    this.lat = new Float64Array(size).fill(NaN);
    this.lon = new Float64Array(size).fill(NaN);
    this.screenshot = new Uint8Array(size);
    this.present = new Uint8Array(size);
    const cameraIndex = new Map<string, number>();
    for (const [id, takenAt, camera, lat, lon, width, height] of rows) {
      this.present[id] = 1;
      if (takenAt && /^\d{4}-\d{2}-\d{2}/.test(takenAt)) this.day[id] = Number(takenAt.slice(0, 4) + takenAt.slice(5, 7) + takenAt.slice(8, 10));
      if (camera) {
        let c = cameraIndex.get(camera);
        if (c === undefined) {
          c = this.cameras.push(camera) - 1;
          cameraIndex.set(camera, c);
          this.cameraCount.push(0);
        }
        this.camera[id] = c + 1;
        this.cameraCount[c]!++;
      }
      if (lat !== null && lon !== null) {
        this.lat[id] = lat;
        this.lon[id] = lon;
      }
      this.screenshot[id] = isScreenshot(camera, width, height) ? 1 : 0;
    }
    this.city = new Int32Array(size);
    this.region = new Int32Array(size);
    this.country = new Int32Array(size);
    const regionIndex = new Map<string, number>();
    const countryIndex = new Map<string, number>();
    const slot = (list: string[], index: Map<string, number>, code: string | null): number => {
      if (!code) return 0;
      let i = index.get(code);
      if (i === undefined) index.set(code, (i = list.push(code)));
      return i;
    };
    for (const [id, cityId, region, country] of places) {
      if (id >= size || !this.present[id]) continue;
      this.city[id] = cityId ?? 0;
      this.region[id] = slot(this.regions, regionIndex, region);
      this.country[id] = slot(this.countries, countryIndex, country);
    }
  }

  get size(): number {
    return this.present.length;
  }

  /** Every readable photo. */
  all(): PhotoSet {
    return this.present.slice();
  }

  /** Keeps in `set` the photos taken between two YYYYMMDD days (inclusive; either may be open). */
  keepDays(set: PhotoSet, from: number | undefined, to: number | undefined): void {
    const lo = from ?? 0;
    const hi = to ?? 99999999;
    for (let id = 0; id < set.length; id++) {
      if (!set[id]) continue;
      const d = this.day[id]!;
      if (d === 0 || d < lo || d > hi) set[id] = 0;
    }
  }

  /** Keeps the photos whose camera's make or model contains `text`, any case. */
  keepCamera(set: PhotoSet, text: string): void {
    const needle = text.trim().toLocaleLowerCase('en-US');
    const ok = new Uint8Array(this.cameras.length + 1);
    this.cameras.forEach((c, i) => (ok[i + 1] = c.toLocaleLowerCase('en-US').includes(needle) ? 1 : 0));
    for (let id = 0; id < set.length; id++) if (set[id] && !ok[this.camera[id]!]) set[id] = 0;
  }

  keepKind(set: PhotoSet, kind: 'photo' | 'screenshot'): void {
    const want = kind === 'screenshot' ? 1 : 0;
    for (let id = 0; id < set.length; id++) if (set[id] && this.screenshot[id] !== want) set[id] = 0;
  }

  /** Keeps the photos within `radiusKm` of a point. */
  keepNear(set: PhotoSet, lat: number, lon: number, radiusKm: number): void {
    for (let id = 0; id < set.length; id++) {
      if (!set[id]) continue;
      const a = this.lat[id]!;
      if (Number.isNaN(a) || distanceKm(lat, lon, a, this.lon[id]!) > radiusKm) set[id] = 0;
    }
  }

  /**
   * Keeps the photos taken in a place: in one of its cities, regions or
   * countries (as indexing looked them up), or within its circle. A photo
   * without GPS is in no place.
   */
  keepPlace(set: PhotoSet, match: PlaceMatch): void {
    const inPlace = this.placeTest(match);
    for (let id = 0; id < set.length; id++) if (set[id] && !inPlace(id)) set[id] = 0;
  }

  /** How many photos of the library are in a place. */
  countPlace(match: PlaceMatch): number {
    const inPlace = this.placeTest(match);
    let n = 0;
    for (let id = 0; id < this.size; id++) if (this.present[id] && inPlace(id)) n++;
    return n;
  }

  private placeTest(match: PlaceMatch): (id: number) => boolean {
    const cities = new Set(match.cityIds);
    const regions = new Set(match.regions.map((r) => this.regions.indexOf(r) + 1).filter((i) => i > 0));
    const countries = new Set(match.countries.map((c) => this.countries.indexOf(c) + 1).filter((i) => i > 0));
    const c = match.circle;
    // A box around the circle first: most photos are far from it, and a subtraction is cheaper than a haversine.
    const dLat = c ? c.km / 110.5 : 0;
    const dLon = c ? Math.min(360, c.km / (110.5 * Math.max(0.01, Math.cos(((Math.abs(c.lat) + dLat) * Math.PI) / 180)))) : 0;
    return (id) => {
      const lat = this.lat[id]!;
      if (Number.isNaN(lat)) return false;
      if (cities.size && cities.has(this.city[id]!)) return true;
      if (regions.size && regions.has(this.region[id]!)) return true;
      if (countries.size && countries.has(this.country[id]!)) return true;
      if (c === null || Math.abs(lat - c.lat) > dLat) return false;
      const lon = this.lon[id]!;
      const off = Math.abs(lon - c.lon);
      if (Math.min(off, 360 - off) > dLon) return false;
      return distanceKm(c.lat, c.lon, lat, lon) <= c.km;
    };
  }

  /** Photos per city, region and country (codes as stored), for the places that occur in the library. */
  placeCounts(): { cities: Map<number, number>; regions: Map<string, number>; countries: Map<string, number> } {
    const cities = new Map<number, number>();
    const regions = new Map<string, number>();
    const countries = new Map<string, number>();
    for (let id = 0; id < this.size; id++) {
      if (!this.present[id]) continue;
      const city = this.city[id]!;
      if (city) cities.set(city, (cities.get(city) ?? 0) + 1);
      const r = this.region[id]!;
      if (r) regions.set(this.regions[r - 1]!, (regions.get(this.regions[r - 1]!) ?? 0) + 1);
      const k = this.country[id]!;
      if (k) countries.set(this.countries[k - 1]!, (countries.get(this.countries[k - 1]!) ?? 0) + 1);
    }
    return { cities, regions, countries };
  }

  /** Keeps only the photos listed. */
  keepIds(set: PhotoSet, ids: Iterable<number>): void {
    const keep = new Uint8Array(set.length);
    for (const id of ids) if (id < keep.length) keep[id] = 1;
    for (let id = 0; id < set.length; id++) if (set[id] && !keep[id]) set[id] = 0;
  }

  /** The cameras of the library with how many photos each has, most first. */
  cameraCounts(): { name: string; count: number }[] {
    return this.cameras.map((name, i) => ({ name, count: this.cameraCount[i]! })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
}

/** Great-circle distance (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Number of photos in a set. */
export function countOf(set: PhotoSet): number {
  let n = 0;
  for (let i = 0; i < set.length; i++) n += set[i]!;
  return n;
}
