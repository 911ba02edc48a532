/** Text search and "find similar", over the active model's vectors. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import { decodePhoto } from '../imaging/decode.js';
import { loadIndex } from './load-index.js';
import type { ScoredPhoto, VectorIndex } from './vector-index.js';
import { fail } from '../util/errors.js';

export interface SearchResult {
  photoId: number;
  path: string;
  score: number;
}

export class Searcher {
  private index: VectorIndex | undefined;

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
    }
    return this.index;
  }

  async byText(query: string, limit: number): Promise<SearchResult[]> {
    const q = query.trim();
    if (!q) throw fail('search.empty_query');
    const [v] = await this.active.model.embedTexts([q]);
    return this.resolve(this.vectors().search(v!, limit));
  }

  /** Photos that look like a photo: one in the library (by id or path), or any image file. */
  async similar(target: { photoId: number } | { path: string }, limit: number): Promise<SearchResult[]> {
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
    return this.resolve(index.search(v, limit, id));
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
