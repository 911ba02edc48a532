/**
 * Live preview of a folder before it is saved: which photos would it take,
 * given the folders that exist now, and from which folders? The candidate
 * competes with the other folders exactly as sorting would (a photo goes to
 * its best folder), with what the folder has learned, and manual choices win,
 * as they do after saving.
 */
import type { FolderScores, Rejections } from './sorter.js';
import { passes } from './learning.js';

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
  const margin = scores.margin(candidateId);
  const text = scores.text(candidateId);
  if (scores.index.size === 0 || !margin || !text || !scores.rule(candidateId)?.prompts.length) return [];
  // Each photo's best among the other folders is kept between calls (it changes only when they
  // do): the candidate takes a photo where it beats that, as it would in a full sort.
  const best = scores.bestWithout(candidateId, rejected);
  const order = scores.folderIds();
  const at = order.indexOf(candidateId);
  const comesFirst = (other: number): boolean => at < order.indexOf(other);
  const ids = scores.ids;
  const rej = rejected.get(candidateId);
  const hits: PreviewHit[] = [];
  for (let r = 0; r < ids.length; r++) {
    const photoId = ids[r]!;
    const chosen = manual.get(photoId);
    if (chosen !== undefined) {
      if (chosen === candidateId && editing) hits.push({ photoId, score: text[r]!, manual: true, from: null });
      continue;
    }
    const z = margin[r]!;
    if (!passes(scores.scoring, z) || rej?.has(photoId)) continue;
    const other = best.id[r]!;
    // as FolderScores.decide: a higher margin wins, a tie goes to the better description, then to the earlier folder
    const wins = other < 0 || z > best.z[r]! || (z === best.z[r]! && (text[r]! > best.text[r]! || (text[r]! === best.text[r]! && comesFirst(other))));
    if (!wins) continue;
    hits.push({ photoId, score: text[r]!, manual: false, from: other >= 0 && passes(scores.scoring, best.z[r]!) ? other : null });
  }
  return hits.sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}
