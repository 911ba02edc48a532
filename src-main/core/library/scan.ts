/**
 * Finds photo files under the user's folders. Hidden and system folders are
 * skipped, and so are the folders named in `exclude` (the library folder:
 * its thumbnails are not photos). Symlinked folders are followed once (loops
 * are detected), and a file reached through a link whose real place is
 * scanned anyway (a loop such as `sub/loop -> ..`, or a link to another part
 * of the library's folders) is listed once, at its real path. Unreadable
 * entries are passed over silently: they are not photos we can use.
 */
import { fdir } from 'fdir';
import { realpath } from 'node:fs/promises';
import { extname, basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';

export const PHOTO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.avif', '.gif', '.tif', '.tiff', '.heic', '.heif',
]);

/** Folders that hold no user photos, or copies the OS or a NAS makes of them. */
const SYSTEM_DIRS = new Set([
  '$recycle.bin', 'system volume information', '@eadir', 'lost+found', 'node_modules',
  '.trash', '.trashes', '.spotlight-v100', '.fseventsd', '.thumbnails', '#recycle', '__macosx',
]);

export function isPhotoPath(path: string): boolean {
  const name = basename(path);
  return !name.startsWith('.') && PHOTO_EXTENSIONS.has(extname(name).toLowerCase());
}

export function isSkippedDir(name: string): boolean {
  return name.startsWith('.') || SYSTEM_DIRS.has(name.toLowerCase()) || name.toLowerCase().endsWith('.photoslibrary');
}

/** Whether `child` is `parent` or lies inside it (absolute paths). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface ScanOptions {
  /** folders never scanned, nor anything inside them (the library folder) */
  exclude?: readonly string[] | undefined;
  /** every photo folder of the library: a file whose real place is under one of them is listed there only */
  roots?: readonly string[] | undefined;
}

/** All photo files under `root`, absolute paths, sorted for a stable order. */
export async function scanFolder(root: string, opts: ScanOptions = {}): Promise<string[]> {
  const exclude = (opts.exclude ?? []).map((p) => resolve(p));
  const files = await new fdir()
    .withFullPaths()
    .withSymlinks({ resolvePaths: false })
    .exclude((dirName, dirPath) => isSkippedDir(dirName) || exclude.some((e) => isInside(resolve(dirPath), e)))
    .filter((path, isDirectory) => !isDirectory && isPhotoPath(path))
    .crawl(root)
    .withPromise();
  files.sort();

  // Real places of the roots and excluded folders, to see where a linked folder really is.
  const real = async (p: string): Promise<string> => realpath(p).catch(() => p);
  const roots = [...new Set([...(opts.roots ?? []), root].map((p) => resolve(p)))];
  const realRoots = await Promise.all(roots.map(async (r) => ({ root: r, real: await real(r) })));
  realRoots.sort((a, b) => b.real.length - a.real.length); // the innermost root first
  const realExcluded = await Promise.all(exclude.map(real));
  const realDirs = new Map<string, string>();
  const out: string[] = [];
  for (const file of files) {
    const dir = dirname(file);
    let realDir = realDirs.get(dir);
    if (realDir === undefined) realDirs.set(dir, (realDir = await real(dir)));
    const realFile = join(realDir, basename(file));
    if (realExcluded.some((e) => isInside(realFile, e))) continue; // a link into the library folder
    const home = realRoots.find((r) => isInside(realFile, r.real));
    if (home) {
      const rel = relative(home.real, realFile);
      const canonical = join(home.root, rel);
      const visible = !rel.split(sep).slice(0, -1).some(isSkippedDir) && !exclude.some((e) => isInside(canonical, e));
      if (canonical !== file && visible) continue; // the same file, listed at its own path
    }
    out.push(file);
  }
  return out;
}
