/**
 * When is a photo "in" a category folder? A similarity score alone means
 * little (CLIP's cosines bunch around 0.2–0.35, and each description shifts
 * them), so each folder learns its own cut-off from the library itself:
 *
 * 1. Take the folder's score against every photo in the library.
 * 2. If those scores fall into two clear groups (Otsu's split, accepted when
 *    the groups' means are at least 3.5 of their standard deviations apart —
 *    one bell curve cut in half gives only 2.65), the cut-off is the split:
 *    the high group are the photos that look like the description.
 * 3. Otherwise the folder matches few photos or none: the cut-off is
 *    median + 4 × MAD (robust z-score 4), so only clear outliers above the
 *    library's bulk get in.
 *
 * This works the same for 2 folders or 50, since each folder's cut-off is its
 * own; the photo then goes to the folder it matches best among those whose
 * cut-off it passes, or stays Unsorted.
 */

export interface Threshold {
  value: number;
  method: 'split' | 'outlier';
}

const BINS = 256;
/** separation of the two groups' means, in their larger standard deviation */
const MIN_SEPARATION = 3.5;
const OUTLIER_Z = 4;

export function folderThreshold(scores: Float32Array): Threshold {
  const n = scores.length;
  if (n === 0) return { value: Infinity, method: 'outlier' };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const split = otsu(scores, lo, hi);
  if (split !== null) {
    const a = stats(scores, (s) => s < split);
    const b = stats(scores, (s) => s >= split);
    const spread = Math.sqrt(Math.max(a.variance, b.variance, 1e-12));
    if (a.n >= 1 && b.n >= 1 && (b.mean - a.mean) / spread >= MIN_SEPARATION) return { value: split, method: 'split' };
  }
  const med = median(scores);
  const mad = median(scores.map((s) => Math.abs(s - med))) * 1.4826;
  return { value: med + OUTLIER_Z * Math.max(mad, 1e-6), method: 'outlier' };
}

/** Otsu's threshold on a histogram of the scores; null when all scores are equal. */
function otsu(scores: Float32Array, lo: number, hi: number): number | null {
  if (!(hi > lo)) return null;
  const hist = new Float64Array(BINS);
  const w = (hi - lo) / BINS;
  for (const s of scores) hist[Math.min(BINS - 1, Math.floor((s - lo) / w))]! += 1;
  const total = scores.length;
  let sumAll = 0;
  for (let i = 0; i < BINS; i++) sumAll += i * hist[i]!;
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let bestI = 0;
  for (let i = 0; i < BINS - 1; i++) {
    wB += hist[i]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * hist[i]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      bestI = i;
    }
  }
  return lo + (bestI + 1) * w;
}

function stats(scores: Float32Array, keep: (s: number) => boolean): { n: number; mean: number; variance: number } {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const s of scores) {
    if (!keep(s)) continue;
    n++;
    sum += s;
    sq += s * s;
  }
  const mean = n ? sum / n : 0;
  return { n, mean, variance: n ? Math.max(0, sq / n - mean * mean) : 0 };
}

function median(xs: Float32Array): number {
  const sorted = Float32Array.from(xs).sort();
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}
