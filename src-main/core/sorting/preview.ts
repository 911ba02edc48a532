/**
 * Live preview of a category folder before it is saved: which photos would it
 * take, given the folders that exist now? The candidate competes with the
 * other folders exactly as sorting would (a photo goes to its best folder), and
 * manual choices win, as they do after saving.
 */
import type { VectorIndex } from '../search/vector-index.js';
import type { Scoring } from '../models/model-folder.js';
import { sortPhotos, type FolderVectors } from './sorter.js';

export interface PreviewHit {
  photoId: number;
  score: number;
  manual: boolean;
}

/** Stands in for the id of a folder that does not exist yet. */
const CANDIDATE = -1;

/**
 * @param others  the current folders, less the one being edited
 * @param prompts the candidate's description vectors
 * @param manual  photo id → folder id (or null) chosen by hand
 * @param editingId the id of the folder being edited, if it exists
 * @param background the background description vectors (sort-library.ts backgroundVectors)
 */
export function previewFolder(
  index: VectorIndex,
  others: FolderVectors[],
  prompts: Float32Array[],
  scoring: Scoring,
  manual: Map<number, number | null>,
  editingId?: number,
  background: Float32Array[] = [],
): PreviewHit[] {
  if (prompts.length === 0 || index.size === 0) return [];
  const id = editingId ?? CANDIDATE;
  const { decisions } = sortPhotos(index, [...others.filter((f) => f.id !== id), { id, prompts }], scoring, background);
  const hits: PreviewHit[] = [];
  for (const d of decisions) {
    const chosen = manual.get(d.photoId);
    if (chosen !== undefined) {
      if (chosen === id && editingId !== undefined) hits.push({ photoId: d.photoId, score: d.score, manual: true });
      continue;
    }
    if (d.categoryId === id) hits.push({ photoId: d.photoId, score: d.score, manual: false });
  }
  return hits.sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}
