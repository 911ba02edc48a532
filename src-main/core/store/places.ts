/**
 * Where photos were taken (migration 008): one row per photo with GPS that
 * indexing has looked up (core/places). The place itself is read from the
 * gazetteer by its codes.
 */
import type { Db } from './database.js';

export interface StoredPlace {
  cityId: number | null;
  region: string | null;
  country: string | null;
}

export class PlaceStore {
  constructor(private readonly db: Db) {}

  /** Photos with GPS (readable ones) that have not been looked up yet: [id, lat, lon]. */
  missing(): [number, number, number][] {
    return this.db
      .prepare(
        `SELECT p.id, p.lat, p.lon FROM photos p
         WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL AND p.error IS NULL
           AND NOT EXISTS (SELECT 1 FROM photo_places pp WHERE pp.photo_id = p.id)`,
      )
      .raw(true)
      .all() as [number, number, number][];
  }

  putMany(rows: { photoId: number; place: StoredPlace }[]): void {
    const put = this.db.prepare('INSERT OR REPLACE INTO photo_places (photo_id, city_id, region, country) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const { photoId, place } of rows) put.run(photoId, place.cityId, place.region, place.country);
    })();
  }

  get(photoId: number): StoredPlace | undefined {
    return this.db.prepare('SELECT city_id AS cityId, region, country FROM photo_places WHERE photo_id = ?').get(photoId) as StoredPlace | undefined;
  }

  /** Its GPS may have changed with its bytes: looked up again by the next run. */
  clear(photoId: number): void {
    this.db.prepare('DELETE FROM photo_places WHERE photo_id = ?').run(photoId);
  }

  /** Every readable photo's place: [photo id, city id, region, country]. */
  all(): [number, number | null, string | null, string | null][] {
    return this.db
      .prepare('SELECT pp.photo_id, pp.city_id, pp.region, pp.country FROM photo_places pp JOIN photos p ON p.id = pp.photo_id WHERE p.error IS NULL')
      .raw(true)
      .all() as [number, number | null, string | null, string | null][];
  }
}
