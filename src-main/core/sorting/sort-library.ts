/**
 * Sorts the whole library into its folders and stores the automatic result.
 * Each folder's rule is learned for the active model from the library's
 * corrections (learning.ts): examples are photos, so another model learns
 * again from the same corrections with its own vectors.
 */
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import type { VectorIndex } from '../search/vector-index.js';
import type { Category, Corrections } from '../store/categories.js';
import { encodeTexts } from '../search/text-vectors.js';
import { FolderScores, KERNEL_FLOOR, sigmoid, type SortResult } from './sorter.js';
import { LEARNING, dot, kernel, learnFolder, passes, unsortedExamples, type FolderRule, type UnsortedExamples } from './learning.js';
import { BACKGROUND_PROMPTS } from './background.js';
import { folderTexts } from './prompt-ensemble.js';

/** One example's pull on a photo, in logits (+ towards the folder). */
export interface ExamplePull {
  photoId: number;
  /** an example in the folder (else: said not to be in it) */
  inFolder: boolean;
  pull: number;
}

export interface Reason {
  /** the folder the photo is in, or the closest one when it is in none */
  folderId: number;
  placed: boolean;
  /** in logits, 0 = the folder's cut-off */
  margin: number;
  /** as `sort --json` gives it: σ of the margin (and of the lead over a close second folder) */
  confidence: number;
  /** the description's part of the margin, before the cut-off */
  text: number;
  threshold: number;
  /** the description that matched best (a name-only folder: its name) */
  description: string;
  /** the examples that pulled most (at least half a logit), strongest first */
  examples: ExamplePull[];
  decidedBy: 'examples' | 'description';
}

/** Examples per sign a folder learns from: the most recent ones (bounds the cost of learning). */
const MAX_EXAMPLES = 128;

/** The vectors a folder must beat, for models that need them (see background.ts). */
export async function backgroundVectors(ctx: LibraryContext, active: ActiveModel): Promise<Float32Array[]> {
  return active.model.folder.scoring.kind === 'softmax' ? encodeTexts(ctx, active, [...BACKGROUND_PROMPTS]) : [];
}

/** A folder's description vectors: the descriptions as written, or the template ensemble of a name-only folder (averaged). */
export async function folderVectors(ctx: LibraryContext, active: ActiveModel, folder: Pick<Category, 'name' | 'prompts'>): Promise<Float32Array[]> {
  const texts = folderTexts(folder, active.model.folder);
  if (texts.kind === 'written') return encodeTexts(ctx, active, texts.texts);
  const means = [];
  for (const group of texts.groups) means.push(mean(await encodeTexts(ctx, active, group)));
  return [mean(means)];
}

function mean(vs: Float32Array[]): Float32Array {
  const out = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let j = 0; j < v.length; j++) out[j]! += v[j]!;
  const norm = Math.hypot(...out);
  return norm > 0 ? out.map((x) => x / norm) : out;
}

/**
 * A folder's examples, as photo ids: the photos put in it by hand, those said
 * not to be in it (taken out of it, to another folder), and the photos put in
 * no folder at all (the same for every folder; a photo taken out to Unsorted
 * is among these).
 */
export function examplesOf(folderId: number, corrections: Corrections): { positives: number[]; negatives: number[]; unsorted: number[] } {
  const positives: number[] = [];
  const unsorted = unsortedOf(corrections);
  const inNone = new Set(unsorted);
  const negatives = [...(corrections.rejected.get(folderId) ?? [])].filter((p) => !inNone.has(p));
  for (const [photo, folder] of corrections.manual) if (folder === folderId) positives.push(photo);
  // Maps keep insertion order: the newest corrections are last.
  return { positives: positives.slice(-MAX_EXAMPLES), negatives: negatives.slice(-MAX_EXAMPLES), unsorted };
}

/** The photos put in no folder by hand (the newest MAX_EXAMPLES). */
function unsortedOf(corrections: Corrections): number[] {
  const out: number[] = [];
  for (const [photo, folder] of corrections.manual) if (folder === null) out.push(photo);
  return out.slice(-MAX_EXAMPLES);
}

/**
 * The library's sorting for one model and index, kept between calls so that
 * only folders whose descriptions or examples changed are scored again.
 */
export class LibrarySorting {
  private scores: FolderScores | undefined;
  private modelId: number | undefined;
  /** the examples in no folder, merged once and held by every folder's rule (their ids as the key) */
  private unsorted: { key: string; examples: UnsortedExamples } | undefined;

  constructor(private readonly ctx: LibraryContext) {}

  /** Every folder's rule and margins, up to date (`extra`: a folder being previewed, not saved). */
  async scoresFor(active: ActiveModel, index: VectorIndex, corrections: Corrections, extra?: { id: number; name: string; prompts: string[] }): Promise<FolderScores> {
    const { ctx } = this;
    const scoring = active.model.folder.scoring;
    if (!this.scores || this.scores.index !== index || this.scores.version !== index.version || this.modelId !== active.record.id) {
      this.scores = new FolderScores(index, scoring, await backgroundVectors(ctx, active));
      this.modelId = active.record.id;
    }
    const folders = ctx.categories.list().filter((c) => c.id !== extra?.id);
    if (extra) folders.push({ id: extra.id, name: extra.name, prompts: extra.prompts });
    const background = await backgroundVectors(ctx, active);
    const vectors = (ids: number[]): Float32Array[] => ids.map((id) => index.vector(id)).filter((v): v is Float32Array => v !== undefined);
    const inNone = unsortedOf(corrections);
    const noneKey = JSON.stringify([active.record.id, index.version, inNone]);
    if (this.unsorted?.key !== noneKey) this.unsorted = { key: noneKey, examples: unsortedExamples(vectors(inNone)) };
    const rules: FolderRule[] = [];
    const keys = new Map<number, string>();
    for (const f of folders) {
      const ex = examplesOf(f.id, corrections);
      const key = JSON.stringify([f.name, f.prompts, ex.positives, ex.negatives, ex.unsorted]);
      keys.set(f.id, key);
      const had = this.scores.rule(f.id);
      if (had && this.scores.keyOf(f.id) === key) {
        rules.push(had);
        continue;
      }
      rules.push(
        learnFolder(
          {
            id: f.id,
            prompts: await folderVectors(ctx, active, f),
            positives: vectors(ex.positives),
            negatives: vectors(ex.negatives),
            unsorted: this.unsorted.examples,
          },
          scoring,
          background,
        ),
      );
    }
    this.scores.update(rules, keys);
    return this.scores;
  }

  /** The scores of the last `scoresFor` or `sort`, if any. */
  get latest(): FolderScores | undefined {
    return this.scores;
  }

  /**
   * Why a photo is where sorting put it: the folder's margin, split into its
   * description's part and its examples' pulls (the strongest first). For a
   * photo in no folder, the folder that came closest. Undefined when the photo
   * has no vector or there are no folders.
   */
  async explain(active: ActiveModel, index: VectorIndex, corrections: Corrections, photoId: number): Promise<Reason | undefined> {
    const scores = await this.scoresFor(active, index, corrections);
    const v = index.vector(photoId);
    const r = scores.ids.indexOf(photoId);
    if (!v || r < 0) return undefined;
    let folderId = scores.placeRow(r, corrections.rejected);
    if (folderId === null) {
      let best = -Infinity;
      for (const id of scores.folderIds()) {
        const z = scores.margin(id)![r]!;
        if (!corrections.rejected.get(id)?.has(photoId) && z > best) (best = z), (folderId = id);
      }
    }
    const folder = folderId === null ? undefined : this.ctx.categories.byId(folderId);
    if (!folder) return undefined;
    const rule = scores.rule(folder.id)!;
    const margin = scores.margin(folder.id)![r]!;
    const ex = examplesOf(folder.id, corrections);
    const pulls: ExamplePull[] = [];
    for (const [ids, sign] of [[ex.positives, 1], [[...ex.negatives, ...ex.unsorted], -1]] as const) {
      for (const id of ids) {
        const e = index.vector(id);
        if (!e || id === photoId) continue;
        // as in the margins: a pull below the floor is left out, so the parts add up to the margin
        const cos = dot(v, e);
        pulls.push({ photoId: id, inFolder: sign > 0, pull: cos > 1 - KERNEL_FLOOR / LEARNING.beta ? sign * LEARNING.alpha * kernel(cos) : 0 });
      }
    }
    // A close second folder lowers the confidence, as in FolderScores.decide.
    let second = -Infinity;
    for (const id of scores.folderIds()) {
      if (id !== folder.id && !corrections.rejected.get(id)?.has(photoId)) second = Math.max(second, scores.margin(id)![r]!);
    }
    const placed = scores.placeRow(r, corrections.rejected) === folder.id;
    const confidence = placed ? sigmoid(passes(scores.scoring, second) ? Math.min(margin, margin - second) : margin) : sigmoid(-margin);
    const cache = pulls.reduce((s, p) => s + p.pull, 0);
    let at = 0;
    rule.prompts.forEach((p, i) => {
      if (dot(v, p) > dot(v, rule.prompts[at]!)) at = i;
    });
    const textPart = margin + rule.threshold - cache;
    return {
      folderId: folder.id,
      placed,
      margin,
      confidence,
      text: textPart,
      threshold: rule.threshold,
      description: folder.prompts[at] ?? folder.name,
      examples: pulls.filter((p) => Math.abs(p.pull) >= 0.5).sort((a, b) => Math.abs(b.pull) - Math.abs(a.pull)).slice(0, 3),
      decidedBy: Math.abs(cache) > Math.abs(textPart) ? 'examples' : 'description',
    };
  }

  /** Sorts every photo and stores the automatic decisions (manual choices are kept apart and win). */
  async sort(active: ActiveModel, index: VectorIndex): Promise<SortResult> {
    const corrections = this.ctx.categories.corrections();
    const scores = await this.scoresFor(active, index, corrections);
    const decisions = scores.decide(corrections.rejected);
    this.ctx.categories.saveAuto(decisions, true);
    return { decisions };
  }
}

export async function sortLibrary(ctx: LibraryContext, active: ActiveModel, index: VectorIndex): Promise<SortResult> {
  return new LibrarySorting(ctx).sort(active, index);
}
