/**
 * Read-only queries shaped for the window: the photos of one view with their
 * dates, and one photo with its folder. Kept here (not in core/store) because
 * only the app needs these shapes; they read the same tables, never write.
 */
import { basename } from 'node:path';
import type { LibraryContext } from '../core/context.js';
import type { PhotoDetail, PhotoList, PhotoSort, PhotoView } from './contract.js';

/** The folder a photo is in: the manual choice where there is one, else the automatic one. */
const WITH_FOLDER = `
  SELECT p.id AS id, p.taken_at AS takenAt, p.mtime_ms AS mtimeMs,
         CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END AS folderId
  FROM photos p
  LEFT JOIN manual_assignments m ON m.photo_id = p.id
  LEFT JOIN auto_assignments a ON a.photo_id = p.id
  WHERE p.error IS NULL`;

export function listPhotos(ctx: LibraryContext, view: PhotoView, sort: PhotoSort): PhotoList {
  let sql = `SELECT id, takenAt, mtimeMs FROM (${WITH_FOLDER})`;
  const params: number[] = [];
  if (view.kind === 'unsorted') sql += ' WHERE folderId IS NULL';
  else if (view.kind === 'folder') {
    sql += ' WHERE folderId = ?';
    params.push(view.folderId);
  }
  const rows = ctx.db.prepare(sql).raw(true).all(...params) as [number, string | null, number][];
  const keyed = rows.map(([id, takenAt, mtimeMs]) => ({ id, date: photoDate(takenAt, mtimeMs) }));
  const dir = sort === 'date-asc' ? 1 : -1;
  keyed.sort((a, b) => dir * (a.date - b.date) || a.id - b.id);
  return { ids: keyed.map((k) => k.id), dates: keyed.map((k) => k.date) };
}

/** EXIF dates are wall-clock times without a zone: read them as UTC so every zone shows what the camera showed. */
export function photoDate(takenAt: string | null, mtimeMs: number): number {
  if (takenAt) {
    const t = Date.parse(takenAt + 'Z');
    if (Number.isFinite(t)) return t;
  }
  return Math.round(mtimeMs);
}

export function photoDetail(ctx: LibraryContext, id: number): PhotoDetail | undefined {
  const row = ctx.db
    .prepare(
      `SELECT p.id, p.path, p.size, p.width, p.height, p.taken_at AS takenAt, p.camera, p.lat, p.lon, p.offline,
              m.photo_id IS NOT NULL AS manual,
              CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END AS folderId,
              c.name AS folderName
       FROM photos p
       LEFT JOIN manual_assignments m ON m.photo_id = p.id
       LEFT JOIN auto_assignments a ON a.photo_id = p.id
       LEFT JOIN categories c ON c.id = (CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END)
       WHERE p.id = ?`,
    )
    .get(id) as
    | (Omit<PhotoDetail, 'name' | 'folder' | 'manual' | 'offline'> & {
        manual: number;
        offline: number;
        folderId: number | null;
        folderName: string | null;
      })
    | undefined;
  if (!row) return undefined;
  const { folderId, folderName, manual, offline, ...rest } = row;
  return {
    ...rest,
    name: basename(row.path),
    folder: folderId !== null && folderName !== null ? { id: folderId, name: folderName } : null,
    manual: manual === 1,
    offline: offline === 1,
  };
}

/** Which of these ids are photos in the library. */
export function knownPhotoIds(ctx: LibraryContext, ids: number[]): Set<number> {
  const stmt = ctx.db.prepare('SELECT 1 FROM photos WHERE id = ?').pluck();
  return new Set(ids.filter((id) => stmt.get(id) !== undefined));
}
