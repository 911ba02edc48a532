import type { Migration } from './index.js';

/**
 * The journal of file operations that write category folders to disk.
 * A row is written (and flushed) before its operation starts and marked done
 * after, so an interrupted batch can be rolled back (apply) or finished (undo)
 * on the next start. The file system is the truth during recovery: the journal
 * says which files may have been touched, the bytes (sha256) say what to do.
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
        state       TEXT NOT NULL,            -- running | done | cancelled | failed | rolled_back | undone
        owner_pid   INTEGER,                  -- the process running it (a live owner is never "recovered")
        owner_host  TEXT,
        added_root  INTEGER NOT NULL DEFAULT 0, -- a move made dest_root a library folder
        message     TEXT,                     -- why it stopped, or what recovery did
        started_at  INTEGER NOT NULL,
        finished_at INTEGER
      );

      CREATE TABLE apply_ops (
        id        INTEGER PRIMARY KEY,
        batch_id  INTEGER NOT NULL REFERENCES apply_batches(id) ON DELETE CASCADE,
        seq       INTEGER NOT NULL,
        photo_id  INTEGER REFERENCES photos(id) ON DELETE SET NULL,
        action    TEXT NOT NULL,              -- apply: copy | move | hardlink | symlink | skip; undo: unlink | move
        source    TEXT NOT NULL,
        dest      TEXT NOT NULL,
        temp      TEXT,                       -- temporary name used while copying
        hash      TEXT,                       -- sha256 of the bytes
        size      INTEGER,
        state     TEXT NOT NULL,              -- planned | started | done | rolled_back | failed | kept
        reason    TEXT
      );
      CREATE INDEX apply_ops_batch ON apply_ops(batch_id, seq);
    `);
  },
};
