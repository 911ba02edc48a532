/**
 * Zero-shot sorting: every photo against every category folder's
 * descriptions. A folder's score for a photo is its best-matching
 * description (a folder "Receipts" described as "a paper receipt" and "a
 * scanned invoice" should take either). The photo goes to the best folder
 * whose cut-off it passes (see threshold.ts), else it stays Unsorted.
 * Sigmoid models (SigLIP) carry their own calibrated cut-off: probability ≥ ½.
 */
import type { VectorIndex } from '../search/vector-index.js';
import type { Scoring } from '../models/model-folder.js';
import { folderThreshold, type Threshold } from './threshold.js';

export interface FolderVectors {
  id: number;
  /** one unit vector per description */
  prompts: Float32Array[];
}

export interface SortDecision {
  photoId: number;
  categoryId: number | null;
  /** the chosen folder's score (cosine), or the best score when Unsorted */
  score: number;
}

export interface SortResult {
  decisions: SortDecision[];
  thresholds: Map<number, Threshold>;
}

export function sortPhotos(index: VectorIndex, folders: FolderVectors[], scoring: Scoring): SortResult {
  const thresholds = new Map<number, Threshold>();
  const ids = index.photoIds();
  const perFolder: Float32Array[] = [];
  for (const f of folders) {
    let best: Float32Array | undefined;
    for (const p of f.prompts) {
      const r = index.scoresAll(p);
      if (!best) best = r.scores;
      else for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i]!, r.scores[i]!);
    }
    const scores = best ?? new Float32Array(index.size);
    perFolder.push(scores);
    thresholds.set(f.id, scoring.kind === 'sigmoid' ? sigmoidCut(scoring) : folderThreshold(scores));
  }

  const decisions: SortDecision[] = [];
  for (let r = 0; r < index.size; r++) {
    let chosen: number | null = null;
    let chosenScore = -Infinity;
    let bestScore = -Infinity;
    folders.forEach((f, k) => {
      const s = perFolder[k]![r]!;
      bestScore = Math.max(bestScore, s);
      if (s >= thresholds.get(f.id)!.value && s > chosenScore) {
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
  return { decisions, thresholds };
}

/** σ(scale·s + bias) ≥ ½  ⇔  s ≥ −bias / scale. */
function sigmoidCut(s: Extract<Scoring, { kind: 'sigmoid' }>): Threshold {
  return { value: -s.logitBias / s.logitScale, method: 'split' };
}
