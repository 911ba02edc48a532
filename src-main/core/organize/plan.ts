/**
 * The preview of an apply: every file operation that would run, decided from
 * the library (a photo's folder is its manual choice, else its automatic one)
 * and from what is already on disk. Reads only; writes nothing.
 */
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { LibraryContext } from '../context.js';
import { hashFile } from '../library/identity.js';
import { fail } from '../util/errors.js';
import { distinctFolderNames, foldKey, numbered, safeFileName } from './safe-names.js';
import { freeBytes, isSymlinkTo, sameDevice, writable } from './fs-ops.js';
import { ORGANIZE_MODES, UNSORTED, isUnsortedName, type OrganizeMode } from '../domain/index.js';


export interface PlanOptions {
  destRoot: string;
  mode: OrganizeMode;
  /** category names to apply; all when absent */
  folders?: string[] | undefined;
  /** also write the photos that are in no folder, into "Unsorted" */
  unsorted?: boolean | undefined;
}

export interface PlannedOp {
  photoId: number;
  source: string;
  dest: string;
  /** the category folder's name on disk */
  folder: string;
  action: OrganizeMode | 'skip' | 'trash';
  reason?: string;
  size: number;
  hash: string | null;
}

export interface PlanFolder {
  category: string;
  folder: string;
  photos: number;
}

export interface ApplyPlan {
  destRoot: string;
  mode: OrganizeMode;
  folders: PlanFolder[];
  ops: PlannedOp[];
  totals: { photos: number; files: number; skipped: number; bytes: number };
  /** bytes the destination's drive must have free (copies; moves to another drive) */
  bytesNeeded: number;
  freeBytes: number;
  /** reasons the apply cannot run; empty when it can */
  problems: string[];
  /** the moved files leave the library (removed duplicates): the destination is not added as a photo folder */
  outsideLibrary?: boolean;
}

export async function planApply(ctx: LibraryContext, opts: PlanOptions): Promise<ApplyPlan> {
  const destRoot = resolve(opts.destRoot);
  const mode = opts.mode;
  if (!ORGANIZE_MODES.includes(mode)) throw fail('organize.bad_mode', { modes: ORGANIZE_MODES.join(', '), mode: String(mode) });
  const problems: string[] = [];
  const roots = ctx.settings.roots();

  const cats = ctx.categories.list();
  const names = distinctFolderNames([...cats.map((c) => c.name), UNSORTED]);
  const folderOf = new Map<number | null, { category: string; folder: string }>();
  cats.forEach((c, i) => folderOf.set(c.id, { category: c.name, folder: names[i]! }));
  const unsortedFolder = { category: UNSORTED, folder: names.at(-1)! };

  let chosen: Set<number | null>;
  if (opts.folders && opts.folders.length > 0) {
    chosen = new Set();
    for (const name of opts.folders) {
      const c = ctx.categories.byName(name.trim());
      if (c) chosen.add(c.id);
      else if (isUnsortedName(name)) chosen.add(null);
      else throw fail('organize.no_such_category', { name });
    }
  } else {
    chosen = new Set(cats.map((c) => c.id));
  }
  if (opts.unsorted) chosen.add(null);
  if (chosen.size === 0) {
    throw fail('organize.no_categories');
  }

  if (isInside(destRoot, ctx.dir) || isInside(ctx.dir, destRoot)) {
    problems.push(`The destination ${destRoot} overlaps Shoebox's own library folder ${ctx.dir}: choose another folder.`);
  }

  const byFolder = new Map<string, PlanFolder>();
  const ops: PlannedOp[] = [];
  /** names taken in each destination folder by this plan, case-folded, with the bytes they will hold */
  const taken = new Map<string, string | null>();
  const destDeviceCache = new Map<string, boolean>();
  const insideRootWarned = new Set<string>();

  for (const a of ctx.categories.assignments()) {
    if (!chosen.has(a.categoryId)) continue;
    const target = a.categoryId === null ? unsortedFolder : folderOf.get(a.categoryId);
    if (!target) continue;
    const row = ctx.photos.byId(a.photoId);
    if (!row) continue;
    const folderDir = join(destRoot, target.folder);
    const pf = byFolder.get(target.folder) ?? { category: target.category, folder: target.folder, photos: 0 };
    byFolder.set(target.folder, pf);
    pf.photos++;

    // Copies and links inside a library folder would be indexed as new photos of the library, again and again.
    if (mode !== 'move') {
      const root = roots.find((r) => isInside(folderDir, r));
      if (root && !insideRootWarned.has(root)) {
        insideRootWarned.add(root);
        problems.push(
          `The destination ${folderDir} is inside the library folder ${root}: ${mode === 'copy' ? 'copies' : 'links'} there would be indexed as more photos. Choose a folder outside your photo folders, or use --mode move.`,
        );
      }
    }

    const base: Omit<PlannedOp, 'dest' | 'action'> = { photoId: row.id, source: row.path, folder: target.folder, size: row.size, hash: row.hash };
    if (row.offline || !existsSync(row.path)) {
      ops.push({ ...base, dest: join(folderDir, basename(row.path)), action: 'skip', reason: 'The photo is not there now (drive offline, or deleted).' });
      continue;
    }
    if (mode === 'hardlink') {
      let same = destDeviceCache.get(dirname(row.path));
      if (same === undefined) {
        same = await sameDevice(row.path, destRoot);
        destDeviceCache.set(dirname(row.path), same);
      }
      if (!same) {
        ops.push({ ...base, dest: join(folderDir, basename(row.path)), action: 'skip', reason: 'A hard link needs the photo and the destination on the same drive.' });
        continue;
      }
    }

    const name = safeFileName(basename(row.path));
    const hash = row.hash ?? (await hashFile(row.path));
    base.hash = hash;
    let decided: PlannedOp | undefined;
    for (let n = 0; !decided; n++) {
      const candidate = join(folderDir, n === 0 ? name : numbered(name, n));
      const key = foldKey(candidate);
      if (candidate === row.path) {
        decided = { ...base, dest: candidate, action: 'skip', reason: 'Already in place.' };
        break;
      }
      if (taken.has(key)) {
        if (taken.get(key) === hash) decided = { ...base, dest: candidate, action: 'skip', reason: 'The same photo (identical bytes) is already in this folder of the apply.' };
        continue;
      }
      const onDisk = await lstat(candidate).catch(() => undefined);
      if (onDisk) {
        if (mode === 'symlink' && (await isSymlinkTo(candidate, row.path))) {
          decided = { ...base, dest: candidate, action: 'skip', reason: 'Already linked.' };
        } else if (mode !== 'symlink' && onDisk.isFile() && onDisk.size === row.size && (await hashFile(candidate)) === hash) {
          decided = { ...base, dest: candidate, action: 'skip', reason: 'An identical file is already there.' };
        }
        continue; // a different file has that name: never overwrite, try the next number
      }
      taken.set(key, hash);
      decided = { ...base, dest: candidate, action: mode };
    }
    ops.push(decided);
  }

  const acting = ops.filter((o) => o.action !== 'skip');
  let bytesNeeded = 0;
  if (mode === 'copy') bytesNeeded = acting.reduce((s, o) => s + o.size, 0);
  if (mode === 'move') for (const o of acting) if (!(await sameDevice(o.source, destRoot))) bytesNeeded += o.size;
  const free = await freeBytes(destRoot);
  if (bytesNeeded > free) {
    problems.push(`The destination's drive has ${formatBytes(free)} free; this apply needs ${formatBytes(bytesNeeded)}.`);
  }
  if (!(await writable(destRoot))) problems.push(`Shoebox may not write to ${destRoot} (read-only, or no permission).`);

  return {
    destRoot,
    mode,
    folders: [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder)),
    ops,
    totals: {
      photos: ops.length,
      files: acting.length,
      skipped: ops.length - acting.length,
      bytes: acting.reduce((s, o) => s + o.size, 0),
    },
    bytesNeeded,
    freeBytes: free,
    problems,
  };
}

/** True when `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const c = resolve(child);
  const p = resolve(parent);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
