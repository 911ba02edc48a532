/**
 * What a folder asks its person (docs/SORTING.md): the photos sorting is least
 * sure about for it, those whose margin lies near the folder's cut-off on
 * either side, and which folders' descriptions overlap in the model's text
 * space.
 */
import type { Corrections } from '../store/categories.js';
import type { FolderScores } from './sorter.js';
import { dot } from './learning.js';

/**
 * A photo is a suggestion for a folder when its margin is within this many
 * logits of the cut-off: odds between e⁻² and e² (12%..88%) that the folder
 * takes it. Further out, an answer would rarely change a decision.
 */
export const SUGGESTION_BAND = 2;

/**
 * Two folders overlap when their closest descriptions have a cosine of at
 * least this in the model's text space. The test model puts rephrasings of
 * one description ("a photo of a red circle", "a circle that is red") at
 * ≥ 0.98 and its closest distinct descriptions (same colour or same shape) at
 * ≤ 0.62; CLIP-family models put the text of distinct objects in one template
 * higher than that, so the line is drawn near the rephrasings (docs/SORTING.md).
 */
export const OVERLAP_SIMILARITY = 0.95;

export interface Suggestion {
  photoId: number;
  /** the folder's margin for the photo, in logits (0 = at the cut-off) */
  margin: number;
  /** whether sorting puts the photo in this folder now */
  inFolder: boolean;
}

/** Whether a photo is open to a question about a folder: no manual choice, and not said to be out of it. */
function open(photoId: number, folderId: number, corrections: Corrections): boolean {
  return !corrections.manual.has(photoId) && !corrections.rejected.get(folderId)?.has(photoId);
}

/** A folder's suggestions, least sure first (margin nearest 0; ties by photo id). */
export function suggestionsFor(scores: FolderScores, folderId: number, corrections: Corrections): Suggestion[] {
  const margin = scores.margin(folderId);
  if (!margin) return [];
  const ids = scores.ids;
  const out: Suggestion[] = [];
  for (let r = 0; r < ids.length; r++) {
    const z = margin[r]!;
    const photoId = ids[r]!;
    if (Math.abs(z) >= SUGGESTION_BAND || !open(photoId, folderId, corrections)) continue;
    out.push({ photoId, margin: z, inFolder: scores.placeRow(r, corrections.rejected) === folderId });
  }
  return out.sort((a, b) => Math.abs(a.margin) - Math.abs(b.margin) || a.photoId - b.photoId);
}

/** How many suggestions each folder has. */
export function suggestionCounts(scores: FolderScores, corrections: Corrections): Map<number, number> {
  const ids = scores.ids;
  const counts = new Map<number, number>();
  for (const folderId of scores.folderIds()) {
    const margin = scores.margin(folderId)!;
    let n = 0;
    for (let r = 0; r < ids.length; r++) if (Math.abs(margin[r]!) < SUGGESTION_BAND && open(ids[r]!, folderId, corrections)) n++;
    counts.set(folderId, n);
  }
  return counts;
}

export interface Overlap {
  a: number;
  b: number;
  similarity: number;
}

/** Two folders' text similarity: the cosine of their closest descriptions (sorting uses each folder's best description). */
export function textSimilarity(a: Float32Array[], b: Float32Array[]): number {
  let best = -1;
  for (const x of a) for (const y of b) best = Math.max(best, dot(x, y));
  return best;
}

/** The folders' text similarity matrix (in the order given) and the pairs that overlap, closest first. */
export function overlapMatrix(folders: { id: number; prompts: Float32Array[] }[]): { matrix: number[][]; overlaps: Overlap[] } {
  const matrix = folders.map((f) => folders.map((g) => (f === g ? 1 : textSimilarity(f.prompts, g.prompts))));
  const overlaps: Overlap[] = [];
  folders.forEach((f, i) =>
    folders.forEach((g, j) => {
      if (j > i && matrix[i]![j]! >= OVERLAP_SIMILARITY) overlaps.push({ a: f.id, b: g.id, similarity: matrix[i]![j]! });
    }),
  );
  return { matrix, overlaps: overlaps.sort((x, y) => y.similarity - x.similarity) };
}
