/**
 * Photo folders: the places the user's photos live, which the library indexes
 * and watches. Adding one indexes it (in the background in the app); removing
 * one forgets what the library knew of its photos and leaves the files as they are.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail } from '../../core/util/errors.js';
import { isInside } from '../../core/library/scan.js';
import type { AppContext } from '../app-context.js';

export class PhotoFolders {
  constructor(private readonly app: AppContext) {}

  list(): string[] {
    return this.app.ctx.settings.roots();
  }

  /** Adds a photo folder (an existing directory); the app starts indexing it. */
  add(pathArg: string): string {
    const path = resolve(pathArg);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw existsSync(path) ? fail('root.not_a_folder', { path }) : fail('root.missing', { path });
    // The library's thumbnails would be indexed as photos, making more thumbnails without end. (A photo folder
    // that holds the library folder is fine: the scan skips the library.)
    const library = this.app.ctx.dir;
    if (isInside(path, library) || isInside(real(path), real(library))) throw fail('root.inside_library', { path, library });
    this.app.ctx.settings.addRoot(path);
    this.app.rootsChanged();
    return path;
  }

  /** Forgets a folder and what Shoebox knew of its photos; the photos on disk stay as they are. */
  remove(pathArg: string): void {
    const { ctx } = this.app;
    const path = resolve(pathArg);
    if (!ctx.settings.roots().includes(path)) throw fail('root.not_in_library', { path });
    ctx.settings.removeRoot(path);
    const others = ctx.settings.roots();
    // A photo also under another photo folder (one inside the other) stays.
    const leaving = ctx.photos.under(path).filter((r) => !others.some((o) => r.path.startsWith(o + '/') || r.path.startsWith(o + '\\')));
    // Hand corrections are kept by content: re-adding the folder brings them back with the photos.
    ctx.categories.keepCorrections(leaving);
    const gone = leaving.map((r) => r.id);
    ctx.photos.removeMany(gone);
    const index = this.app.session.loadedIndex();
    if (index) for (const id of gone) index.delete(id);
    this.app.rootsChanged();
    this.app.events.emit('folders.changed', this.app.folders.list());
  }
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
