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
 *   a photo far from every example keeps its text score. Look-alike examples
 *   (cosine ≥ LEARNING.close) share one centre weighted by their count, and a
 *   folder's own examples are merged into at most LEARNING.maxPositiveKeys
 *   and maxNegativeKeys centres; the examples in no folder are merged once for all folders
 *   (unsortedExamples). Each centre is one scan of the library, so this bounds
 *   a sort's work (docs/SORTING.md, "Cost").
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
  /**
   * Centres a folder's own examples are merged into: the photos put in it (its kinds of photo), and
   * those taken out of it to another folder or said not to be in it (fewer: a photo moved to another
   * folder is pulled there by that folder's examples too). Measured in docs/SORTING.md.
   */
  maxPositiveKeys: 6,
  maxNegativeKeys: 2,
  /** centres the examples in no folder (shared by every folder) are merged into */
  maxSharedKeys: 32,
  /** examples at least this close (cosine) share one centre */
  close: 0.9,
} as const;

export interface FolderExamples {
  id: number;
  /** one unit vector per description */
  prompts: Float32Array[];
  /** vectors of photos put in the folder by hand */
  positives?: Float32Array[] | undefined;
  /** vectors of photos said not to be in it (taken out of it, to another folder) */
  negatives?: Float32Array[] | undefined;
  /** photos put in no folder (Unsorted): examples not in any folder, merged once for every folder */
  unsorted?: UnsortedExamples | undefined;
}

/**
 * The examples in no folder, merged into centres once for all folders: every
 * folder's rule holds the same centre vectors, so a sort scans each of them
 * once, not once per folder (FolderScores.update), however many folders learn.
 */
export interface UnsortedExamples {
  vectors: Float32Array[];
  centres: { centre: Float32Array; count: number }[];
}

export function unsortedExamples(vectors: Float32Array[]): UnsortedExamples {
  return { vectors, centres: merge(vectors, LEARNING.maxSharedKeys) };
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
  const unsorted = folder.unsorted ?? { vectors: [], centres: [] };
  const rule: FolderRule = {
    id: folder.id,
    prompts: folder.prompts,
    keys: [],
    weights: [],
    threshold: 0,
    positives: pos.length,
    negatives: neg.length + unsorted.vectors.length,
  };
  if (rule.positives + rule.negatives === 0) return rule;
  for (const [centres, sign] of [
    [merge(pos, LEARNING.maxPositiveKeys), 1],
    [merge(neg, LEARNING.maxNegativeKeys), -1],
    [unsorted.centres, -1],
  ] as const) {
    for (const c of centres) {
      rule.keys.push(c.centre);
      rule.weights.push(sign * c.count);
    }
  }
  // Each example scored without itself (leave-one-out), as a photo like it would be.
  const examples = [...pos.map((v) => ({ v, sign: 1 })), ...[...neg, ...unsorted.vectors].map((v) => ({ v, sign: -1 }))];
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

/**
 * Merges vectors into at most `k` weighted centres: first every vector within
 * `close` (cosine) of a group's first vector joins that group (look-alikes: one
 * centre pulls their look-alikes almost as the vectors one by one would); then,
 * while more than `k` groups remain, k-means on the groups (weighted by their
 * counts, farthest-first start). Each centre is the unit mean of its vectors.
 */
export function merge(vs: Float32Array[], k: number, close: number = LEARNING.close): { centre: Float32Array; count: number }[] {
  if (vs.length === 0) return [];
  // Look-alikes: the leader of a group is its first vector, so the order of the examples decides, not chance.
  const leaders: Float32Array[] = [];
  const members: Float32Array[][] = [];
  for (const v of vs) {
    let at = -1;
    let best = close;
    leaders.forEach((l, i) => {
      const s = dot(v, l);
      if (s >= best) (best = s), (at = i);
    });
    if (at < 0) {
      leaders.push(v);
      members.push([v]);
    } else members[at]!.push(v);
  }
  let groups = members.map((m) => ({ centre: m.length === 1 ? m[0]! : unitMean(m), count: m.length, members: m }));
  if (groups.length > k) groups = kMeans(groups, k);
  return groups.map(({ centre, count }) => ({ centre, count }));
}

type Group = { centre: Float32Array; count: number; members: Float32Array[] };

/** Groups merged into at most k (k-means over the groups' centres, weighted by their counts; farthest-first start). */
function kMeans(groups: Group[], k: number): Group[] {
  const centres: Float32Array[] = [groups[0]!.centre];
  // each group's closeness to its closest chosen centre, updated as centres are added
  const near = groups.map((g) => dot(g.centre, centres[0]!));
  while (centres.length < k) {
    let far = 0;
    near.forEach((s, i) => {
      if (s < near[far]!) far = i;
    });
    const c = groups[far]!.centre;
    centres.push(c);
    groups.forEach((g, i) => (near[i] = Math.max(near[i]!, dot(g.centre, c))));
  }
  let owner = new Int32Array(groups.length).fill(-1);
  for (let iter = 0; iter < 5; iter++) {
    const next = Int32Array.from(groups, (g) => argMaxDot(g.centre, centres));
    if (next.every((o, i) => o === owner[i])) break;
    owner = next;
    centres.forEach((_, c) => {
      const mine = groups.filter((_, i) => owner[i] === c).flatMap((g) => g.members);
      if (mine.length) centres[c] = unitMean(mine);
    });
  }
  return centres
    .map((centre, c) => {
      const mine = groups.filter((_, i) => owner[i] === c).flatMap((g) => g.members);
      return { centre, count: mine.length, members: mine };
    })
    .filter((g) => g.count > 0);
}

function unitMean(vs: Float32Array[]): Float32Array {
  const sum = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let j = 0; j < v.length; j++) sum[j]! += v[j]!;
  let norm = 0;
  for (let j = 0; j < sum.length; j++) norm += sum[j]! * sum[j]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < sum.length; j++) sum[j]! /= norm;
  return sum;
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
