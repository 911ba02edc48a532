import type { Migration } from './index.js';

/**
 * Corrections kept by content. Removing a photo folder forgets its photos,
 * but a person's corrections of them (a folder chosen by hand, a "not in this
 * folder") are kept here keyed by the photo's sha256, so re-adding the folder
 * (or the same file anywhere) restores them when the photo is indexed again.
 * A deleted folder takes its kept corrections with it.
 */
export const m007_kept_corrections: Migration = {
  version: 7,
  name: 'kept-corrections',
  up(db) {
    db.exec(`
      -- category_id NULL: taken out of every folder by hand.
      CREATE TABLE kept_manual (
        hash        TEXT PRIMARY KEY,
        category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,
        kept_at     INTEGER NOT NULL
      );
      CREATE TABLE kept_rejections (
        hash        TEXT NOT NULL,
        category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        kept_at     INTEGER NOT NULL,
        PRIMARY KEY (hash, category_id)
      ) WITHOUT ROWID;
    `);
  },
};
