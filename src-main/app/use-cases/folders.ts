/**
 * Category folders: the folders photos are sorted into. Create, rename,
 * describe, delete, put photos in by hand or take them out, sort, and the
 * live preview of a folder being edited. Every rule about them is in the core
 * (CategoryStore, core/domain/folders.ts); this is the one place that
 * orchestrates them, for the CLI and the window alike.
 */
import { basename } from 'node:path';
import { LibrarySorting } from '../../core/sorting/sort-library.js';
import { previewFolder } from '../../core/sorting/preview.js';
import { OVERLAP_SIMILARITY, overlapMatrix, suggestionCounts, suggestionsFor, textSimilarity } from '../../core/sorting/suggestions.js';
import { sigmoid } from '../../core/sorting/sorter.js';
import { certaintyOf, folderNameKey } from '../../core/domain/folders.js';
import { isNameOnly } from '../../core/sorting/prompt-ensemble.js';
import { knownPhotoIds } from '../../core/store/photo-views.js';
import { modelSettings } from '../../core/models/active-model.js';
import type { Category, PhotoCorrections } from '../../core/store/categories.js';
import { fail } from '../../core/util/errors.js';
import type { FolderList, FolderOverlap, FolderPreview, FolderSuggestions, PhotoWhy } from '../shapes.js';
import type { AppContext } from '../app-context.js';

/** Where a photo is: for `shoebox sort` and scripts. */
export interface Placement {
  photoId: number;
  path: string;
  folderId: number | null;
  folder: string | null;
  score: number | null;
  /** how sure sorting is of the folder (0..1; 1 for a manual choice) */
  confidence: number | null;
  manual: boolean;
}

/** Stands in for the id of a folder being previewed before it exists. */
const CANDIDATE = -1;

export class Folders {
  private sorting: Promise<unknown> = Promise.resolve();
  private readonly learned: LibrarySorting;
  /** folder id → its suggestions, as of the last sort (or refresh) */
  private suggestionCount = new Map<number, number>();

  constructor(private readonly app: AppContext) {
    this.learned = new LibrarySorting(app.ctx);
  }

  list(): FolderList {
    const { categories, photos } = this.app.ctx;
    const counts = categories.counts();
    const { photos: all, errors } = photos.count();
    return {
      folders: categories.list().map((c) => ({
        id: c.id,
        name: c.name,
        prompts: c.prompts,
        count: counts.get(c.id) ?? 0,
        suggestions: this.suggestionCount.get(c.id) ?? 0,
      })),
      unsorted: counts.get(null) ?? 0,
      all: all - errors,
      errors,
    };
  }

  /** The folder by id (coded not_found when it is gone). */
  get(id: number): Category {
    return this.app.ctx.categories.requireId(id);
  }

  /** The folder by name, as the CLI names them (coded not_found). */
  find(name: string): Category {
    return this.app.ctx.categories.require(name);
  }

  /** A new folder; one created with a name only is described by its name. */
  async create(name: string, prompts: string[]): Promise<FolderList> {
    this.app.ctx.categories.add(name, prompts.length ? prompts : [name]);
    return this.sort();
  }

  /** Renames and/or describes a folder; new descriptions sort again. */
  async update(id: number, change: { name?: string | undefined; prompts?: string[] | undefined }): Promise<FolderList> {
    const before = this.get(id);
    let current = before.name;
    let prompts = change.prompts;
    if (change.name !== undefined && change.name !== current) {
      this.app.ctx.categories.rename(current, change.name);
      current = this.get(id).name;
      // A folder described by its name alone is described by its new name: renamed with no
      // descriptions given, or with its old name given back as one (the editor shows it).
      const sameAsBefore = prompts === undefined || (prompts.length === 1 && folderNameKey(prompts[0]!) === folderNameKey(before.name));
      if (isNameOnly(before) && sameAsBefore) prompts = [current];
    }
    if (prompts !== undefined) {
      this.app.ctx.categories.setPrompts(current, prompts);
      return this.sort();
    }
    return this.notify();
  }

  /**
   * Moves a folder to `position` (1 = first; the first nine have the keys
   * 1–9): the user's order, kept in the library, so a folder keeps its key
   * when another is added or renamed.
   */
  move(id: number, position: number): FolderList {
    this.get(id);
    const max = this.app.ctx.categories.list().length;
    if (!Number.isInteger(position) || position < 1) throw fail('folder.bad_position', { max });
    this.app.ctx.categories.move(id, Math.min(position, max));
    return this.notify();
  }

  /** Deletes the folder, never a photo: its photos are sorted again. */
  async remove(id: number): Promise<FolderList> {
    this.app.ctx.categories.remove(this.get(id).name);
    return this.sort();
  }

  /**
   * By hand: `folderId` null takes the photos out of every folder. Sorting
   * never overrides it, and the folders learn from it (sorted again at once).
   */
  async assign(photoIds: number[], folderId: number | null): Promise<FolderList> {
    this.requirePhotos(photoIds);
    if (folderId !== null) this.get(folderId);
    this.app.ctx.categories.assignManualMany(photoIds, folderId);
    return this.sort();
  }

  /** "Not in this folder", without choosing another: the folder learns from it and never takes these photos. */
  async reject(photoIds: number[], folderId: number): Promise<FolderList> {
    this.requirePhotos(photoIds);
    this.get(folderId);
    this.app.ctx.categories.rejectMany(photoIds, folderId);
    return this.sort();
  }

  /** The photos' corrections as they are, to put back later (undo and redo of a re-filing). */
  corrections(photoIds: number[]): PhotoCorrections[] {
    this.requirePhotos(photoIds);
    return this.app.ctx.categories.correctionsOf(photoIds);
  }

  /** Puts corrections read by `corrections` back exactly; the folders learn from them again. */
  async setCorrections(list: PhotoCorrections[]): Promise<FolderList> {
    this.requirePhotos(list.map((p) => p.id));
    this.app.ctx.categories.setCorrections(list);
    return this.sort();
  }

  /** Forgets the choices made by hand; sorting decides again. */
  async unassign(photoIds: number[]): Promise<FolderList> {
    this.requirePhotos(photoIds);
    this.app.ctx.categories.clearManualMany(photoIds);
    return this.sort();
  }

  /**
   * Sorts every photo again (manual choices stay) and tells the window.
   * Skipped while there is no model or no photo. One sort at a time, each
   * reading the folders when it starts: the last one always reflects the
   * latest folders (a sort started by the indexer cannot overwrite one started by an edit).
   */
  sort(): Promise<FolderList> {
    return this.queued(async () => {
      const { ctx, session } = this.app;
      if (this.canSort()) {
        await this.learned.sort(await session.model(), await session.index());
        this.suggestionCount = suggestionCounts(this.learned.latest!, ctx.categories.corrections());
      }
      return this.notify();
    });
  }

  /** The folders with their suggestion counts brought up to date (a process that has not sorted yet scores once). */
  refresh(): Promise<FolderList> {
    return this.queued(async () => {
      const scored = await this.scored();
      if (scored) this.suggestionCount = suggestionCounts(scored.scores, scored.corrections);
      return this.list();
    });
  }

  /**
   * The photos sorting is least sure about for a folder (near its cut-off,
   * either side), least sure first. Each Yes (`assign`) or No (`reject`) is a
   * correction: the folder learns from it and the list changes.
   */
  suggest(folderId: number, limit = 20): Promise<FolderSuggestions> {
    this.get(folderId);
    return this.queued(async () => {
      const scored = await this.scored();
      if (!scored) return { folderId, suggestions: [], total: 0 };
      const all = suggestionsFor(scored.scores, folderId, scored.corrections);
      this.suggestionCount.set(folderId, all.length);
      const { photos } = this.app.ctx;
      return {
        folderId,
        total: all.length,
        suggestions: all.slice(0, limit).map((s) => ({
          id: s.photoId,
          path: photos.byId(s.photoId)!.path,
          score: round(sigmoid(s.margin)),
          inFolder: s.inFolder,
        })),
      };
    });
  }

  /** The folders' text similarity matrix and the pairs that overlap (photos may go to either). */
  overlap(): Promise<FolderOverlap> {
    return this.queued(async () => {
      const folders = this.app.ctx.categories.list();
      const scored = folders.length > 1 ? await this.scored() : undefined;
      if (!scored) return { folders: folders.map(named), matrix: folders.map((f) => folders.map((g) => (f === g ? 1 : 0))), overlaps: [], threshold: OVERLAP_SIMILARITY };
      const byId = new Map(folders.map((f) => [f.id, f]));
      const { matrix, overlaps } = overlapMatrix(folders.map((f) => ({ id: f.id, prompts: scored.scores.rule(f.id)!.prompts })));
      return {
        folders: folders.map(named),
        matrix: matrix.map((row) => row.map(round)),
        overlaps: overlaps.map((o) => ({ a: named(byId.get(o.a)!), b: named(byId.get(o.b)!), similarity: round(o.similarity) })),
        threshold: OVERLAP_SIMILARITY,
      };
    });
  }

  /** Why a photo is where it is: its folder (or the closest), how sure, and which description or examples decided (null without a model or vector). */
  async why(photoId: number): Promise<PhotoWhy | null> {
    const { ctx, session } = this.app;
    if (!this.canSort()) return null;
    const corrections = ctx.categories.corrections();
    const manual = corrections.manual.get(photoId);
    const names = new Map(ctx.categories.list().map((c) => [c.id, c.name]));
    const nameOf = (id: number): { id: number; name: string } => ({ id, name: names.get(id) ?? '' });
    const photoName = (id: number): string => basename(ctx.photos.byId(id)?.path ?? '');
    if (manual !== undefined) {
      return { folder: manual === null ? null : nameOf(manual), placed: true, manual: true, certainty: 'sure', confidence: 1, decidedBy: 'manual', description: null, examples: [] };
    }
    const reason = await this.queued(async () => this.learned.explain(await session.model(), await session.index(), corrections, photoId));
    if (!reason) return null;
    const { confidence } = reason;
    return {
      folder: nameOf(reason.folderId),
      placed: reason.placed,
      manual: false,
      certainty: certaintyOf(confidence),
      confidence: round(confidence),
      decidedBy: reason.decidedBy,
      description: reason.description,
      examples: reason.examples.map((e) => ({ id: e.photoId, name: photoName(e.photoId), inFolder: e.inFolder })),
    };
  }

  /** Where every photo is now (manual choices first), by path. */
  placements(): Placement[] {
    const { ctx } = this.app;
    const names = new Map(ctx.categories.list().map((c) => [c.id, c.name]));
    return ctx.categories.assignments().map((a) => ({
      photoId: a.photoId,
      path: ctx.photos.byId(a.photoId)!.path,
      folderId: a.categoryId,
      folder: a.categoryId === null ? null : (names.get(a.categoryId) ?? null),
      score: a.score,
      confidence: a.confidence,
      manual: a.manual,
    }));
  }

  /**
   * The photos a folder with these descriptions would take now (nothing is
   * saved), the folders that would lose photos to it, and the folders whose
   * descriptions it overlaps.
   */
  async preview(prompts: string[], folderId?: number): Promise<FolderPreview> {
    const { ctx, session } = this.app;
    const name = folderId !== undefined ? this.get(folderId).name : '';
    const active = await session.model();
    const index = await session.index();
    const corrections = ctx.categories.corrections();
    const id = folderId ?? CANDIDATE;
    const scores = await this.learned.scoresFor(active, index, corrections, { id, name, prompts });
    const hits = previewFolder(scores, id, corrections.manual, corrections.rejected, folderId !== undefined);
    const folders = ctx.categories.list().filter((c) => c.id !== folderId);
    const leaving = new Map<number, number>();
    for (const h of hits) if (h.from !== null && h.from !== id) leaving.set(h.from, (leaving.get(h.from) ?? 0) + 1);
    const mine = scores.rule(id)?.prompts ?? [];
    return {
      hits: hits.map((h) => ({ id: h.photoId, score: h.score })),
      leaving: folders
        .filter((f) => leaving.has(f.id))
        .map((f) => ({ id: f.id, name: f.name, count: leaving.get(f.id)! }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      overlaps: mine.length
        ? folders
            .map((f) => ({ id: f.id, name: f.name, similarity: round(textSimilarity(mine, scores.rule(f.id)?.prompts ?? [])) }))
            .filter((o) => o.similarity >= OVERLAP_SIMILARITY)
            .sort((a, b) => b.similarity - a.similarity)
        : [],
    };
  }

  /** Tells the window the folders' contents or counts changed. */
  notify(): FolderList {
    const list = this.list();
    this.app.events.emit('folders.changed', list);
    return list;
  }

  private canSort(): boolean {
    const { ctx } = this.app;
    return modelSettings(ctx) !== undefined && ctx.photos.count().photos > 0;
  }

  /** Every folder's scores, up to date, with the corrections they were learned from (undefined without a model or photos). */
  private async scored() {
    if (!this.canSort()) return undefined;
    const { ctx, session } = this.app;
    const corrections = ctx.categories.corrections();
    return { scores: await this.learned.scoresFor(await session.model(), await session.index(), corrections), corrections };
  }

  /** One sort or scoring at a time, in order; a failure does not block the next. */
  private queued<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.sorting.then(fn);
    this.sorting = run.catch(() => undefined);
    return run;
  }

  private requirePhotos(ids: number[]): void {
    const known = knownPhotoIds(this.app.ctx.db, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw fail('photo.missing_ids', { ids: missing.slice(0, 5).join(', ') + (missing.length > 5 ? '…' : '') });
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const named = (f: { id: number; name: string }): { id: number; name: string } => ({ id: f.id, name: f.name });
