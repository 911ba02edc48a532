/**
 * The places that occur in the library, with how many photos each has: its
 * cities, regions and countries as indexing looked them up (store/places.ts).
 * A city and its region of the same name (Busan, Seoul) are listed once, as
 * the place a search for that name finds. Each `label` given back as a search's
 * `place` finds that place.
 */
import type { Gazetteer, PlaceNames } from '../places/gazetteer.js';
import { loadGazetteer, placeKey } from '../places/gazetteer.js';
import type { PhotoFacts } from './facts.js';

export interface LibraryPlace extends PlaceNames {
  count: number;
  /** every name it is known by, English and Korean ("Busan", "Pusan", "부산", "부산광역시", …) */
  names: string[];
}

/** The library's places; the gazetteer is loaded only when some photo has one. */
export async function placesIn(facts: PhotoFacts): Promise<LibraryPlace[]> {
  if (!facts.country.some(Boolean) && !facts.city.some(Boolean)) return [];
  return libraryPlaces(facts, await loadGazetteer());
}

export function libraryPlaces(facts: PhotoFacts, gazetteer: Gazetteer): LibraryPlace[] {
  const { cities, regions, countries } = facts.placeCounts();
  const out: LibraryPlace[] = [];
  const merged = new Set<string>();
  for (const [cityId, count] of cities) {
    const p = gazetteer.cityAsPlace(cityId);
    const city = gazetteer.city(cityId);
    if (!p || !city) continue;
    const region = city.region;
    const regionName = region ? gazetteer.regionName(region) : undefined;
    // Busan the city in Busan the metropolitan city: one place, the region's photos.
    if (region && regionName && placeKey(regionName.en) === placeKey(city.name)) {
      merged.add(region);
      out.push({ ...entry(p, regions.get(region) ?? count), names: [...new Set([...gazetteer.namesOf('city', cityId), ...gazetteer.namesOf('region', region)])] });
    } else out.push({ ...entry(p, count), names: gazetteer.namesOf('city', cityId) });
  }
  for (const [region, count] of regions) {
    if (merged.has(region)) continue;
    const country = region.slice(0, region.indexOf('.'));
    const rn = gazetteer.regionName(region);
    const cn = gazetteer.countryName(country);
    out.push({ kind: 'region', name: rn.en, nameKo: rn.ko, label: `${rn.en}, ${cn.en}`, labelKo: `${rn.ko ?? rn.en}, ${cn.ko}`, country, count, names: gazetteer.namesOf('region', region) });
  }
  for (const [country, count] of countries) {
    const cn = gazetteer.countryName(country);
    out.push({ kind: 'country', name: cn.en, nameKo: cn.ko, label: cn.en, labelKo: cn.ko, country, count, names: gazetteer.namesOf('country', country) });
  }
  const rank = { city: 0, region: 1, country: 2 } as const;
  return out.sort((a, b) => rank[a.kind] - rank[b.kind] || b.count - a.count || a.label.localeCompare(b.label));
}

function entry(p: { name: string; nameKo: string | null; label: string; labelKo: string; country: string }, count: number): Omit<LibraryPlace, 'names'> {
  return { kind: 'city', name: p.name, nameKo: p.nameKo, label: p.label, labelKo: p.labelKo, country: p.country, count };
}
