import type { Migration } from './index.js';

/**
 * What finding duplicates needs beside the vectors, computed in indexing's one
 * decode pass: a 16×16 grey picture of each photo (the pixel check that
 * confirms a near-duplicate the CLIP vectors proposed), the sharpness of the
 * decoded picture (which shot of a burst to keep) and the file's real format
 * (an original over a re-encode). And the groups a person said are not
 * duplicates, by content hash so they survive moves and re-indexing.
 *
 * Numbered 006: 004 and 005 are taken by work on other branches. The runner
 * applies migrations in list order and skips those at or below the library's
 * version, so it does not need the numbers contiguous.
 */
export const m006_photo_fingerprints: Migration = {
  version: 6,
  name: 'photo-fingerprints',
  up(db) {
    db.exec(`
      CREATE TABLE photo_fingerprints (
        photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        grey      BLOB NOT NULL,           -- 16×16 8-bit grey, row-major: the whole picture squeezed to a square
        sharpness REAL NOT NULL,           -- variance of the Laplacian of the decoded picture (short side 320 px)
        format    TEXT NOT NULL            -- what the bytes are: jpeg, png, webp, heif, …
      );

      -- "Not duplicates" (or "not similar shots"): one row per pair of contents, hash_a < hash_b (or equal for exact copies).
      CREATE TABLE duplicate_dismissals (
        kind         TEXT NOT NULL,        -- 'duplicates' | 'similar'
        hash_a       TEXT NOT NULL,
        hash_b       TEXT NOT NULL,
        dismissed_at INTEGER NOT NULL,
        PRIMARY KEY (kind, hash_a, hash_b)
      ) WITHOUT ROWID;
    `);
  },
};
