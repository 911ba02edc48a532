/**
 * Text search and "find similar", over the active model's vectors, narrowed by
 * filters (applied in the scan), without the photos that match an excluded
 * term, and split into matches and the rest by the test folders use (see
 * sorting/background.ts): a photo matches when the query fits it better than
 * descriptions of nothing in particular ("a photo", "a picture", "an image").
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import { decodePhoto } from '../imaging/decode.js';
import { dateBound, folderNameKey, isUnsortedName, type SearchFilters } from '../domain/index.js';
import { listPhotos } from '../store/photo-views.js';
import { BACKGROUND_PROMPTS } from '../sorting/background.js';
import { loadIndex } from './load-index.js';
import { encodeTexts } from './text-vectors.js';
import { CLIP_TEMPLATES, KOREAN_TEMPLATES } from '../sorting/prompt-templates.js';
import { PhotoFacts, countOf } from './facts.js';
import { loadGazetteer, type Place } from '../places/gazetteer.js';
import { placesIn, type LibraryPlace } from './library-places.js';
import type { PhotoSet, ScoredPhoto, VectorIndex } from './vector-index.js';
import { fail } from '../util/errors.js';

export interface SearchResult {
  photoId: number;
  path: string;
  score: number;
}

export interface RankedPhoto extends SearchResult {
  /** fits the query better than a description of nothing in particular */
  match: boolean;
}

export interface TextQuery {
  /** the words for the model ('' with filters alone: the filtered photos, newest first) */
  text: string;
  /** photos that match any of these are left out */
  exclude?: string[] | undefined;
  filters?: SearchFilters | undefined;
  limit: number;
  /** the rest after the matches (up to limit in all) */
  all?: boolean | undefined;
}

export interface SearchOutcome {
  /** the matches (best first), then with `all` the rest; without matches, the closest few */
  results: RankedPhoto[];
  /** matches in the library (within the filters), not only those listed */
  matches: number;
  /** photos the filters and exclusions left to search */
  considered: number;
  /** the place the `place` filter was understood as */
  place?: Place | undefined;
}

/** How much the words weigh against the photos in "like this, but at night" (both vectors of unit length). */
export const WORDS_WEIGHT = 1;

function mean(vecs: Float32Array[]): Float32Array {
  const out = new Float32Array(vecs[0]!.length);
  for (const v of vecs) for (let j = 0; j < out.length; j++) out[j]! += v[j]!;
  return out;
}

function normalized(v: Float32Array): Float32Array {
  let norm = 0;
  for (let j = 0; j < v.length; j++) norm += v[j]! * v[j]!;
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < v.length; j++) v[j]! /= norm;
  return v;
}

/** Without a match, this many of the closest photos are offered. */
export const CLOSEST_FEW = 5;
/** Queries of at most this many words are searched as the prompt ensemble. */
export const ENSEMBLE_MAX_WORDS = 3;

export class Searcher {
  private index: VectorIndex | undefined;
  private facts: PhotoFacts | undefined;
  private floored: VectorIndex | undefined;
  /** place name → the place and its photos, for the facts loaded now */
  private places: Promise<LibraryPlace[]> | undefined;
  private placeSets = new Map<string, { place: Place; keep: Uint8Array }>();

  /** `preloaded`: an index already loaded (e.g. by loadIndexInBackground at launch). */
  constructor(
    private readonly ctx: LibraryContext,
    private readonly active: ActiveModel,
    preloaded?: VectorIndex,
  ) {
    this.index = preloaded;
  }

  /** The index, loaded on first use; `refresh` after the library changed underneath. */
  vectors(refresh = false): VectorIndex {
    if (!this.index || refresh) {
      this.index?.close(); // its scan workers
      this.index = loadIndex(this.ctx, this.active.record.id, this.active.record.dim);
      this.facts = undefined;
      this.places = undefined;
      this.placeSets.clear();
    }
    return this.index;
  }

  /** What the filters read of every photo (loaded once, again after a refresh). */
  photoFacts(): PhotoFacts {
    return (this.facts ??= new PhotoFacts(this.ctx.photos.searchFacts(), this.ctx.places.all()));
  }

  /** Plain top-k by words (no filters, no cut-off): what the query bench has always measured. */
  async byText(query: string, limit: number): Promise<SearchResult[]> {
    const q = query.trim();
    if (!q) throw fail('search.empty_query');
    const [v] = await this.active.model.embedTexts([q]);
    return this.resolve(this.vectors().search(v!, limit));
  }

  /** Search by words, with filters, exclusions and the relevance cut-off. */
  async search(query: TextQuery): Promise<SearchOutcome> {
    const text = query.text.trim();
    const exclude = (query.exclude ?? []).map((e) => e.trim()).filter(Boolean);
    const filters = query.filters ?? {};
    if (!text && !exclude.length && !Object.values(filters).some(Boolean)) throw fail('search.empty_query');
    const index = this.vectors();
    let allowed = await this.allowed(filters);
    const place = filters.place?.trim() ? (await this.placeSet(filters.place)).place : undefined;
    if (exclude.length) {
      await this.floors(index);
      allowed ??= this.photoFacts().all();
      for (const term of exclude) for (const id of index.aboveFloor(await this.queryVector(term), allowed)) allowed[id] = 0;
    }
    const considered = allowed ? countOf(allowed) : index.size;
    if (!text) return { ...this.newestFirst(allowed ?? this.photoFacts().all(), query.limit), place };
    const v = await this.queryVector(text);
    await this.floors(index);
    const limit = Math.max(0, query.limit);
    const matched = index.searchWith(v, limit, { allowed, aboveFloor: true });
    const results: RankedPhoto[] = this.resolve(matched.hits).map((r) => ({ ...r, match: true }));
    const want = query.all ? limit : matched.passed === 0 ? Math.min(limit, CLOSEST_FEW) : 0;
    if (results.length < want) {
      const seen = new Set(results.map((r) => r.photoId));
      const rest = index.searchWith(v, want + seen.size, { allowed }).hits.filter((h) => !seen.has(h.photoId));
      results.push(...this.resolve(rest.slice(0, want - results.length)).map((r) => ({ ...r, match: false })));
    }
    return { results, matches: matched.passed, considered, place };
  }

  /** Photos that look like a photo: one in the library (by id or path), or any image file; within the filters. */
  async similar(target: { photoId: number } | { path: string }, limit: number, filters: SearchFilters = {}): Promise<SearchResult[]> {
    const index = this.vectors();
    let id: number | undefined;
    let v: Float32Array | undefined;
    if ('photoId' in target) id = target.photoId;
    else id = this.ctx.photos.byPath(resolve(target.path))?.id;
    if (id !== undefined) v = index.vector(id);
    if (!v) {
      if (!('path' in target)) throw fail('search.not_indexed', { id: target.photoId });
      v = await this.embedFile(target.path);
    }
    return this.resolve(index.searchWith(v, limit, { exclude: id, allowed: await this.allowed(filters) }).hits);
  }

  /**
   * "More like these": photos that look like several photos (the mean of their
   * vectors), optionally "but" with words ("at night"): the words' vector is
   * added to the photos' (both unit length, `WORDS_WEIGHT` for the words).
   * The photos asked about are left out; within the filters.
   */
  async likeThese(
    targets: ({ photoId: number } | { path: string })[],
    text: string,
    limit: number,
    filters: SearchFilters = {},
    weight = WORDS_WEIGHT,
  ): Promise<SearchResult[]> {
    const index = this.vectors();
    const ids: number[] = [];
    const vecs: Float32Array[] = [];
    for (const target of targets) {
      const id = 'photoId' in target ? target.photoId : this.ctx.photos.byPath(resolve(target.path))?.id;
      const v = id === undefined ? undefined : index.vector(id);
      if (id !== undefined && v) {
        ids.push(id);
        vecs.push(v);
      } else if ('path' in target) vecs.push(await this.embedFile(target.path));
      else throw fail('search.not_indexed', { id: target.photoId });
    }
    const q = normalized(mean(vecs));
    const words = text.trim();
    if (words) {
      const t = await this.queryVector(words);
      for (let j = 0; j < q.length; j++) q[j]! += weight * t[j]!;
    }
    const allowed = (await this.allowed(filters)) ?? this.photoFacts().all();
    for (const id of ids) if (id < allowed.length) allowed[id] = 0;
    return this.resolve(index.searchWith(normalized(q), limit, { allowed }).hits);
  }

  /**
   * The query's vector: short queries ("dog") as the average of the CLIP
   * paper's templates ("a photo of a dog.", …; Korean ones for Korean text), longer ones as written.
   */
  async queryVector(text: string): Promise<Float32Array> {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length > ENSEMBLE_MAX_WORDS) return (await encodeTexts(this.ctx, this.active, [text.trim()]))[0]!;
    const templates = /[\uac00-\ud7a3]/.test(text) ? KOREAN_TEMPLATES : CLIP_TEMPLATES;
    const vecs = await encodeTexts(this.ctx, this.active, templates.map((t) => t.replace('{}', words.join(' '))));
    const mean = new Float32Array(vecs[0]!.length);
    for (const v of vecs) for (let j = 0; j < mean.length; j++) mean[j]! += v[j]!;
    let norm = 0;
    for (let j = 0; j < mean.length; j++) norm += mean[j]! * mean[j]!;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < mean.length; j++) mean[j]! /= norm;
    return mean;
  }

  /** The photos the filters allow, or undefined for no filter. */
  async allowed(filters: SearchFilters): Promise<PhotoSet | undefined> {
    const { from, to, camera, place, folder, kind } = filters;
    if (!from && !to && !camera && !place && !folder && !kind) return undefined;
    const facts = this.photoFacts();
    const set = facts.all();
    if (from || to) {
      const lo = from ? dateBound(from, 'from') : undefined;
      const hi = to ? dateBound(to, 'to') : undefined;
      if (from && lo === undefined) throw fail('search.bad_date', { date: from });
      if (to && hi === undefined) throw fail('search.bad_date', { date: to });
      facts.keepDays(set, lo, hi);
    }
    if (camera?.trim()) facts.keepCamera(set, camera);
    if (kind) facts.keepKind(set, kind);
    if (folder?.trim()) facts.keepIds(set, this.folderPhotos(folder));
    if (place?.trim()) {
      const { keep } = await this.placeSet(place);
      for (let id = 0; id < set.length; id++) if (set[id] && !keep[id]) set[id] = 0;
    }
    return set;
  }

  /** The places that occur in the library (cities, then regions, then countries; most photos first). */
  async libraryPlaces(): Promise<LibraryPlace[]> {
    // every search asks (the parser's place words): computed once per loaded index
    return (this.places ??= placesIn(this.photoFacts()));
  }

  /**
   * What a place name means (a city, region or country, English or Korean;
   * where the name is ambiguous, the place with most photos in the library)
   * and which photos are in it; kept until the library changes.
   */
  async placeSet(name: string): Promise<{ place: Place; keep: Uint8Array }> {
    const key = name.trim().toLocaleLowerCase('en-US');
    const cached = this.placeSets.get(key);
    if (cached) return cached;
    const gazetteer = await loadGazetteer();
    const facts = this.photoFacts();
    const counts = facts.placeCounts();
    const inLibrary = (m: Place['match']): number =>
      m.cityIds.reduce((n, c) => n + (counts.cities.get(c) ?? 0), 0) +
      m.regions.reduce((n, r) => n + (counts.regions.get(r) ?? 0), 0) +
      m.countries.reduce((n, c) => n + (counts.countries.get(c) ?? 0), 0);
    const place = gazetteer.forward(name, inLibrary)[0];
    if (!place) throw fail('search.unknown_place', { name: name.trim() });
    const keep = facts.all();
    facts.keepPlace(keep, place.match);
    const found = { place, keep };
    this.placeSets.set(key, found);
    return found;
  }

  /** A sorting folder's photos (Unsorted too), else a photo folder's (by path or name). */
  private folderPhotos(name: string): number[] {
    if (isUnsortedName(name)) return listPhotos(this.ctx.db, { kind: 'unsorted' }, 'date-desc').ids;
    const category = this.ctx.categories.byName(name);
    if (category) return listPhotos(this.ctx.db, { kind: 'folder', folderId: category.id }, 'date-desc').ids;
    const key = folderNameKey(name);
    const root = this.ctx.settings.roots().find((r) => r === resolve(name) || folderNameKey(basename(r)) === key);
    if (root) return this.ctx.photos.idsUnder(root);
    throw fail('search.unknown_folder', { name });
  }

  /** Sets the index's floors (the relevance cut-off) once per loaded index. */
  private async floors(index: VectorIndex): Promise<void> {
    if (this.floored === index && index.hasFloors) return;
    const scoring = this.active.model.folder.scoring;
    if (scoring.kind === 'sigmoid') index.setFloors([], -scoring.logitBias / scoring.logitScale);
    else index.setFloors(await encodeTexts(this.ctx, this.active, [...BACKGROUND_PROMPTS]));
    this.floored = index;
  }

  /** Filters alone: the photos they allow, newest first. */
  private newestFirst(allowed: PhotoSet, limit: number): SearchOutcome {
    const ids = listPhotos(this.ctx.db, { kind: 'all' }, 'date-desc').ids.filter((id) => allowed[id]);
    const results = ids.slice(0, limit).flatMap((id) => {
      const row = this.ctx.photos.byId(id);
      return row ? [{ photoId: id, path: row.path, score: 0, match: true }] : [];
    });
    return { results, matches: ids.length, considered: ids.length };
  }

  private async embedFile(path: string): Promise<Float32Array> {
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (err) {
      throw fail('search.unreadable_file', { path, detail: (err as Error).message });
    }
    const decoded = await decodePhoto(buf, this.active.model.folder.preprocess);
    const [v] = await this.active.model.embedImages(decoded.pixels, 1);
    return v!;
  }

  private resolve(hits: ScoredPhoto[]): SearchResult[] {
    return hits.flatMap((h) => {
      const row = this.ctx.photos.byId(h.photoId);
      return row ? [{ photoId: h.photoId, path: row.path, score: h.score }] : [];
    });
  }
}
