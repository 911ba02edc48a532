/**
 * A library: the folder that holds Shoebox's one SQLite file and its thumbnail
 * cache. This is the composition root of the core: it opens the stores and
 * hands them to the services (indexer, search, sorting) that need them.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openDatabase, type Db, type OpenOptions } from './store/database.js';
import { DB_FILE, backupDue } from './store/backup.js';
import { PhotoStore } from './store/photos.js';
import { VectorStore } from './store/vectors.js';
import { CategoryStore } from './store/categories.js';
import { SettingsStore } from './store/settings.js';
import { FingerprintStore } from './store/fingerprints.js';
import { PlaceStore } from './store/places.js';
import { ThumbStore } from './imaging/thumb-store.js';
import { fail } from './util/errors.js';

export interface LibraryContext {
  dir: string;
  db: Db;
  photos: PhotoStore;
  vectors: VectorStore;
  categories: CategoryStore;
  settings: SettingsStore;
  fingerprints: FingerprintStore;
  places: PlaceStore;
  thumbs: ThumbStore;
}

/** The OS's per-user app-data folder for Shoebox (what Electron's app.getPath('userData') gives). */
export function defaultLibraryDir(env = process.env, platform = process.platform): string {
  if (env.SHOEBOX_LIBRARY) return resolve(env.SHOEBOX_LIBRARY);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Shoebox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Shoebox');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Shoebox');
}

/**
 * Opens (or creates) the library in `dirArg`. Its database is checked first
 * (store/database.ts): a damaged or emptied one is refused with a coded error
 * that names the newest good backup, and is never written to.
 */
export function openLibrary(dirArg: string, opts: OpenOptions = {}): LibraryContext {
  const dir = resolve(dirArg);
  const file = join(dir, DB_FILE);
  let db: Db;
  try {
    mkdirSync(dir, { recursive: true });
    // SQLite needs to write beside its file (the journal), even to read: say so plainly rather than "unable to open database file".
    if (!writable(dir) || (existsSync(file) && !writable(file))) throw fail('library.read_only', { dir });
    // Every page is read once a day, before the daily backup (app/use-cases/backups.ts): a backup is only taken of a sound file.
    db = openDatabase(file, undefined, { check: opts.check ?? (backupDue(dir) ? 'full' : 'quick') });
  } catch (err) {
    if (!writable(nearestExisting(dir)) || (existsSync(file) && !writable(file))) throw fail('library.read_only', { dir });
    throw err;
  }
  return { dir, db, ...stores(db), thumbs: new ThumbStore(join(dir, 'thumbs')) };
}

function stores(db: Db): Pick<LibraryContext, 'photos' | 'vectors' | 'categories' | 'settings' | 'fingerprints' | 'places'> {
  return { photos: new PhotoStore(db), vectors: new VectorStore(db), categories: new CategoryStore(db), settings: new SettingsStore(db), fingerprints: new FingerprintStore(db), places: new PlaceStore(db) };
}

/** Opens the library's database again in the same context (after a restore put another file in place). */
export function reopenLibrary(ctx: LibraryContext): void {
  const db = openDatabase(join(ctx.dir, DB_FILE));
  Object.assign(ctx, { db, ...stores(db) });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

export function closeLibrary(ctx: LibraryContext): void {
  ctx.db.close();
}
