import type { Migration } from './index.js';

/**
 * Folders that learn (docs/SORTING.md). A person's corrections are the
 * examples: photos put in a folder by hand (manual_assignments) are its
 * positives; `folder_rejections` holds its negatives, the photos a person
 * said are not in it (`shoebox reject`, a "No" to a suggestion, or a photo
 * moved out of the folder it was in). They are photos, not vectors, so a
 * model switch re-learns from the same corrections.
 *
 * auto_assignments gains how sure sorting was of each automatic decision
 * (0..1; NULL for rows written before this version, until the next sort).
 */
export const m005_folder_learning: Migration = {
  version: 5,
  name: 'folder-learning',
  up(db) {
    db.exec(`
      CREATE TABLE folder_rejections (
        category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        photo_id    INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        rejected_at INTEGER NOT NULL,
        PRIMARY KEY (category_id, photo_id)
      ) WITHOUT ROWID;
      CREATE INDEX folder_rejections_photo ON folder_rejections(photo_id);

      ALTER TABLE auto_assignments ADD COLUMN confidence REAL;
    `);
  },
};
