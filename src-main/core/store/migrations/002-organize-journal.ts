import type { Migration } from './index.js';

/**
 * The journal of file operations that write category folders to disk.
 * A row is written before its operation starts and marked done after, so an
 * interrupted batch can be finished or rolled back on the next start.
 */
export const m002_organize_journal: Migration = {
  version: 2,
  name: 'organize-journal',
  up(db) {
    db.exec(`
      CREATE TABLE apply_batches (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,            -- 'apply' | 'undo'
        mode        TEXT NOT NULL,            -- copy | move | hardlink | symlink
        dest_root   TEXT NOT NULL,
        undoes      INTEGER REFERENCES apply_batches(id),
        state       TEXT NOT NULL,            -- running | done | rolled_back | undone
        started_at  INTEGER NOT NULL,
        finished_at INTEGER
      );

      CREATE TABLE apply_ops (
        id        INTEGER PRIMARY KEY,
        batch_id  INTEGER NOT NULL REFERENCES apply_batches(id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        photo_id  INTEGER REFERENCES photos(id) ON DELETE SET NULL,
        action    TEXT NOT NULL,              -- copy | move | hardlink | symlink | skip
        source    TEXT NOT NULL,
        dest      TEXT NOT NULL,
        temp      TEXT,                       -- temporary name used while copying
        hash      TEXT,                       -- sha256 of the source bytes
        state     TEXT NOT NULL,              -- planned | started | done | rolled_back
        reason    TEXT
      );
      CREATE INDEX apply_ops_batch ON apply_ops(batch_id, seq);
    `);
  },
};
