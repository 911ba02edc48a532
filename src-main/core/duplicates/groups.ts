/**
 * Groups of duplicates and of similar shots, from what the library holds
 * (pure: the caller reads the store). See docs/DUPLICATES.md.
 *
 * - exact: the same bytes (sha256).
 * - near: the same picture in other bytes. The CLIP vectors propose pairs
 *   (cosine ≥ CLIP_NEAR, candidates.ts); the pixel check confirms them
 *   (grey levels and edges of the 16×16 grey pictures, aligned, ≥ PIXEL_NEAR:
 *   pixels.ts); and two
 *   photos whose cameras wrote different times are different moments, never
 *   duplicates.
 * - similar: shots taken within BURST_SECONDS of each other whose vectors and
 *   pixels are alike but not alike enough to be the same picture. Built from
 *   one photo per duplicate group (its keeper), so the kinds never mix.
 */
import { closePairs, type CodeRows } from './candidates.js';
import { compareEdges, comparePlain, N, prepareGrey, preparePlain, toneAgainst, VIEWS, type PlainGrey, type PreparedGrey } from './pixels.js';
import { suggestKeep, type KeepFacts } from './keep.js';

/** CLIP cosine a near-duplicate's vectors reach at least (int8 estimate). Measured: see docs/DUPLICATES.md. */
export const CLIP_NEAR = 0.8;
/**
 * The same picture after resize, re-encode, a few % crop, brightness, format
 * change: grey levels and edges both this correlated (pixels.ts).
 */
export const PIXEL_NEAR = { tone: 0.9, edges: 0.65 };
/** Consecutive shots at most this many seconds apart belong to one burst. */
export const BURST_SECONDS = 10;
/** Shots of a burst: vectors at least this close, and grey pictures at least this correlated. */
export const CLIP_SIMILAR = 0.75;
export const PIXEL_SIMILAR = { tone: 0.6 };

export type GroupKind = 'exact' | 'near' | 'similar';

export interface DupPhoto extends KeepFacts {
  hash: string;
  /** the 16×16 grey picture (null: not fingerprinted yet) */
  grey: Uint8Array | null;
}

export interface Group {
  kind: GroupKind;
  /** the suggested keeper first, then by path */
  photos: DupPhoto[];
  keep: number;
  /** bytes freed by removing all but the keeper */
  saving: number;
}

export interface GroupInput {
  photos: DupPhoto[];
  /** CLIP codes of some of the photos (those the active model has read) */
  codes: Map<number, Uint8Array>;
  dim: number;
  /** "hashA hashB" pairs a person said are not duplicates / not similar shots */
  dismissed?: { duplicates: Set<string>; similar: Set<string> };
}

export interface FindOptions {
  kind?: 'duplicates' | 'similar' | 'all';
}

const pairKey = (a: string, b: string): string => (a <= b ? `${a} ${b}` : `${b} ${a}`);

export function findGroups(input: GroupInput, opts: FindOptions = {}): Group[] {
  const kind = opts.kind ?? 'duplicates';
  const dismissed = input.dismissed ?? { duplicates: new Set<string>(), similar: new Set<string>() };

  // One representative per content.
  const byHash = new Map<string, DupPhoto[]>();
  for (const p of input.photos) {
    const list = byHash.get(p.hash);
    if (list) list.push(p);
    else byHash.set(p.hash, [p]);
  }
  const reps = [...byHash.values()].map((l) => l.reduce((a, b) => (a.id < b.id ? a : b)));

  // CLIP proposes, pixels decide: pairs at CLIP_NEAR (the only ones that can be duplicates),
  // and shots a burst apart at CLIP_SIMILAR (found by time, not by a wider CLIP search).
  const withCodes = reps.filter((r) => input.codes.has(r.id));
  const rows: CodeRows = { ids: Int32Array.from(withCodes, (r) => r.id), codes: withCodes.map((r) => input.codes.get(r.id)!), dim: input.dim };
  const proposed = closePairs(rows, CLIP_NEAR);
  if (kind !== 'duplicates') proposed.push(...burstPairs(withCodes, rows, proposed));
  const pixels = new PixelCache(withCodes, proposed);
  const near: [DupPhoto, DupPhoto][] = [];
  const alike: [DupPhoto, DupPhoto][] = [];
  for (const [i, j] of proposed) {
    const a = withCodes[i]!;
    const b = withCodes[j]!;
    const verdict = pixels.decide(i, j, a, b);
    pixels.done(i, j);
    if (verdict === 'near') {
      if (!dismissed.duplicates.has(pairKey(a.hash, b.hash))) near.push([a, b]);
    } else if (verdict === 'alike') alike.push([a, b]);
  }

  // Duplicates: contents joined by confirmed pairs; each content brings its exact copies.
  const dup = new UnionFind();
  for (const [a, b] of near) dup.union(a.hash, b.hash);
  const dupSets = new Map<string, string[]>();
  for (const h of byHash.keys()) {
    const root = dup.find(h);
    const list = dupSets.get(root);
    if (list) list.push(h);
    else dupSets.set(root, [h]);
  }
  const groups: Group[] = [];
  const secondary = new Set<number>(); // photos a duplicate group would remove: never in a burst
  for (const hashes of dupSets.values()) {
    const photos = hashes.flatMap((h) => byHash.get(h)!);
    if (photos.length < 2) continue;
    if (hashes.length === 1 && dismissed.duplicates.has(pairKey(hashes[0]!, hashes[0]!))) continue;
    const g = makeGroup(hashes.length === 1 ? 'exact' : 'near', photos);
    for (const p of g.photos) if (p.id !== g.keep) secondary.add(p.id);
    groups.push(g);
  }

  // Similar shots, among what would stay.
  const similar: Group[] = [];
  if (kind !== 'duplicates') {
    const shots = new UnionFind();
    const keepers = new Map<string, DupPhoto>();
    const keeperOfHash = new Map<string, DupPhoto>();
    for (const g of groups) for (const p of g.photos) keeperOfHash.set(p.hash, g.photos[0]!);
    const keeperOf = (p: DupPhoto): DupPhoto => keeperOfHash.get(p.hash) ?? byHash.get(p.hash)!.reduce((x, y) => (x.id < y.id ? x : y));
    for (const [a, b] of alike) {
      const ka = keeperOf(a);
      const kb = keeperOf(b);
      if (secondary.has(ka.id) || secondary.has(kb.id) || ka.hash === kb.hash) continue;
      if (dismissed.similar.has(pairKey(ka.hash, kb.hash))) continue;
      keepers.set(ka.hash, ka);
      keepers.set(kb.hash, kb);
      shots.union(ka.hash, kb.hash);
    }
    const sets = new Map<string, DupPhoto[]>();
    for (const [h, p] of keepers) {
      const root = shots.find(h);
      const list = sets.get(root);
      if (list) list.push(p);
      else sets.set(root, [p]);
    }
    for (const photos of sets.values()) if (photos.length >= 2) similar.push(makeGroup('similar', photos));
  }

  const out = kind === 'similar' ? similar : kind === 'all' ? [...groups, ...similar] : groups;
  return out.sort((a, b) => b.saving - a.saving || a.photos[0]!.path.localeCompare(b.photos[0]!.path));
}

function makeGroup(kind: GroupKind, photos: DupPhoto[]): Group {
  const keeper = suggestKeep(photos, kind) as DupPhoto;
  const rest = photos.filter((p) => p !== keeper).sort((a, b) => a.path.localeCompare(b.path));
  return { kind, photos: [keeper, ...rest], keep: keeper.id, saving: rest.reduce((s, p) => s + p.size, 0) };
}

/** Most shots after each one looked at for a burst (a burst's shots are consecutive; the groups chain them). */
const BURST_NEIGHBOURS = 32;

/** Pairs [i, j] (rows, i < j) taken within BURST_SECONDS whose vectors are ≥ CLIP_SIMILAR, not already in `have`. */
function burstPairs(photos: DupPhoto[], rows: CodeRows, have: [number, number][]): [number, number][] {
  const n = photos.length;
  const seen = new Set(have.map(([i, j]) => i * n + j));
  const timed: [number, number][] = [];
  photos.forEach((p, i) => {
    const t = p.takenAt === null ? NaN : Date.parse(p.takenAt);
    if (Number.isFinite(t)) timed.push([t, i]);
  });
  timed.sort((a, b) => a[0] - b[0]);
  const dim = rows.dim;
  const i8 = (c: Uint8Array): Int8Array => new Int8Array(c.buffer, c.byteOffset, dim);
  const scale = (c: Uint8Array): number => new DataView(c.buffer, c.byteOffset, c.byteLength).getFloat32(dim, true);
  const out: [number, number][] = [];
  for (let x = 0; x < timed.length; x++) {
    const [t, i] = timed[x]!;
    for (let y = x + 1; y < timed.length && y <= x + BURST_NEIGHBOURS && timed[y]![0] - t <= BURST_SECONDS * 1000; y++) {
      const j = timed[y]![1];
      const key = Math.min(i, j) * n + Math.max(i, j);
      if (seen.has(key)) continue;
      const ca = rows.codes[i]!;
      const cb = rows.codes[j]!;
      const va = i8(ca);
      const vb = i8(cb);
      let c = 0;
      for (let k = 0; k < dim; k++) c += va[k]! * vb[k]!;
      if (c * scale(ca) * scale(cb) < CLIP_SIMILAR) continue;
      seen.add(key);
      out.push([Math.min(i, j), Math.max(i, j)]);
    }
  }
  return out;
}

/**
 * The grey pictures of the photos in proposed pairs, made when first needed
 * and dropped after their last pair: the unaligned picture for every such
 * photo, the 26 other alignments only for a pair the unaligned one leaves
 * open, in one pool of ALIGNED_KEPT slots (≈ 20 KB each) reused round the
 * clock, so that making them allocates nothing.
 */
const ALIGNED_KEPT = 2048;

class PixelCache {
  private readonly left: Int32Array;
  private readonly plain = new Map<number, PlainGrey | null>();
  private readonly aligned = new Map<number, { grey: PreparedGrey; slot: number }>();
  private pool: Float32Array | undefined;
  private slotOwner: Int32Array | undefined;
  private readonly freeSlots: number[] = [];
  private clock = 0;

  constructor(private readonly photos: DupPhoto[], pairs: [number, number][]) {
    this.left = new Int32Array(photos.length);
    for (const [i, j] of pairs) {
      this.left[i]!++;
      this.left[j]!++;
    }
  }

  /** What the pixels (and camera times) say of a pair: the same picture, shots of a burst, or neither. */
  decide(i: number, j: number, a: DupPhoto, b: DupPhoto): 'near' | 'alike' | null {
    const differentMoments = a.takenAt !== null && b.takenAt !== null && a.takenAt !== b.takenAt;
    const burst = a.takenAt !== null && b.takenAt !== null && withinBurst(a.takenAt, b.takenAt);
    if (differentMoments && !burst) return null; // neither can be: no need to look
    const pa = this.plainOf(i);
    const pb = this.plainOf(j);
    if (!pa || !pb) return null;
    // The aligned correlations are at least the unaligned ones: a pass here is a pass there.
    const plain = comparePlain(pa, pb);
    const isNear = (m: { tone: number; edges: number }): boolean => !differentMoments && m.tone >= PIXEL_NEAR.tone && m.edges >= PIXEL_NEAR.edges;
    if (isNear(plain)) return 'near';
    if (differentMoments && plain.tone >= PIXEL_SIMILAR.tone) return 'alike';
    // No alignment moves a picture further than its reach (pixels.ts), so a's plain tone against b's
    // views is at most plain + b's reach, and the other way round: a direction that cannot reach
    // what a verdict needs is not looked at (neither: settled, no aligned views at all).
    const need = (burst ? PIXEL_SIMILAR.tone : PIXEL_NEAR.tone) - 1e-4;
    let tone = plain.tone;
    if (plain.tone + pb.reach >= need) tone = Math.max(tone, toneAgainst(pa, this.alignedOf(j, pb)));
    if (plain.tone + pa.reach >= need) tone = Math.max(tone, toneAgainst(pb, this.alignedOf(i, pa, j)));
    // The edges only when the tone could make a duplicate (rare: both photos' views then).
    if (!differentMoments && tone >= PIXEL_NEAR.tone && compareEdges(this.alignedOf(i, pa), this.alignedOf(j, pb, i)) >= PIXEL_NEAR.edges) return 'near';
    return burst && tone >= PIXEL_SIMILAR.tone ? 'alike' : null;
  }

  done(i: number, j: number): void {
    for (const k of [i, j])
      if (--this.left[k]! === 0) {
        this.plain.delete(k);
        const a = this.aligned.get(k);
        if (a) {
          this.aligned.delete(k);
          this.slotOwner![a.slot] = -1;
          this.freeSlots.push(a.slot);
        }
      }
  }

  private plainOf(i: number): PlainGrey | null {
    let p = this.plain.get(i);
    if (p === undefined) {
      const g = this.photos[i]!.grey;
      p = g ? preparePlain(g) : null;
      this.plain.set(i, p);
    }
    return p;
  }

  /** `other`: the pair's other photo, whose views must stay. */
  private alignedOf(i: number, plain: PlainGrey, other = -1): PreparedGrey {
    const have = this.aligned.get(i);
    if (have) return have.grey;
    const slot = this.takeSlot(other);
    this.slotOwner![slot] = i;
    const grey = prepareGrey(this.photos[i]!.grey!, plain, this.pool!.subarray(slot * VIEWS * N, (slot + 1) * VIEWS * N));
    this.aligned.set(i, { grey, slot });
    return grey;
  }

  private takeSlot(keep: number): number {
    if (!this.pool) {
      const slots = Math.min(ALIGNED_KEPT, this.photos.length);
      this.pool = new Float32Array(slots * VIEWS * N);
      this.slotOwner = new Int32Array(slots).fill(-1);
      for (let s = slots - 1; s >= 0; s--) this.freeSlots.push(s);
    }
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    // Full: the next slot round the clock, not the one the pair's other photo holds.
    const owners = this.slotOwner!;
    let s = this.clock;
    if (owners[s] === keep) s = (s + 1) % owners.length;
    this.clock = (s + 1) % owners.length;
    this.aligned.delete(owners[s]!);
    return s;
  }
}

function withinBurst(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isFinite(ta) && Number.isFinite(tb) && Math.abs(ta - tb) <= BURST_SECONDS * 1000;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let r = x;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    let c = x;
    while (c !== r) {
      const next = this.parent.get(c) ?? r;
      this.parent.set(c, r);
      c = next;
    }
    return r;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}
