/** Search by words and "more like this photo", over the library's current model, with filters. */
import { fail } from '../../core/util/errors.js';
import type { SearchFilters, UnderstoodQuery } from '../../core/domain/search.js';
import { parseQuery, type QueryVocabulary, type Understood } from '../../core/domain/query-parser.js';
import { folderNameKey } from '../../core/domain/index.js';
import { basename } from 'node:path';
import { PhotoFacts } from '../../core/search/facts.js';
import type { AppContext } from '../app-context.js';

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
  /** places that occur in the library (filled once places are indexed) */
  places: { name: string; count: number }[];
}

export interface TextSearchAnswer {
  results: SearchHit[];
  query: UnderstoodQuery;
  /** what was understood from the text, with its span (explicit filters overrode the rest) */
  understood: Understood[];
  matches: number;
  considered: number;
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
        : parseQuery(req.text.trim(), this.vocabularyWords(searcher.photoFacts()), { today: req.today });
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
    return {
      results: found.results.map((r) => ({ id: r.photoId, path: r.path, score: r.score, match: r.match })),
      query,
      understood,
      matches: found.matches,
      considered: found.considered,
    };
  }

  /** The names the parser recognises: the library's cameras, folders and places. */
  private vocabularyWords(facts: PhotoFacts): QueryVocabulary {
    // names only: counting each folder's photos would cost every search a pass over the assignments
    const folders = this.app.ctx.categories.list().map((c) => c.name);
    for (const root of this.app.ctx.settings.roots()) folders.push(basename(root) || root);
    // places: the lead wires the library's place names here (or a gazetteer's matchPlace), as Search.vocabularyCounts' places
    return { cameras: facts.cameras, folders, places: [] };
  }

  /** The library's cameras, folders and places with how many photos each has (the window's pickers). */
  vocabulary(): SearchVocabulary {
    return this.vocabularyCounts(new PhotoFacts(this.app.ctx.photos.searchFacts()));
  }

  private vocabularyCounts(facts: PhotoFacts): SearchVocabulary {
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
    // places: the places helper fills this from the photos' reverse-geocoded places (issue 12)
    return { cameras, folders, places: [] };
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
