/**
 * Finds photo files under the user's folders. Hidden and system folders are
 * skipped, symlinked folders are followed once (loops are detected), and
 * unreadable entries are passed over silently: they are not photos we can use.
 */
import { fdir } from 'fdir';
import { extname, basename } from 'node:path';

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

/** All photo files under `root`, absolute paths, sorted for a stable order. */
export async function scanFolder(root: string): Promise<string[]> {
  const files = await new fdir()
    .withFullPaths()
    .withSymlinks({ resolvePaths: false })
    .exclude((dirName) => isSkippedDir(dirName))
    .filter((path, isDirectory) => !isDirectory && isPhotoPath(path))
    .crawl(root)
    .withPromise();
  return files.sort();
}
