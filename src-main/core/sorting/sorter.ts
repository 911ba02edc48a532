/**
 * Zero-shot sorting: every photo against every category folder's
 * descriptions. A folder's score for a photo is its best-matching
 * description (a folder "Receipts" described as "a paper receipt" and "a
 * scanned invoice" should take either). The photo goes to the best folder
 * that passes, else it stays Unsorted. What "passes" means is in
 * background.ts: CLIP-style models must fit the photo better than a
 * description of nothing in particular; sigmoid models (SigLIP) must reach
 * probability ½.
 */
import type { VectorIndex } from '../search/vector-index.js';
import type { Scoring } from '../models/model-folder.js';

export interface FolderVectors {
  id: number;
  /** one unit vector per description */
  prompts: Float32Array[];
}

/** What a folder's score must beat for a photo to go in. */
export interface Cutoff {
  /** per photo (row order): the best background description's score */
  background?: Float32Array | undefined;
  /** a fixed score (sigmoid models) */
  fixed?: number | undefined;
}

export interface SortDecision {
  photoId: number;
  categoryId: number | null;
  /** the chosen folder's score (cosine), or the best score when Unsorted */
  score: number;
}

export interface SortResult {
  decisions: SortDecision[];
}

/** Each row's best score over several query vectors. */
function bestOf(index: VectorIndex, vectors: Float32Array[]): Float32Array {
  let best: Float32Array | undefined;
  for (const v of vectors) {
    const { scores } = index.scoresAll(v);
    if (!best) best = scores;
    else for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i]!, scores[i]!);
  }
  return best ?? new Float32Array(index.size).fill(-Infinity);
}

/**
 * `background`: the vectors of BACKGROUND_PROMPTS, needed for softmax (CLIP-style)
 * models; ignored for sigmoid models.
 */
export function sortPhotos(index: VectorIndex, folders: FolderVectors[], scoring: Scoring, background: Float32Array[] = []): SortResult {
  const ids = index.photoIds();
  const perFolder = folders.map((f) => bestOf(index, f.prompts));
  const cutoff: Cutoff =
    scoring.kind === 'sigmoid' ? { fixed: -scoring.logitBias / scoring.logitScale } : { background: bestOf(index, background) };

  const decisions: SortDecision[] = [];
  for (let r = 0; r < index.size; r++) {
    let chosen: number | null = null;
    let chosenScore = -Infinity;
    let bestScore = -Infinity;
    const bar = cutoff.fixed ?? cutoff.background![r]!;
    folders.forEach((f, k) => {
      const s = perFolder[k]![r]!;
      bestScore = Math.max(bestScore, s);
      // σ(scale·s + bias) ≥ ½ ⇔ s ≥ −bias/scale; softmax(folder vs background) ≥ ½ ⇔ s > background.
      if ((cutoff.fixed !== undefined ? s >= bar : s > bar) && s > chosenScore) {
        chosen = f.id;
        chosenScore = s;
      }
    });
    decisions.push({
      photoId: ids[r]!,
      categoryId: chosen,
      score: chosen === null ? (Number.isFinite(bestScore) ? bestScore : 0) : chosenScore,
    });
  }
  return { decisions };
}
