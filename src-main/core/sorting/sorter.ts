/**
 * Sorting: every photo against every folder. A folder's margin for a photo
 * (learning.ts) is its zero-shot text score as a logit, moved by the
 * folder's examples and cut-off; the photo goes to the folder with the
 * highest margin among those that pass, else it stays Unsorted. Without
 * examples this is the zero-shot rule of background.ts: a folder's score is
 * its best-matching description, and it must beat a description of nothing
 * in particular (softmax models) or reach probability ½ (sigmoid models).
 * A photo a person said is not in a folder never goes there; manual choices
 * are applied above this (CategoryStore.assignments).
 */
import type { VectorIndex } from '../search/vector-index.js';
import type { Scoring } from '../models/model-folder.js';
import { LEARNING, learnFolder, passes, textLogit, type FolderRule } from './learning.js';

export interface FolderVectors {
  id: number;
  /** one unit vector per description */
  prompts: Float32Array[];
}

export interface SortDecision {
  photoId: number;
  categoryId: number | null;
  /** the chosen folder's text score (cosine), or the best one when Unsorted */
  score: number;
  /** how sure: σ of the margin to the cut-off (and to a close second folder), 0..1 */
  confidence: number;
}

export interface SortResult {
  decisions: SortDecision[];
}

/** folder id → photos a person said are not in it */
export type Rejections = ReadonlyMap<number, ReadonlySet<number>>;

interface Scored {
  rule: FolderRule;
  key: string;
  /** per row: z − θ, in logits */
  margin: Float32Array;
  /** per row: best description's cosine */
  text: Float32Array;
  /** changes whenever the folder is scored again */
  gen: number;
}

/** Per row, the folder that wins among some folders (as `decide` chooses), kept between previews. */
interface Best {
  /** what it was computed from: the folders' generations and rejections */
  key: string;
  /** the winner's id, or -1 where no folder may take the photo */
  id: Int32Array;
  /** its margin (−∞ where none) and its best-description cosine */
  z: Float32Array;
  text: Float32Array;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Example pulls below e^−7 of an example's full pull (12 · e^−7 ≈ 0.011 logits, a photo
 * at cosine below 0.42 from it) are left out of a sort's margins: real photos are mostly
 * that far from most examples, so this skips most of the work (docs/SORTING.md).
 */
export const KERNEL_FLOOR = 7;

/** Queries scanned together at most: bounds the memory of one pass (4 bytes per query per photo). */
const MAX_QUERIES_PER_PASS = 256;

/**
 * Every folder's margins over one index, kept between sorts: a folder is
 * scored again only when its rule changes (its key), so the preview after an
 * answer costs one folder's scans, not fifty.
 */
export class FolderScores {
  private readonly folders = new Map<number, Scored>();
  private readonly background: Float32Array | undefined;
  private gen = 0;
  /** the best among every folder but one (the one previewed), by that folder's id */
  private othersBest: { without: number; best: Best } | undefined;
  /** scores of the key vectors several folders hold, by vector */
  private readonly shared = new Map<Float32Array, Float32Array>();

  constructor(
    readonly index: VectorIndex,
    readonly scoring: Scoring,
    backgroundVectors: Float32Array[],
    /** the index's version when these were computed: a changed index needs new scores */
    readonly version = index.version,
  ) {
    this.background = scoring.kind === 'softmax' ? bestOf(index, backgroundVectors, index.scoresMany(backgroundVectors)) : undefined;
  }

  get ids(): Int32Array {
    return this.index.photoIds();
  }

  /** Scores the rules whose key changed, and forgets folders not among them. `keys`: id → a string that changes whenever the rule does. */
  update(rules: FolderRule[], keys: ReadonlyMap<number, string> = new Map()): void {
    const keep = new Set(rules.map((r) => r.id));
    for (const id of [...this.folders.keys()]) if (!keep.has(id)) this.folders.delete(id);
    const changed = rules.filter((r) => {
      const k = keys.get(r.id);
      const had = this.folders.get(r.id);
      return !had || k === undefined || had.key !== k;
    });
    // Key vectors several folders hold (the centres of the examples in no folder, unsortedExamples):
    // scanned once and kept while a folder holds them, so neither a sort nor an answer scans them per folder.
    const holders = new Map<Float32Array, number>();
    for (const r of rules) for (const k of new Set(r.keys)) holders.set(k, (holders.get(k) ?? 0) + 1);
    for (const k of [...this.shared.keys()]) if (!holders.has(k)) this.shared.delete(k);
    const isShared = (k: Float32Array): boolean => holders.get(k)! > 1 || this.shared.has(k);
    const toScan = [...new Set(changed.flatMap((r) => r.keys.filter((k) => isShared(k) && !this.shared.has(k))))];
    for (let i = 0; i < toScan.length; i += MAX_QUERIES_PER_PASS) {
      const part = toScan.slice(i, i + MAX_QUERIES_PER_PASS);
      this.index.scoresMany(part).forEach((sc, j) => this.shared.set(part[j]!, sc));
    }
    const own = (r: FolderRule): Float32Array[] => [...r.prompts, ...r.keys.filter((k) => !this.shared.has(k))];
    // Folders in groups of up to MAX_QUERIES_PER_PASS queries: each group's scores are dropped once its margins are made.
    for (let i = 0; i < changed.length; ) {
      const group = [changed[i++]!];
      let count = own(group[0]!).length;
      while (i < changed.length && count + own(changed[i]!).length <= MAX_QUERIES_PER_PASS) {
        count += own(changed[i]!).length;
        group.push(changed[i++]!);
      }
      this.index.withScores(group.flatMap(own), (scores) => {
        let at = 0;
        for (const rule of group) {
          const text = bestOf(this.index, rule.prompts, scores.slice(at, (at += rule.prompts.length)));
          const keyScores = rule.keys.map((k) => this.shared.get(k) ?? scores[at++]!);
          this.folders.set(rule.id, { rule, key: keys.get(rule.id) ?? '', gen: ++this.gen, text, margin: this.margins(rule, text, keyScores) });
        }
      });
    }
  }

  folderIds(): number[] {
    return [...this.folders.keys()];
  }

  /** The key the folder was last scored under. */
  keyOf(id: number): string | undefined {
    return this.folders.get(id)?.key;
  }

  rule(id: number): FolderRule | undefined {
    return this.folders.get(id)?.rule;
  }

  /** A folder's margin per row (undefined for an unknown folder). */
  margin(id: number): Float32Array | undefined {
    return this.folders.get(id)?.margin;
  }

  /** The folder the photo in row `r` goes to (as `decide` would choose it), or null for Unsorted. */
  placeRow(r: number, rejected: Rejections = new Map()): number | null {
    const photoId = this.ids[r]!;
    let chosen: Scored | null = null;
    let z1 = -Infinity;
    for (const f of this.folders.values()) {
      if (rejected.get(f.rule.id)?.has(photoId)) continue;
      const z = f.margin[r]!;
      if (z > z1 || (z === z1 && chosen && f.text[r]! > chosen.text[r]!)) (z1 = z), (chosen = f);
    }
    return chosen && passes(this.scoring, z1) ? chosen.rule.id : null;
  }

  /**
   * Per row, the folder `decide` would choose among every folder but
   * `without`, ignoring whether it passes. Kept between calls: after a Yes/No
   * answer only the answered folder changes, so the preview of it costs one
   * pass over its own margins, not a decision among all folders.
   */
  bestWithout(without: number, rejected: Rejections = new Map()): Best {
    const others = [...this.folders.values()].filter((f) => f.rule.id !== without);
    const key = JSON.stringify(others.map((f) => [f.rule.id, f.gen, [...(rejected.get(f.rule.id) ?? [])]]));
    const had = this.othersBest;
    if (had && had.without === without && had.best.key === key) return had.best;
    const ids = this.ids;
    const n = ids.length;
    const best: Best = { key, id: new Int32Array(n).fill(-1), z: new Float32Array(n).fill(-Infinity), text: new Float32Array(n).fill(-Infinity) };
    for (const f of others) {
      const rej = rejected.get(f.rule.id);
      const { margin, text } = f;
      for (let r = 0; r < n; r++) {
        const z = margin[r]!;
        // as in decide: a higher margin wins, a tie goes to the better description, then to the earlier folder
        if (z > best.z[r]! || (z === best.z[r]! && best.id[r]! >= 0 && text[r]! > best.text[r]!)) {
          if (rej?.has(ids[r]!)) continue;
          best.z[r] = z;
          best.id[r] = f.rule.id;
          best.text[r] = text[r]!;
        }
      }
    }
    this.othersBest = { without, best };
    return best;
  }

  /** A folder's best-description cosine per row (undefined for an unknown folder). */
  text(id: number): Float32Array | undefined {
    return this.folders.get(id)?.text;
  }

  /** The decision for every photo; `only` limits the folders that compete. */
  decide(rejected: Rejections = new Map(), only?: ReadonlySet<number>): SortDecision[] {
    const ids = this.ids;
    const n = ids.length;
    const folders = [...this.folders.values()].filter((f) => !only || only.has(f.rule.id));
    // Folder by folder over every row (each folder's margins read in order), keeping per row the
    // best and second-best margins: the same comparisons, in the same order, as row by row.
    const chosen = new Int32Array(n).fill(-1);
    const z1 = new Float32Array(n).fill(-Infinity);
    const z2 = new Float32Array(n).fill(-Infinity);
    const chosenText = new Float32Array(n);
    const bestText = new Float32Array(n).fill(-Infinity);
    const skip = new Uint8Array(n);
    folders.forEach((f, fi) => {
      const rows = this.rowsOf(rejected.get(f.rule.id));
      for (const r of rows) skip[r] = 1;
      const { margin, text } = f;
      for (let r = 0; r < n; r++) {
        if (skip[r]) continue;
        const z = margin[r]!;
        const t = text[r]!;
        if (t > bestText[r]!) bestText[r] = t;
        if (z > z1[r]! || (z === z1[r]! && chosen[r]! >= 0 && t > chosenText[r]!)) {
          z2[r] = z1[r]!;
          z1[r] = z;
          chosen[r] = fi;
          chosenText[r] = t;
        } else if (z > z2[r]!) z2[r] = z;
      }
      for (const r of rows) skip[r] = 0;
    });
    const decisions: SortDecision[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const photoId = ids[r]!;
      const c = chosen[r]!;
      const best = z1[r]!;
      if (c >= 0 && passes(this.scoring, best)) {
        const second = z2[r]!;
        const close = passes(this.scoring, second) ? best - second : Infinity;
        decisions[r] = { photoId, categoryId: folders[c]!.rule.id, score: chosenText[r]!, confidence: sigmoid(Math.min(best, close)) };
      } else {
        const t = bestText[r]!;
        decisions[r] = { photoId, categoryId: null, score: Number.isFinite(t) ? t : 0, confidence: c >= 0 ? sigmoid(-best) : 1 };
      }
    }
    return decisions;
  }

  /** The rows of some photos (those in the index). */
  private rowsOf(photos: ReadonlySet<number> | undefined): number[] {
    const rows: number[] = [];
    for (const p of photos ?? []) {
      const r = this.index.row(p);
      if (r !== undefined) rows.push(r);
    }
    return rows;
  }

  private margins(rule: FolderRule, text: Float32Array, keyScores: Float32Array[]): Float32Array {
    const n = text.length;
    const out = new Float32Array(n);
    const bg = this.background;
    const { alpha, beta } = LEARNING;
    for (let r = 0; r < n; r++) out[r] = textLogit(this.scoring, text[r]!, bg ? bg[r]! : -Infinity) - rule.threshold;
    // Key by key, so each key's scores are read in order. A pull below α·e^−KERNEL_FLOOR per
    // example (about a hundredth of a logit) is skipped: it moves no decision (docs/SORTING.md).
    const floor = 1 - KERNEL_FLOOR / beta;
    for (let k = 0; k < keyScores.length; k++) {
      const s = keyScores[k]!;
      const w = alpha * rule.weights[k]!;
      for (let r = 0; r < n; r++) {
        const c = s[r]!;
        if (c > floor) out[r]! += w * Math.exp(-beta * (1 - c));
      }
    }
    return out;
  }
}

/** Each row's best score over several query vectors' scores. */
function bestOf(index: VectorIndex, vectors: Float32Array[], scores: Float32Array[]): Float32Array {
  if (!vectors.length) return new Float32Array(index.size).fill(-Infinity);
  const best = scores[0]!.slice();
  for (const s of scores.slice(1)) for (let i = 0; i < best.length; i++) best[i] = Math.max(best[i]!, s[i]!);
  return best;
}

/**
 * Zero-shot sorting (no examples). `background`: the vectors of
 * BACKGROUND_PROMPTS, needed for softmax (CLIP-style) models; ignored for
 * sigmoid models.
 */
export function sortPhotos(index: VectorIndex, folders: FolderVectors[], scoring: Scoring, background: Float32Array[] = []): SortResult {
  const scores = new FolderScores(index, scoring, background);
  scores.update(folders.map((f) => learnFolder(f, scoring, background)));
  return { decisions: scores.decide() };
}
