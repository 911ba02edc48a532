/** The plain-JavaScript baseline's top-k (the app's index never needs a full top-k of all scores). */
import type { ScoredPhoto } from '../../src-main/core/search/vector-index.js';

/** Top-k by a min-heap of size k: O(n log k), no full sort of n scores. */
export function topK(ids: Int32Array, scores: Float32Array, k: number, exclude?: number): ScoredPhoto[] {
  const heapS = new Float32Array(k);
  const heapI = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (ids[i] === exclude) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (heapS[p]! <= s) break;
        heapS[c] = heapS[p]!;
        heapI[c] = heapI[p]!;
        c = p;
      }
      heapS[c] = s;
      heapI[c] = i;
    } else if (s > heapS[0]!) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && heapS[r]! < heapS[l]! ? r : l;
        if (heapS[m]! >= s) break;
        heapS[c] = heapS[m]!;
        heapI[c] = heapI[m]!;
        c = m;
      }
      heapS[c] = s;
      heapI[c] = i;
    }
  }
  const out: ScoredPhoto[] = [];
  for (let j = 0; j < size; j++) out.push({ photoId: ids[heapI[j]!]!, score: heapS[j]! });
  return out.sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}
