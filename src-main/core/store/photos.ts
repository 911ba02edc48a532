/** Queries on the photos table. Paths are absolute. */
import type { Db } from './database.js';

export interface PhotoRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  hash: string | null;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  orientation: number | null;
  error: string | null;
  indexed_at: number;
  offline: number;
}

export interface PhotoFacts {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string | null;
  width?: number | null | undefined;
  height?: number | null | undefined;
  takenAt?: string | null | undefined;
  camera?: string | null | undefined;
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  orientation?: number | null | undefined;
  error?: string | null | undefined;
}

export class PhotoStore {
  constructor(private readonly db: Db) {}

  byPath(path: string): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE path = ?').get(path) as PhotoRow | undefined;
  }

  byId(id: number): PhotoRow | undefined {
    return this.db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as PhotoRow | undefined;
  }

  byHash(hash: string): PhotoRow[] {
    return this.db.prepare('SELECT * FROM photos WHERE hash = ?').all(hash) as PhotoRow[];
  }

  /** Every photo (path, size, mtime) under a folder, for incremental scans; at most `limit` of them when given. */
  under(root: string, limit = -1): PhotoRow[] {
    const prefix = folderPrefix(root);
    return this.db.prepare('SELECT * FROM photos WHERE substr(path, 1, length(?)) = ? LIMIT ?').all(prefix, prefix, limit) as PhotoRow[];
  }

  /** Ids of the photos under a folder. */
  idsUnder(root: string): number[] {
    const prefix = folderPrefix(root);
    return this.db.prepare('SELECT id FROM photos WHERE substr(path, 1, length(?)) = ?').pluck().all(prefix, prefix) as number[];
  }

  /** What search filters read of every readable photo: id, taken_at, camera, lat, lon, width, height. */
  searchFacts(): [number, string | null, string | null, number | null, number | null, number | null, number | null][] {
    return this.db
      .prepare('SELECT id, taken_at, camera, lat, lon, width, height FROM photos WHERE error IS NULL')
      .raw(true)
      .all() as [number, string | null, string | null, number | null, number | null, number | null, number | null][];
  }

  /** Marks every photo under a folder as on an absent drive (or back). */
  setFolderOffline(root: string, offline: boolean): number {
    const prefix = folderPrefix(root);
    return this.db
      .prepare('UPDATE photos SET offline = ? WHERE substr(path, 1, length(?)) = ? AND offline != ?')
      .run(offline ? 1 : 0, prefix, prefix, offline ? 1 : 0).changes;
  }

  all(): PhotoRow[] {
    return this.db.prepare('SELECT * FROM photos ORDER BY path').all() as PhotoRow[];
  }

  count(): { photos: number; errors: number } {
    return this.db
      .prepare('SELECT count(*) AS photos, count(error) AS errors FROM photos')
      .get() as { photos: number; errors: number };
  }

  errors(): { path: string; error: string }[] {
    return this.db
      .prepare('SELECT path, error FROM photos WHERE error IS NOT NULL ORDER BY path')
      .all() as { path: string; error: string }[];
  }

  /** Inserts or replaces what we know about the file at `path`; returns its id (kept when it existed). */
  upsert(f: PhotoFacts): number {
    const row = this.db
      .prepare(
        `INSERT INTO photos (path, size, mtime_ms, hash, width, height, taken_at, camera, lat, lon, orientation, error, indexed_at, offline)
         VALUES (@path, @size, @mtimeMs, @hash, @width, @height, @takenAt, @camera, @lat, @lon, @orientation, @error, @now, 0)
         ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
           width = excluded.width, height = excluded.height, taken_at = excluded.taken_at, camera = excluded.camera,
           lat = excluded.lat, lon = excluded.lon, orientation = excluded.orientation, error = excluded.error,
           indexed_at = excluded.indexed_at, offline = 0
         RETURNING id`,
      )
      .get({
        width: null,
        height: null,
        takenAt: null,
        camera: null,
        lat: null,
        lon: null,
        orientation: null,
        error: null,
        ...f,
        now: Date.now(),
      }) as { id: number };
    return row.id;
  }

  /** A file moved or was renamed: keep its id, so vectors and manual choices follow it. */
  move(id: number, newPath: string, mtimeMs: number): void {
    this.db.prepare('UPDATE photos SET path = ?, mtime_ms = ?, offline = 0 WHERE id = ?').run(newPath, mtimeMs, id);
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM photos WHERE id = ?').run(id);
  }

  /** Forgets these photos (their vectors and choices go with them), all or none. */
  removeMany(ids: number[]): void {
    this.db.transaction(() => ids.forEach((id) => this.remove(id)))();
  }
}

/** "/a/b" → "/a/b/", so "/a/bc/x.jpg" is not under "/a/b". */
function folderPrefix(root: string): string {
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return root.endsWith(sep) ? root : root + sep;
}
