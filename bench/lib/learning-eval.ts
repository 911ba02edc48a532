/**
 * How well folders learn from corrections, on generated photos with the test
 * model: folders named in words the model never learned, each covering
 * several shape/colour classes; `k` corrections per class (photos of classes
 * in no folder are put in Unsorted); accuracy on the photos not corrected.
 * Compares the cache (learning.ts) with a linear probe regularised towards
 * the text vector. Used by the sorting bench and the learning tests.
 */
import { VectorIndex } from '../../src-main/core/search/vector-index.js';
import type { Scoring } from '../../src-main/core/models/model-folder.js';
import { FolderScores, sigmoid } from '../../src-main/core/sorting/sorter.js';
import { learnFolder, dot, textLogit, unsortedExamples } from '../../src-main/core/sorting/learning.js';
import { mulberry32 } from '../../test/fixtures/synth/photos.js';

export interface LabelledVector {
  id: number;
  label: string;
  vector: Float32Array;
}

export interface EvalFolder {
  id: number;
  prompts: Float32Array[];
  labels: string[];
}

export interface EvalResult {
  zeroShot: number;
  learned: number;
  corrected: number;
}

/** The corrections a person would make: k photos of each class, to their folder or to Unsorted; "rejected" where sorting had put them elsewhere. */
export function corrections(photos: LabelledVector[], folders: EvalFolder[], k: number, seed: number, placed: Map<number, number | null>) {
  const rng = mulberry32(seed);
  const manual = new Map<number, number | null>();
  const rejected = new Map<number, Set<number>>();
  const byLabel = new Map<string, LabelledVector[]>();
  for (const p of photos) byLabel.set(p.label, [...(byLabel.get(p.label) ?? []), p]);
  for (const [label, ps] of byLabel) {
    const want = folders.find((f) => f.labels.includes(label))?.id ?? null;
    const shuffled = [...ps].sort(() => rng() - 0.5);
    for (const p of shuffled.slice(0, k)) {
      manual.set(p.id, want);
      const was = placed.get(p.id) ?? null;
      if (was !== null && was !== want) rejected.set(was, new Set([...(rejected.get(was) ?? []), p.id]));
    }
  }
  return { manual, rejected };
}

function accuracy(photos: LabelledVector[], folders: EvalFolder[], decided: Map<number, number | null>, skip: Map<number, unknown>): number {
  let right = 0;
  let n = 0;
  for (const p of photos) {
    if (skip.has(p.id)) continue;
    n++;
    const want = folders.find((f) => f.labels.includes(p.label))?.id ?? null;
    if (decided.get(p.id) === want) right++;
  }
  return right / n;
}

export function indexOf(photos: LabelledVector[]): VectorIndex {
  const index = new VectorIndex(photos[0]!.vector.length, photos.length + 16, { threads: 1 });
  for (const p of photos) index.set(p.id, p.vector);
  return index;
}

/** The cache (ours): zero-shot accuracy, then after k corrections per class. */
export function evalCache(photos: LabelledVector[], folders: EvalFolder[], scoring: Scoring, background: Float32Array[], k: number, seed: number): EvalResult {
  const index = indexOf(photos);
  try {
    const zero = new FolderScores(index, scoring, background);
    zero.update(folders.map((f) => learnFolder(f, scoring, background)));
    const placed = new Map(zero.decide().map((d) => [d.photoId, d.categoryId]));
    const c = corrections(photos, folders, k, seed, placed);
    const vec = new Map(photos.map((p) => [p.id, p.vector]));
    const learned = new FolderScores(index, scoring, background);
    // As LibrarySorting learns: the photos put in no folder are one set of examples for every folder.
    const inNone = [...c.manual].filter(([, to]) => to === null).map(([id]) => id);
    const unsorted = unsortedExamples(inNone.map((id) => vec.get(id)!));
    learned.update(
      folders.map((f) => {
        const positives = [...c.manual].filter(([, to]) => to === f.id).map(([id]) => vec.get(id)!);
        const negIds = [...(c.rejected.get(f.id) ?? [])].filter((id) => !inNone.includes(id));
        return learnFolder({ ...f, positives, negatives: negIds.map((id) => vec.get(id)!), unsorted }, scoring, background);
      }),
    );
    const after = new Map(learned.decide(c.rejected).map((d) => [d.photoId, d.categoryId]));
    return { zeroShot: accuracy(photos, folders, placed, c.manual), learned: accuracy(photos, folders, after, c.manual), corrected: c.manual.size };
  } finally {
    index.close();
  }
}

/**
 * The alternative: per folder one weight vector w, logistic regression on the
 * folder's examples (positives 1, negatives and other folders' positives 0),
 * with an L2 pull towards the text vector (w₀ = scale·text, bias from the
 * background), so that without examples it is the zero-shot rule.
 */
export function evalLinearProbe(photos: LabelledVector[], folders: EvalFolder[], scoring: Scoring, background: Float32Array[], k: number, seed: number, lambda = 0.001): EvalResult {
  const scale = scoring.logitScale;
  const bgOf = (v: Float32Array): number => Math.max(...background.map((b) => dot(v, b)));
  const zeroLogit = (f: EvalFolder, v: Float32Array): number => textLogit(scoring, Math.max(...f.prompts.map((p) => dot(v, p))), background.length ? bgOf(v) : -Infinity);
  const zeroPlaced = new Map<number, number | null>();
  for (const p of photos) {
    let best: number | null = null;
    let bz = 0;
    for (const f of folders) {
      const z = zeroLogit(f, p.vector);
      if (z > bz) (bz = z), (best = f.id);
    }
    zeroPlaced.set(p.id, best);
  }
  const c = corrections(photos, folders, k, seed, zeroPlaced);
  const vec = new Map(photos.map((p) => [p.id, p.vector]));
  const dim = photos[0]!.vector.length;
  const models = folders.map((f) => {
    const w0 = f.prompts[0]!.map((x) => x * scale);
    const w = Float32Array.from(w0);
    let b = 0;
    const data = [...c.manual].map(([id, to]) => ({ v: vec.get(id)!, y: to === f.id ? 1 : 0, off: zeroLogit(f, vec.get(id)!) - dot(vec.get(id)!, w0) }));
    for (let it = 0; it < 1000; it++) {
      const g = new Float32Array(dim);
      let gb = 0;
      for (const d of data) {
        const err = sigmoid(dot(d.v, w) + b + d.off) - d.y;
        for (let j = 0; j < dim; j++) g[j]! += err * d.v[j]!;
        gb += err;
      }
      for (let j = 0; j < dim; j++) w[j]! -= 2 * (g[j]! / data.length + lambda * (w[j]! - w0[j]!));
      b -= 2 * (gb / data.length);
    }
    return { f, w, b, w0 };
  });
  const after = new Map<number, number | null>();
  for (const p of photos) {
    let best: number | null = null;
    let bz = 0;
    for (const m of models) {
      const z = dot(p.vector, m.w) + m.b + zeroLogit(m.f, p.vector) - dot(p.vector, m.w0);
      if (c.rejected.get(m.f.id)?.has(p.id)) continue;
      if (z > bz) (bz = z), (best = m.f.id);
    }
    after.set(p.id, best);
  }
  return { zeroShot: accuracy(photos, folders, zeroPlaced, c.manual), learned: accuracy(photos, folders, after, c.manual), corrected: c.manual.size };
}
