/** Search by words and "more like this photo", over the library's current model, with filters. */
import { fail } from '../../core/util/errors.js';
import type { SearchFilters, UnderstoodQuery } from '../../core/domain/search.js';
import type { AppContext } from '../app-context.js';
import type { LibraryPlaceShape, PlaceNameShape, PlaceShape } from '../shapes.js';

export interface SearchHit {
  id: number;
  path: string;
  score: number;
  /** fits the query better than a description of nothing in particular */
  match: boolean;
}

export interface TextSearchRequest extends SearchFilters {
  text: string;
  limit: number;
  /** the rest after the matches */
  all?: boolean | undefined;
  /** terms whose photos are left out, besides those written in the text (-red, "without people") */
  exclude?: string[] | undefined;
}

export interface TextSearchAnswer {
  results: SearchHit[];
  query: UnderstoodQuery;
  matches: number;
  considered: number;
  /** the place `query.place` was understood as (null without a place filter) */
  place: PlaceShape | null;
}

export class Search {
  constructor(private readonly app: AppContext) {}

  /**
   * Photos that match a description, best first: the matches, then (with `all`)
   * the rest; without a match, the closest few (match: false).
   */
  async text(req: TextSearchRequest): Promise<TextSearchAnswer> {
    const query: UnderstoodQuery = {
      text: req.text.trim(),
      exclude: req.exclude ?? [],
      from: req.from,
      to: req.to,
      camera: req.camera,
      place: req.place,
      folder: req.folder,
      kind: req.kind,
    };
    const searcher = await this.app.session.searcher();
    const found = await searcher.search({ text: query.text, exclude: query.exclude, filters: query, limit: req.limit, all: req.all });
    const p = found.place;
    if (p) query.place = p.label; // "Busan, South Korea": what the name was understood as
    return {
      results: found.results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: r.match })),
      query,
      matches: found.matches,
      considered: found.considered,
      place: p ? { kind: p.kind, name: p.name, nameKo: p.nameKo, label: p.label, labelKo: p.labelKo, country: p.country, lat: p.lat, lon: p.lon, radiusKm: p.radiusKm } : null,
    };
  }

  /** The places that occur in the library with their photos' counts: cities, then regions, then countries, most photos first. */
  async places(): Promise<LibraryPlaceShape[]> {
    const searcher = await this.app.session.searcher();
    return searcher.libraryPlaces();
  }

  /**
   * Every name (English and Korean, as written; compare in any case, except
   * abbreviations in capitals: `caseSensitive`) of the
   * places that occur in the library, longest first, each with the `place`
   * to search for: what the query parser recognises as place words.
   */
  async placeNamesInLibrary(): Promise<PlaceNameShape[]> {
    const out: PlaceNameShape[] = [];
    for (const p of await this.places()) {
      for (const text of p.names) out.push({ text, place: p.label, kind: p.kind, count: p.count, caseSensitive: /^[A-Z.]{2,5}$/.test(text) });
    }
    return out.sort((a, b) => b.text.length - a.text.length || b.count - a.count);
  }

  /** Photos that look like a photo: one in the library (by id), or any image file (by path); within the filters. */
  async similar(target: { id: number } | { path: string }, limit: number, filters: SearchFilters = {}): Promise<SearchHit[]> {
    if ('id' in target && !this.app.ctx.photos.byId(target.id)) throw fail('photo.missing_id', { id: target.id });
    const searcher = await this.app.session.searcher();
    const results = await searcher.similar('id' in target ? { photoId: target.id } : { path: target.path }, limit, filters);
    return results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: true }));
  }
}
