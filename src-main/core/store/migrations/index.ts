/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction,
 * and `PRAGMA user_version` records the last one applied. Never edit a
 * migration that has shipped: add the next number. Each has a test in
 * test/unit/store/migrations.test.ts.
 */
import type { Database } from 'better-sqlite3';
import { m001_initial } from './001-initial.js';
import { m002_organize_journal } from './002-organize-journal.js';
import { m003_embedding_codes } from './003-embedding-codes.js';
import { m004_root_devices } from './004-root-devices.js';
import { m005_folder_learning } from './005-folder-learning.js';
import { m006_photo_fingerprints } from './006-photo-fingerprints.js';
import { m007_kept_corrections } from './007-kept-corrections.js';
import { m008_photo_places } from './008-photo-places.js';
import { m009_folder_order } from './009-folder-order.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  m001_initial,
  m002_organize_journal,
  m003_embedding_codes,
  m004_root_devices,
  m005_folder_learning,
  m006_photo_fingerprints,
  m007_kept_corrections,
  m008_photo_places,
  m009_folder_order,
];
