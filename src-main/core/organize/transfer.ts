/**
 * The two idempotent moves every apply, undo and recovery is made of. Each
 * looks at what is on disk now and takes the file from wherever an earlier,
 * interrupted attempt left it to the goal, so running it again after a crash
 * at any instant is always right:
 *
 *  - settleMove: the file ends at `to` and no longer at `from`;
 *  - removeRedundant: a copy (or link) is removed, but only while the original
 *    still holds the same bytes, so the last copy of a photo is never deleted.
 */
import { lstat, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashFile } from '../library/identity.js';
import {
  copyToTemp,
  fsyncDir,
  isSymlinkTo,
  removeTemp,
  renameNoClobber,
  sameContent,
  sameDevice,
  type StepHook,
} from './fs-ops.js';

export type MoveOutcome = 'moved' | 'conflict' | 'missing';

async function isFile(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isFile();
  } catch {
    return false;
  }
}

async function cleanTemps(temps: string[]): Promise<void> {
  for (const t of temps) await removeTemp(t);
}

/**
 * Makes the file be at `to` and not at `from`. `tempNearTo` is where a copy
 * to another drive is written first; `temps` lists every temporary name an
 * earlier attempt may have left. Returns 'conflict' (a different file holds
 * `to`; nothing was changed) or 'missing' (the file is at neither place).
 */
export async function settleMove(
  from: string,
  to: string,
  tempNearTo: string,
  temps: string[],
  expectHash: string | null,
  step?: StepHook,
): Promise<MoveOutcome> {
  const atFrom = await isFile(from);
  const atTo = await isFile(to);
  if (atFrom && atTo) {
    if (!(await sameContent(from, to))) return 'conflict';
    // Interrupted after the copy or link was in place: `from` is now redundant.
    await unlink(from);
    await fsyncDir(dirname(from));
    step?.('unlinked');
    await cleanTemps(temps);
    return 'moved';
  }
  if (atTo) {
    await cleanTemps(temps);
    return 'moved';
  }
  if (atFrom) {
    await cleanTemps(temps); // partial copies of an earlier attempt; the file is safe at `from`
    await mkdir(dirname(to), { recursive: true });
    if (await sameDevice(from, to)) {
      await renameNoClobber(from, to, step);
      await fsyncDir(dirname(to));
      await fsyncDir(dirname(from));
      step?.('renamed');
      return 'moved';
    }
    // Another drive: copy, flush, verify by reading back, put in place, and only then delete the source.
    const h = await copyToTemp(from, tempNearTo);
    step?.('temp-written');
    if ((await hashFile(tempNearTo)) !== h) {
      await removeTemp(tempNearTo);
      throw new Error(`The copy of ${from} on the other drive does not match the original; the original is kept.`);
    }
    step?.('temp-verified');
    await renameNoClobber(tempNearTo, to, step);
    await fsyncDir(dirname(to));
    step?.('placed');
    await unlink(from);
    await fsyncDir(dirname(from));
    step?.('unlinked');
    return 'moved';
  }
  // At neither name: a complete, verified temporary copy is the file (the source was deleted after it).
  for (const t of temps) {
    if (expectHash && (await isFile(t)) && (await hashFile(t)) === expectHash) {
      await mkdir(dirname(to), { recursive: true });
      await renameNoClobber(t, to, step);
      await fsyncDir(dirname(to));
      await cleanTemps(temps);
      return 'moved';
    }
  }
  return 'missing';
}

export type RemoveOutcome = 'removed' | 'gone' | 'kept-original-missing' | 'kept-changed';

/** Removes `copy` (a copy, hard link or symlink of `original`) if and only if it is redundant. */
export async function removeRedundant(original: string, copy: string, temps: string[], symlink: boolean): Promise<RemoveOutcome> {
  await cleanTemps(temps);
  let st;
  try {
    st = await lstat(copy);
  } catch {
    return 'gone';
  }
  if (symlink) {
    if (!(await isSymlinkTo(copy, original))) return 'kept-changed';
  } else {
    if (!st.isFile()) return 'kept-changed';
    if (!(await isFile(original))) return 'kept-original-missing';
    if (!(await sameContent(original, copy))) return 'kept-changed';
  }
  await unlink(copy);
  await fsyncDir(dirname(copy));
  return 'removed';
}

export const KEPT_REASONS: Record<Exclude<RemoveOutcome, 'removed' | 'gone'>, string> = {
  'kept-original-missing': 'Kept: the original is no longer there, so this is the only copy.',
  'kept-changed': 'Kept: this file was changed after the apply.',
};
