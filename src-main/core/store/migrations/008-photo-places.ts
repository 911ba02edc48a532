import type { Migration } from './index.js';

/**
 * Where each photo with GPS was taken, reverse-geocoded at index time
 * (core/places/gazetteer.ts): its city (GeoNames id), region (GeoNames admin1
 * code, "KR.10") and country (ISO 3166-1 alpha-2). Any of the three may be
 * NULL (far from every city; at sea); the row itself says "looked up", so a
 * photo is geocoded once. Photos indexed before 008 already have their GPS in
 * `photos`: the next index run fills this table from it (nothing is re-read).
 */
export const m008_photo_places: Migration = {
  version: 8,
  name: 'photo-places',
  up(db) {
    db.exec(`
      CREATE TABLE photo_places (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        city_id  INTEGER,                  -- GeoNames id of the city it is in or nearest to
        region   TEXT,                     -- GeoNames admin1 code: country.code
        country  TEXT                      -- ISO 3166-1 alpha-2
      );
    `);
  },
};
