import type { Migration } from './index.js';

/** Photos, models, vectors per (photo, model), category folders and manual choices. */
export const m001_initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL               -- JSON
      );

      CREATE TABLE roots (
        path     TEXT PRIMARY KEY,        -- absolute folder the user added
        added_at INTEGER NOT NULL
      );

      CREATE TABLE photos (
        id          INTEGER PRIMARY KEY,
        path        TEXT NOT NULL UNIQUE, -- absolute
        size        INTEGER NOT NULL,
        mtime_ms    REAL NOT NULL,
        hash        TEXT,                 -- sha256 of the bytes: recognises moves and copies
        width       INTEGER,
        height      INTEGER,
        taken_at    TEXT,                 -- ISO 8601 from EXIF, else NULL
        camera      TEXT,
        lat         REAL,
        lon         REAL,
        orientation INTEGER,
        error       TEXT,                 -- why it could not be indexed; NULL when fine
        indexed_at  INTEGER NOT NULL,
        offline     INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX photos_hash ON photos(hash);

      CREATE TABLE models (
        id   INTEGER PRIMARY KEY,
        key  TEXT NOT NULL UNIQUE,        -- catalog id or absolute folder
        name TEXT NOT NULL,
        dim  INTEGER NOT NULL
      );

      -- One vector per (photo, model): switching models never destroys the old ones.
      CREATE TABLE embeddings (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        vector   BLOB NOT NULL,           -- float32 little-endian, L2-normalised
        PRIMARY KEY (photo_id, model_id)
      ) WITHOUT ROWID;
      CREATE INDEX embeddings_model ON embeddings(model_id);

      -- Cache of encoded category descriptions and queries, per model.
      CREATE TABLE text_vectors (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        text     TEXT NOT NULL,
        vector   BLOB NOT NULL,
        PRIMARY KEY (model_id, text)
      ) WITHOUT ROWID;

      CREATE TABLE categories (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE category_prompts (
        category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        prompt      TEXT NOT NULL,
        PRIMARY KEY (category_id, position)
      ) WITHOUT ROWID;

      -- A person's choice. category_id NULL means "not in any folder" (taken out by hand).
      CREATE TABLE manual_assignments (
        photo_id    INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,
        assigned_at INTEGER NOT NULL
      );

      -- The last automatic sorting; recomputed, never authoritative.
      CREATE TABLE auto_assignments (
        photo_id    INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,
        score       REAL NOT NULL
      );
    `);
  },
};
