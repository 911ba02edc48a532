/**
 * Folders that learn from a person's corrections (docs/SORTING.md).
 *
 * A folder's margin for a photo x, in the model's logits:
 *
 *   z(x) = text(x) + α · Σₖ wₖ · exp(−β (1 − x·eₖ)) − θ
 *
 * - text(x): today's zero-shot rule as a logit: scale · (best description −
 *   best background description) for softmax models, scale · best + bias for
 *   sigmoid ones; > 0 (≥ 0 for sigmoid) means the folder takes the photo.
 * - the sum: a cache of examples (Tip-Adapter, Zhang et al. 2022): each
 *   photo put in the folder by hand pulls its look-alikes in (w = +1), each
 *   photo said not to be in it pushes them out (w = −1). The kernel is local:
 *   a photo far from every example keeps its text score. Many examples are
 *   merged into at most MAX_KEYS weighted centres per sign, so a sort costs
 *   a bounded number of scans.
 * - θ: the cut-off, 0 without examples; with examples, moved just enough to
 *   put the examples (each scored without itself) on their right side, where
 *   that is worth it: each logit it moves costs a quarter of an example.
 *
 * With no examples z = text(x): exactly the zero-shot rule.
 */
import type { Scoring } from '../models/model-folder.js';

/** Kernel width and weight, in cosine and logit units (measured in docs/SORTING.md). */
export const LEARNING = {
  /** exp(−β(1 − cos)): at β = 12 a photo at cosine 0.9 from an example counts 0.30, at 0.7 only 0.03 */
  beta: 12,
  /** logits one example adds at its own place */
  alpha: 12,
  /** how far past the nearest misplaced example the cut-off moves, in logits */
  margin: 1,
  /** what moving the cut-off by one logit costs, in misplaced examples */
  shift: 0.25,
  /** centres per sign a folder's examples are merged into */
  maxKeys: 32,
} as const;

export interface FolderExamples {
  id: number;
  /** one unit vector per description */
  prompts: Float32Array[];
  /** vectors of photos put in the folder by hand */
  positives?: Float32Array[] | undefined;
  /** vectors of photos said not to be in it */
  negatives?: Float32Array[] | undefined;
}

/** What sorting needs of a folder: its descriptions, its example centres and its cut-off. */
export interface FolderRule {
  id: number;
  prompts: Float32Array[];
  keys: Float32Array[];
  /** per key: + for examples in the folder, − for examples out of it (counts of merged examples) */
  weights: number[];
  /** the cut-off, in logits */
  threshold: number;
  positives: number;
  negatives: number;
}

/** The text part as a logit: how a model turns a best cosine (and a background cosine) into one. */
export function textLogit(scoring: Scoring, best: number, background: number): number {
  return scoring.kind === 'sigmoid' ? scoring.logitScale * best + scoring.logitBias : scoring.logitScale * (best - background);
}

/** Whether a margin takes the photo: softmax models need to beat the background strictly (as before learning). */
export function passes(scoring: Scoring, z: number): boolean {
  return scoring.kind === 'sigmoid' ? z >= 0 : z > 0;
}

export function kernel(cos: number): number {
  return Math.exp(-LEARNING.beta * (1 - cos));
}

export function learnFolder(folder: FolderExamples, scoring: Scoring, background: Float32Array[]): FolderRule {
  const pos = folder.positives ?? [];
  const neg = folder.negatives ?? [];
  const rule: FolderRule = { id: folder.id, prompts: folder.prompts, keys: [], weights: [], threshold: 0, positives: pos.length, negatives: neg.length };
  if (pos.length + neg.length === 0) return rule;
  for (const [vs, sign] of [[pos, 1], [neg, -1]] as const) {
    for (const c of merge(vs, LEARNING.maxKeys)) {
      rule.keys.push(c.centre);
      rule.weights.push(sign * c.count);
    }
  }
  // Each example scored without itself (leave-one-out), as a photo like it would be.
  const examples = [...pos.map((v) => ({ v, sign: 1 })), ...neg.map((v) => ({ v, sign: -1 }))];
  const z = examples.map(({ v }, i) => {
    const text = textLogit(scoring, maxDot(v, folder.prompts), background.length ? maxDot(v, background) : -Infinity);
    let cache = 0;
    examples.forEach((o, j) => {
      if (j !== i) cache += o.sign * kernel(dot(v, o.v));
    });
    return text + LEARNING.alpha * cache;
  });
  rule.threshold = fitThreshold(
    z.filter((_, i) => examples[i]!.sign > 0),
    z.filter((_, i) => examples[i]!.sign < 0),
  );
  return rule;
}

/**
 * The cut-off that best puts the examples on their side (positives above,
 * negatives at or below) for the least movement from 0 (the zero-shot rule),
 * kept LEARNING.margin clear of the examples it had to pass.
 */
export function fitThreshold(pos: number[], neg: number[]): number {
  const finite = (xs: number[]): number[] => xs.map((x) => (Number.isFinite(x) ? x : Math.sign(x) * 1e6));
  const p = finite(pos).sort((a, b) => a - b);
  const n = finite(neg).sort((a, b) => a - b);
  const errors = (t: number): number => p.filter((x) => x <= t).length + n.filter((x) => x > t).length;
  // The errors only change at example values: try each gap between them.
  const points = [...new Set([...p, ...n])].sort((a, b) => a - b);
  const gaps: [number, number][] = [];
  let lo = -Infinity;
  for (const x of points) {
    gaps.push([lo, x]);
    lo = x;
  }
  gaps.push([lo, Infinity]);
  let best = { cost: Infinity, t: 0 };
  for (const [a, b] of gaps) {
    // Within (a, b], errors are constant; b itself counts as "at or below".
    const t = pickIn(a, b);
    // Each logit the cut-off moves costs LEARNING.shift of an example: a lone example the
    // descriptions strongly disagree with is learned through the cache (its look-alikes),
    // not by opening the whole folder to everything scored above it.
    const cost = errors(t) + LEARNING.shift * Math.abs(t);
    if (cost < best.cost) best = { cost, t };
  }
  return best.t;
}

/** A cut-off in the gap (a, b]: 0 if it lies there, else near the end closest to 0, LEARNING.margin in (or the middle of a narrow gap). */
function pickIn(a: number, b: number): number {
  if (a < 0 && 0 <= b) return 0;
  const m = LEARNING.margin;
  if (a >= 0) return Number.isFinite(b) ? Math.min(a + m, (a + b) / 2) : a + m;
  return Number.isFinite(a) ? Math.max(b - m, (a + b) / 2) : b - m;
}

/** Merges vectors into at most `k` weighted centres (k-means, farthest-first start); each its own centre when few. */
export function merge(vs: Float32Array[], k: number): { centre: Float32Array; count: number }[] {
  if (vs.length <= k) return vs.map((v) => ({ centre: v, count: 1 }));
  const centres: Float32Array[] = [vs[0]!];
  while (centres.length < k) {
    let far = 0;
    let farSim = Infinity;
    vs.forEach((v, i) => {
      const s = maxDot(v, centres);
      if (s < farSim) (farSim = s), (far = i);
    });
    centres.push(vs[far]!);
  }
  let owner = new Int32Array(vs.length);
  for (let iter = 0; iter < 5; iter++) {
    owner = Int32Array.from(vs, (v) => argMaxDot(v, centres));
    centres.forEach((_, c) => {
      const sum = new Float32Array(vs[0]!.length);
      vs.forEach((v, i) => {
        if (owner[i] === c) for (let j = 0; j < v.length; j++) sum[j]! += v[j]!;
      });
      const norm = Math.hypot(...sum);
      if (norm > 0) centres[c] = sum.map((x) => x / norm);
    });
  }
  return centres.map((centre, c) => ({ centre, count: owner.filter((o) => o === c).length })).filter((c) => c.count > 0);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function maxDot(v: Float32Array, others: Float32Array[]): number {
  let best = -Infinity;
  for (const o of others) best = Math.max(best, dot(v, o));
  return best;
}

function argMaxDot(v: Float32Array, others: Float32Array[]): number {
  let best = -Infinity;
  let at = 0;
  others.forEach((o, i) => {
    const s = dot(v, o);
    if (s > best) (best = s), (at = i);
  });
  return at;
}
