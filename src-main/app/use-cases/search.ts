/** Search by words and "more like this photo", over the library's current model, with filters. */
import { fail } from '../../core/util/errors.js';
import type { SearchFilters, UnderstoodQuery } from '../../core/domain/search.js';
import { parseQuery, type QueryVocabulary, type Understood } from '../../core/domain/query-parser.js';
import { folderNameKey } from '../../core/domain/index.js';
import { basename } from 'node:path';
import { PhotoFacts } from '../../core/search/facts.js';
import { placesIn } from '../../core/search/library-places.js';
import type { Searcher } from '../../core/search/search.js';
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
  /** false: the text is the model's words as written, nothing is understood from it (the window after a chip is removed) */
  parse?: boolean | undefined;
  /** today, for "last year" (default: the local date) */
  today?: string | Date | undefined;
}

/** What the library has to name in a query, with counts: the window's pickers. */
export interface SearchVocabulary {
  cameras: { name: string; count: number }[];
  /** sorting folders, then photo folders */
  folders: { name: string; count: number; kind: 'folder' | 'root' }[];
  /** places that occur in the library: `name` is what to search for ("Busan, South Korea"), `labelKo` how Korean shows it */
  places: { name: string; labelKo: string; count: number }[];
}

/** Place names that are also everyday words: never taken for the place by the parser (a quoted --place still finds it). */
const PLACE_WORDS_NOT_PLACES = new Set(['세부', 'nice', 'mobile', 'split', 'bath', 'reading', 'orange', 'sale', 'bar', 'as', 'of']);

export interface TextSearchAnswer {
  results: SearchHit[];
  query: UnderstoodQuery;
  /** what was understood from the text, with its span (explicit filters overrode the rest) */
  understood: Understood[];
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
    const searcher = await this.app.session.searcher();
    const explicit = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);
    const parsed =
      req.parse === false
        ? { ...parseQuery('', {}), text: req.text.trim() }
        : parseQuery(req.text.trim(), await this.vocabularyWords(searcher), { today: req.today });
    const dated = explicit(req.from) !== undefined || explicit(req.to) !== undefined;
    // explicit filters win: what the text said of the same filter is dropped (its words stay out of the model's)
    const understood = parsed.understood.filter(
      (u) => !((u.kind === 'date' && dated) || (u.kind !== 'date' && u.kind !== 'exclude' && explicit(req[u.kind]) !== undefined)),
    );
    const exclude = [...parsed.exclude];
    for (const e of req.exclude ?? []) if (e.trim() && !exclude.includes(e.trim())) exclude.push(e.trim());
    const query: UnderstoodQuery = {
      text: parsed.text,
      exclude,
      from: dated ? explicit(req.from) : parsed.from,
      to: dated ? explicit(req.to) : parsed.to,
      camera: explicit(req.camera) ?? parsed.camera,
      place: explicit(req.place) ?? parsed.place,
      folder: explicit(req.folder) ?? parsed.folder,
      kind: req.kind ?? parsed.kind,
    };
    const found = await searcher.search({ text: query.text, exclude: query.exclude, filters: { from: query.from, to: query.to, camera: query.camera, place: query.place, folder: query.folder, kind: query.kind }, limit: req.limit, all: req.all });
    const p = found.place;
    if (p) query.place = p.label; // "Busan, South Korea": what the name was understood as
    return {
      results: found.results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: r.match })),
      query,
      understood,
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

  /** The names the parser recognises: the library's cameras, folders and places. */
  private async vocabularyWords(searcher: Searcher): Promise<QueryVocabulary> {
    // names only: counting each folder's photos would cost every search a pass over the assignments
    const folders = this.app.ctx.categories.list().map((c) => c.name);
    for (const root of this.app.ctx.settings.roots()) folders.push(basename(root) || root);
    const places = new Map<string, string>();
    for (const p of await searcher.libraryPlaces()) {
      for (const name of p.names) {
        const key = name.toLocaleLowerCase('en-US');
        // "US", "LA": only as written, which the parser (any case) cannot tell from "us", "la";
        // one Korean syllable or a common word ("빈" is Vienna, "세부" is Cebu and "detail") stays a word
        if (/^[A-Z.]{2,5}$/.test(name) || /^[\uAC00-\uD7A3]$/.test(name) || PLACE_WORDS_NOT_PLACES.has(key) || places.has(key)) continue;
        places.set(key, p.label);
      }
    }
    return { cameras: searcher.photoFacts().cameras, folders, matchPlace: places.size ? (phrase) => places.get(phrase) : undefined };
  }

  /** The library's cameras, folders and places with how many photos each has (the window's pickers). */
  async vocabulary(): Promise<SearchVocabulary> {
    const facts = new PhotoFacts(this.app.ctx.photos.searchFacts(), this.app.ctx.places.all());
    const places = (await placesIn(facts)).map((p) => ({ name: p.label, labelKo: p.labelKo, count: p.count }));
    return { ...this.vocabularyCounts(facts), places };
  }

  private vocabularyCounts(facts: PhotoFacts): Omit<SearchVocabulary, 'places'> {
    const cameras = facts.cameraCounts();
    const counts = this.app.ctx.categories.counts();
    const folders: SearchVocabulary['folders'] = this.app.ctx.categories
      .list()
      .map((c) => ({ name: c.name, count: counts.get(c.id) ?? 0, kind: 'folder' as const }));
    const seen = new Set(folders.map((f) => folderNameKey(f.name)));
    for (const root of this.app.ctx.settings.roots()) {
      const name = basename(root) || root;
      if (seen.has(folderNameKey(name))) continue;
      seen.add(folderNameKey(name));
      folders.push({ name, count: this.app.ctx.photos.idsUnder(root).length, kind: 'root' });
    }
    return { cameras, folders };
  }

  /** "More like these" from several photos (in the library by id, or any image file by path), optionally with words ("at night"); within the filters. */
  async likeThese(targets: ({ id: number } | { path: string })[], text: string, limit: number, filters: SearchFilters = {}): Promise<SearchHit[]> {
    for (const t of targets) if ('id' in t && !this.app.ctx.photos.byId(t.id)) throw fail('photo.missing_id', { id: t.id });
    const searcher = await this.app.session.searcher();
    const results = await searcher.likeThese(
      targets.map((t) => ('id' in t ? { photoId: t.id } : { path: t.path })),
      text,
      limit,
      filters,
    );
    return results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: true }));
  }

  /** Photos that look like a photo: one in the library (by id), or any image file (by path); within the filters. */
  async similar(target: { id: number } | { path: string }, limit: number, filters: SearchFilters = {}): Promise<SearchHit[]> {
    if ('id' in target && !this.app.ctx.photos.byId(target.id)) throw fail('photo.missing_id', { id: target.id });
    const searcher = await this.app.session.searcher();
    const results = await searcher.similar('id' in target ? { photoId: target.id } : { path: target.path }, limit, filters);
    return results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: true }));
  }
}
