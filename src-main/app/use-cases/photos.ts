/** The photos as the window and the CLI see them: a view's list, one photo, the unreadable ones, their images. */
import { resolve } from 'node:path';
import { loadGazetteer } from '../../core/places/gazetteer.js';
import { listPhotos, photoDetail, photoLabels, photoRatios, unreadablePhotos, type PhotoLabel } from '../../core/store/photo-views.js';
import { fail } from '../../core/util/errors.js';
import { recognizeMessage } from '../../core/messages/recognize.js';
import type { PhotoDetail, PhotoInfo, PhotoList, PhotoSort, PhotoView, UnreadablePhoto } from '../shapes.js';
import type { Folders } from './folders.js';
import type { AppContext } from '../app-context.js';
import { loadMedia, mediaResponse, type MediaKind, type MediaResponse } from './media.js';

export class Photos {
  constructor(
    private readonly app: AppContext,
    private readonly folders: Pick<Folders, 'why'>,
  ) {}

  list(view: PhotoView, sort: PhotoSort): PhotoList {
    if (view.kind === 'folder') this.app.ctx.categories.requireId(view.folderId);
    return listPhotos(this.app.ctx.db, view, sort);
  }

  /** File name and date of each photo, for the grid's accessible names. */
  labels(ids: number[]): PhotoLabel[] {
    return photoLabels(this.app.ctx.db, ids);
  }

  /** Each photo's width / height, in the order asked (search results are laid out in justified rows too). */
  ratios(ids: number[]): number[] {
    return photoRatios(this.app.ctx.db, ids);
  }

  get(id: number): PhotoDetail {
    const d = photoDetail(this.app.ctx.db, id);
    if (!d) throw fail('photo.missing_id', { id });
    return d;
  }

  /** One photo with why it is in its folder (the window's info panel). */
  async info(id: number): Promise<PhotoInfo> {
    const detail = this.get(id);
    return { ...detail, why: await this.folders.why(id), place: await this.placeOf(id) };
  }

  /** Where a photo was taken in words ("Busan, South Korea"), as indexing looked it up. */
  private async placeOf(id: number): Promise<{ label: string; labelKo: string } | null> {
    const stored = this.app.ctx.places.get(id);
    if (!stored || (stored.cityId === null && stored.country === null)) return null;
    try {
      return (await loadGazetteer()).describe(stored);
    } catch {
      return null; // the coordinates are still shown
    }
  }

  /** The photo at a path (the CLI names photos by path). */
  idOf(path: string): number {
    const abs = resolve(path);
    const row = this.app.ctx.photos.byPath(abs);
    if (!row) throw fail('photo.not_in_library', { path: abs });
    return row.id;
  }

  /** The unreadable photos, each reason with its message code found again (stored as English text), so the window words it in the user's language. */
  unreadable(): UnreadablePhoto[] {
    return unreadablePhotos(this.app.ctx.db).map((e) => ({ ...e, reason: recognizeMessage(e.error) }));
  }

  /**
   * A known photo's thumbnail or full image, by id only, as a transport sends it:
   * a stream (only the bytes of a Range header), headers only for HEAD, 404 when there is none to show.
   */
  async media(kind: MediaKind, id: number, request: { method: string; range?: string | null | undefined } = { method: 'GET' }): Promise<MediaResponse> {
    return mediaResponse(await loadMedia(this.app.ctx, kind, id), request.method, request.range);
  }
}
