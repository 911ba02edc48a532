import type { Migration } from './index.js';

/**
 * The device (file system) each photo folder was on when it was last indexed.
 * A folder found on another device later (the empty mount point of an
 * unplugged drive) is offline, not emptied: its photos and choices are kept.
 * NULL until the folder is first indexed.
 */
export const m004_root_devices: Migration = {
  version: 4,
  name: 'root-devices',
  up(db) {
    db.exec('ALTER TABLE roots ADD COLUMN device TEXT');
  },
};
