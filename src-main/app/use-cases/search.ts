/** Search by words and "more like this photo", over the library's current model. */
import { fail } from '../../core/util/errors.js';
import type { AppContext } from '../app-context.js';

export interface SearchHit {
  id: number;
  path: string;
  score: number;
}

export class Search {
  constructor(private readonly app: AppContext) {}

  /** Photos that match a description, best first. */
  async text(query: string, limit: number): Promise<SearchHit[]> {
    const searcher = await this.app.session.searcher();
    return (await searcher.byText(query, limit)).map((r) => ({ id: r.photoId, path: r.path, score: r.score }));
  }

  /** Photos that look like a photo: one in the library (by id), or any image file (by path). */
  async similar(target: { id: number } | { path: string }, limit: number): Promise<SearchHit[]> {
    if ('id' in target && !this.app.ctx.photos.byId(target.id)) throw fail('photo.missing_id', { id: target.id });
    const searcher = await this.app.session.searcher();
    const results = await searcher.similar('id' in target ? { photoId: target.id } : { path: target.path }, limit);
    return results.map((r) => ({ id: r.photoId, path: r.path, score: r.score }));
  }
}
