/**
 * Resolving groups: keep each group's chosen photo, move the others to the
 * operating system's trash, or out of the library to a folder the user names. The moves are an organize batch (the
 * same journal, file operations, crash recovery and `shoebox undo`), so an
 * interruption at any point loses nothing and undo puts every file back
 * byte-identical. A manual folder choice of a removed copy goes to the kept
 * photo (unless it has its own).
 */
import { basename, join, relative, resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import { fail } from '../util/errors.js';
import { applyPlan, isInside, type ApplyPlan, type PlannedOp, type RunOptions } from '../organize/index.js';
import type { BatchReport } from '../organize/report.js';
import { homeTrash, trashFilesDir, trashFor } from '../organize/trash.js';
import type { Group } from './groups.js';

export interface ResolveChoice {
  group: Group;
  /** the photo to keep (default: the suggested one) */
  keep?: number | undefined;
}

/** `toDir` undefined: to the trash. */
export function planResolve(ctx: LibraryContext, choices: ResolveChoice[], toDir: string | undefined): ApplyPlan {
  if (toDir === undefined) return planTrash(choices);
  const destRoot = resolve(toDir);
  const roots = ctx.settings.roots();
  const inside = roots.find((r) => isInside(destRoot, r));
  if (inside) throw fail('duplicates.dest_in_library', { dest: destRoot, root: inside });
  const ops: PlannedOp[] = [];
  for (const { group, keep } of choices) {
    const keeper = keep ?? group.keep;
    for (const p of group.photos) {
      if (p.id === keeper) continue;
      // Under the destination as under its photo folder, so same-named copies from different folders stay apart.
      const root = roots.find((r) => isInside(p.path, r));
      const rel = root ? relative(root, p.path) : basename(p.path);
      ops.push({ photoId: p.id, source: p.path, dest: join(destRoot, root ? basename(root) : '', rel), folder: '', action: 'move', size: p.size, hash: p.hash });
    }
  }
  const bytes = ops.reduce((s, o) => s + o.size, 0);
  return {
    destRoot, mode: 'move', folders: [], ops, totals: { photos: ops.length, files: ops.length, skipped: 0, bytes },
    bytesNeeded: 0, freeBytes: 0, problems: [], outsideLibrary: true,
  };
}

function planTrash(choices: ResolveChoice[]): ApplyPlan {
  const ops: PlannedOp[] = [];
  for (const { group, keep } of choices) {
    const keeper = keep ?? group.keep;
    for (const p of group.photos) {
      if (p.id === keeper) continue;
      // The name in the trash is settled when the move starts (another file may take it before).
      ops.push({ photoId: p.id, source: p.path, dest: join(trashFilesDir(trashFor(p.path)), basename(p.path)), folder: '', action: 'trash', size: p.size, hash: p.hash });
    }
  }
  const bytes = ops.reduce((s, o) => s + o.size, 0);
  return {
    destRoot: homeTrash(), mode: 'move', folders: [], ops, totals: { photos: ops.length, files: ops.length, skipped: 0, bytes },
    bytesNeeded: 0, freeBytes: 0, problems: [], outsideLibrary: true,
  };
}

/** `plan`: the one a preview showed (planResolve of the same choices). */
export async function resolveGroups(
  ctx: LibraryContext,
  choices: ResolveChoice[],
  toDir: string | undefined,
  opts: RunOptions = {},
  plan: ApplyPlan = planResolve(ctx, choices, toDir),
): Promise<BatchReport> {
  const manual = ctx.categories.manual();
  ctx.db.transaction(() => {
    for (const { group, keep } of choices) {
      const keeper = keep ?? group.keep;
      if (manual.has(keeper)) continue;
      const chosen = group.photos.find((p) => p.id !== keeper && manual.has(p.id));
      if (chosen) ctx.categories.assignManual(keeper, manual.get(chosen.id)!);
    }
  })();
  return applyPlan(ctx, plan, opts);
}
