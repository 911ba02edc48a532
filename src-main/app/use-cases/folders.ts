/**
 * Category folders: the folders photos are sorted into. Create, rename,
 * describe, delete, put photos in by hand or take them out, sort, and the
 * live preview of a folder being edited. Every rule about them is in the core
 * (CategoryStore, core/domain/folders.ts); this is the one place that
 * orchestrates them, for the CLI and the window alike.
 */
import { LibrarySorting } from '../../core/sorting/sort-library.js';
import { previewFolder } from '../../core/sorting/preview.js';
import { knownPhotoIds } from '../../core/store/photo-views.js';
import { modelSettings } from '../../core/models/active-model.js';
import type { Category } from '../../core/store/categories.js';
import { fail } from '../../core/util/errors.js';
import type { FolderList, Hit } from '../shapes.js';
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

  constructor(private readonly app: AppContext) {
    this.learned = new LibrarySorting(app.ctx);
  }

  list(): FolderList {
    const { categories, photos } = this.app.ctx;
    const counts = categories.counts();
    const { photos: all, errors } = photos.count();
    return {
      folders: categories.list().map((c) => ({ id: c.id, name: c.name, prompts: c.prompts, count: counts.get(c.id) ?? 0 })),
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
    let current = this.get(id).name;
    if (change.name !== undefined && change.name !== current) {
      this.app.ctx.categories.rename(current, change.name);
      current = this.get(id).name;
    }
    if (change.prompts !== undefined) {
      this.app.ctx.categories.setPrompts(current, change.prompts);
      return this.sort();
    }
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
    const run = this.sorting.then(async () => {
      const { ctx, session } = this.app;
      if (modelSettings(ctx) && ctx.photos.count().photos > 0) {
        await this.learned.sort(await session.model(), await session.index());
      }
      return this.notify();
    });
    this.sorting = run.catch(() => undefined);
    return run;
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

  /** The photos a folder with these descriptions would take now (nothing is saved). */
  async preview(prompts: string[], folderId?: number): Promise<Hit[]> {
    const { ctx, session } = this.app;
    const name = folderId !== undefined ? this.get(folderId).name : '';
    const active = await session.model();
    const index = await session.index();
    const corrections = ctx.categories.corrections();
    const id = folderId ?? CANDIDATE;
    const scores = await this.learned.scoresFor(active, index, corrections, { id, name, prompts });
    const hits = previewFolder(scores, id, corrections.manual, corrections.rejected, folderId !== undefined);
    return hits.map((h) => ({ id: h.photoId, score: h.score }));
  }

  /** Tells the window the folders' contents or counts changed. */
  notify(): FolderList {
    const list = this.list();
    this.app.events.emit('folders.changed', list);
    return list;
  }

  private requirePhotos(ids: number[]): void {
    const known = knownPhotoIds(this.app.ctx.db, ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw fail('photo.missing_ids', { ids: missing.slice(0, 5).join(', ') + (missing.length > 5 ? '…' : '') });
  }
}
