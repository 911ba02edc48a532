import type { Migration } from './index.js';

/**
 * The folders' order, the user's: keys 1–9 put photos in the first nine
 * folders, so a folder keeps its key when another is added or renamed, and
 * the user may drag them into another order. NULL: not placed yet (a library
 * from before this migration), listed by name before any placed folder until
 * the first change of order or new folder places them all.
 */
export const m009_folder_order: Migration = {
  version: 9,
  name: 'folder-order',
  up(db) {
    db.exec(`ALTER TABLE categories ADD COLUMN position INTEGER;`);
  },
};
