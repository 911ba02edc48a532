/** The duplicate groups of a library, read from its store (photos, fingerprints, the active model's int8 codes). */
import type { LibraryContext } from '../context.js';
import { INDEX_CODES_SQL } from '../store/vectors.js';
import { isInside } from '../organize/index.js';
import { findGroups, type DupPhoto, type FindOptions, type Group } from './groups.js';

interface Row {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  hash: string;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  camera: string | null;
  grey: Buffer | null;
  sharpness: number | null;
  format: string | null;
}

/** Photos that can be compared: read without error, on a drive that is here, with a content hash. */
export function duplicateCandidates(ctx: LibraryContext): DupPhoto[] {
  const rows = ctx.db
    .prepare(
      `SELECT p.id, p.path, p.size, p.mtime_ms, p.hash, p.width, p.height, p.taken_at, p.camera, f.grey, f.sharpness, f.format
       FROM photos p LEFT JOIN photo_fingerprints f ON f.photo_id = p.id
       WHERE p.error IS NULL AND p.offline = 0 AND p.hash IS NOT NULL ORDER BY p.id`,
    )
    .all() as Row[];
  // Only what is in the photo folders: a copy resolve moved out stays known (for undo) but is no longer a duplicate.
  const roots = ctx.settings.roots();
  return rows.filter((r) => roots.some((root) => isInside(r.path, root))).map((r) => ({
    id: r.id, path: r.path, size: r.size, mtimeMs: r.mtime_ms, hash: r.hash, width: r.width, height: r.height,
    takenAt: r.taken_at, camera: r.camera, grey: r.grey, sharpness: r.sharpness, format: r.format,
  }));
}

export function findLibraryGroups(ctx: LibraryContext, model: { id: number; dim: number } | undefined, opts: FindOptions = {}): Group[] {
  const photos = duplicateCandidates(ctx);
  const codes = new Map<number, Uint8Array>();
  if (model) {
    const stmt = ctx.db.prepare(INDEX_CODES_SQL).raw(true);
    for (const [id, c] of stmt.iterate(model.id) as Iterable<[number, Buffer]>) codes.set(id, c);
  }
  return findGroups(
    { photos, codes, dim: model?.dim ?? 1, dismissed: { duplicates: ctx.fingerprints.dismissed('duplicates'), similar: ctx.fingerprints.dismissed('similar') } },
    opts,
  );
}
