/**
 * Read-only views of the photos as the window shows them: the photos of one
 * view with their dates, one photo with its folder, the unreadable ones.
 */
import { basename } from 'node:path';
import type { Db } from './database.js';

export type PhotoView = { kind: 'all' } | { kind: 'unsorted' } | { kind: 'folder'; folderId: number };
export type PhotoSort = 'date-desc' | 'date-asc';

export interface PhotoList {
  ids: number[];
  /** when each photo was taken (ms, local wall-clock as UTC), or its file time when the camera did not say */
  dates: number[];
  /** each photo's displayed width / height (after EXIF orientation), 3 decimals; 1 when unknown: the grid's justified rows */
  ratios: number[];
}

export interface PhotoDetail {
  id: number;
  name: string;
  path: string;
  size: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  /** the file's modification time (ms): the date shown, marked as the file's, when the camera recorded none */
  fileTime: number;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  folder: { id: number; name: string } | null;
  manual: boolean;
  offline: boolean;
}

/** What names a photo to a screen reader: its file name and its date (as the grid files it). */
export interface PhotoLabel {
  id: number;
  name: string;
  /** as PhotoList's dates: taken, or the file time */
  date: number;
  /** true when the date is the file's time (the camera did not say) */
  fileDate: boolean;
}

export interface PhotoError {
  id: number;
  path: string;
  error: string;
}

/** The folder a photo is in: the manual choice where there is one, else the automatic one. */
const WITH_FOLDER = `
  SELECT p.id AS id, p.taken_at AS takenAt, p.mtime_ms AS mtimeMs, p.width AS width, p.height AS height,
         CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END AS folderId
  FROM photos p
  LEFT JOIN manual_assignments m ON m.photo_id = p.id
  LEFT JOIN auto_assignments a ON a.photo_id = p.id
  WHERE p.error IS NULL`;

export function listPhotos(db: Db, view: PhotoView, sort: PhotoSort): PhotoList {
  let sql = `SELECT id, takenAt, mtimeMs, width, height FROM (${WITH_FOLDER})`;
  const params: number[] = [];
  if (view.kind === 'unsorted') sql += ' WHERE folderId IS NULL';
  else if (view.kind === 'folder') {
    sql += ' WHERE folderId = ?';
    params.push(view.folderId);
  }
  const rows = db.prepare(sql).raw(true).all(...params) as [number, string | null, number, number | null, number | null][];
  const keyed = rows.map(([id, takenAt, mtimeMs, width, height]) => ({ id, date: photoDate(takenAt, mtimeMs), ratio: aspectRatio(width, height) }));
  const dir = sort === 'date-asc' ? 1 : -1;
  keyed.sort((a, b) => dir * (a.date - b.date) || a.id - b.id);
  return { ids: keyed.map((k) => k.id), dates: keyed.map((k) => k.date), ratios: keyed.map((k) => k.ratio) };
}

/** A photo's displayed width / height (stored sizes are after EXIF orientation), 3 decimals; 1 when unknown. */
export function aspectRatio(width: number | null, height: number | null): number {
  if (!width || !height || width <= 0 || height <= 0) return 1;
  return Math.round((width / height) * 1000) / 1000;
}

/** The aspect ratios of the given photos, in their order (1 for an unknown id): search results lay out like the views. */
export function photoRatios(db: Db, ids: number[]): number[] {
  const stmt = db.prepare('SELECT width, height FROM photos WHERE id = ?');
  return ids.map((id) => {
    const r = stmt.get(id) as { width: number | null; height: number | null } | undefined;
    return r ? aspectRatio(r.width, r.height) : 1;
  });
}

/** The labels of the given photos (unknown ids are left out). */
export function photoLabels(db: Db, ids: number[]): PhotoLabel[] {
  const stmt = db.prepare('SELECT id, path, taken_at AS takenAt, mtime_ms AS mtimeMs FROM photos WHERE id = ?');
  const out: PhotoLabel[] = [];
  for (const id of ids) {
    const r = stmt.get(id) as { id: number; path: string; takenAt: string | null; mtimeMs: number } | undefined;
    if (!r) continue;
    const taken = r.takenAt !== null && Number.isFinite(Date.parse(r.takenAt + 'Z'));
    out.push({ id: r.id, name: basename(r.path), date: photoDate(r.takenAt, r.mtimeMs), fileDate: !taken });
  }
  return out;
}

/** EXIF dates are wall-clock times without a zone: read them as UTC so every zone shows what the camera showed. */
export function photoDate(takenAt: string | null, mtimeMs: number): number {
  if (takenAt) {
    const t = Date.parse(takenAt + 'Z');
    if (Number.isFinite(t)) return t;
  }
  return Math.round(mtimeMs);
}

export function photoDetail(db: Db, id: number): PhotoDetail | undefined {
  const row = db
    .prepare(
      `SELECT p.id, p.path, p.size, p.width, p.height, p.taken_at AS takenAt, p.mtime_ms AS fileTime, p.camera, p.lat, p.lon, p.offline,
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
export function knownPhotoIds(db: Db, ids: number[]): Set<number> {
  const stmt = db.prepare('SELECT 1 FROM photos WHERE id = ?').pluck();
  return new Set(ids.filter((id) => stmt.get(id) !== undefined));
}

/** The photos that could not be read, with why. */
export function unreadablePhotos(db: Db): PhotoError[] {
  return db.prepare('SELECT id, path, error FROM photos WHERE error IS NOT NULL ORDER BY path').all() as PhotoError[];
}
