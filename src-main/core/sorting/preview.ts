/**
 * Live preview of a folder before it is saved: which photos would it take,
 * given the folders that exist now, and from which folders? The candidate
 * competes with the other folders exactly as sorting would (a photo goes to
 * its best folder), with what the folder has learned, and manual choices win,
 * as they do after saving.
 */
import type { FolderScores, Rejections } from './sorter.js';

export interface PreviewHit {
  photoId: number;
  score: number;
  manual: boolean;
  /** the folder the photo is in now (automatically), which it would leave; null: Unsorted */
  from: number | null;
}

/**
 * @param scores  every folder's margins, the candidate (id `candidateId`) among them
 * @param manual  photo id → folder id (or null) chosen by hand
 * @param editing whether the candidate is an existing folder (its manual photos are shown)
 */
export function previewFolder(
  scores: FolderScores,
  candidateId: number,
  manual: ReadonlyMap<number, number | null>,
  rejected: Rejections,
  editing: boolean,
): PreviewHit[] {
  if (scores.index.size === 0 || !scores.rule(candidateId)?.prompts.length) return [];
  const others = new Set(scores.folderIds().filter((id) => id !== candidateId));
  const before = scores.decide(rejected, others);
  const after = scores.decide(rejected);
  const hits: PreviewHit[] = [];
  after.forEach((d, r) => {
    const chosen = manual.get(d.photoId);
    if (chosen !== undefined) {
      if (chosen === candidateId && editing) hits.push({ photoId: d.photoId, score: d.score, manual: true, from: null });
      return;
    }
    if (d.categoryId === candidateId) hits.push({ photoId: d.photoId, score: d.score, manual: false, from: before[r]!.categoryId });
  });
  return hits.sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}
