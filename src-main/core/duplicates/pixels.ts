/**
 * The pixel check on two photos' 16×16 grey pictures (imaging/decode.ts makes
 * them in the one decode pass). Two measures, each the best over a few
 * alignments (zoom 1, 0.96, 0.92 around the centre, ± half a cell), so that a
 * crop of a few percent lines up again:
 *
 * - `tone`: the Pearson correlation of the grey levels. Subtracting the mean
 *   and dividing by the spread makes it blind to brightness and contrast.
 * - `edges`: the correlation of their Laplacians (where the picture changes).
 *   Two different photos of one kind of scene often share the broad layout
 *   (a sky above, a floor below: high `tone`) but not where the edges are.
 *
 * Measured on generated copies and distinct photos (docs/DUPLICATES.md): every
 * copy ≥ 0.97 tone and ≥ 0.87 edges; distinct photos that CLIP embeds alike
 * at most 0.97 tone but 0.41 edges.
 */

const S = 16;
const ZOOMS = [1, 0.96, 0.92];
const SHIFTS = [-0.5, 0, 0.5];

export interface PixelMatch {
  tone: number;
  edges: number;
}

/** Where each cell of a view samples the picture: 4 source cells and their bilinear weights per cell. */
interface Sampler {
  idx: Int32Array;
  w: Float32Array;
}

/** The sampler of the picture seen through a zoom (≤ 1: a crop of the centre) shifted by (ox, oy) cells. */
function sampler(zoom: number, ox: number, oy: number): Sampler {
  const idx = new Int32Array(S * S * 4);
  const w = new Float32Array(S * S * 4);
  for (let y = 0; y < S; y++) {
    const sy = Math.min(S - 1, Math.max(0, (y + 0.5 - S / 2) * zoom + S / 2 + oy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(S - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < S; x++) {
      const sx = Math.min(S - 1, Math.max(0, (x + 0.5 - S / 2) * zoom + S / 2 + ox - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(S - 1, x0 + 1);
      const fx = sx - x0;
      const k = (y * S + x) * 4;
      idx.set([y0 * S + x0, y0 * S + x1, y1 * S + x0, y1 * S + x1], k);
      w.set([(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy], k);
    }
  }
  return { idx, w };
}

// The same for every photo: worked out once.
let samplers: Sampler[] | undefined;
function allSamplers(): Sampler[] {
  if (!samplers) {
    samplers = [];
    for (const z of ZOOMS) for (const ox of SHIFTS) for (const oy of SHIFTS) if (!(z === 1 && ox === 0 && oy === 0)) samplers.push(sampler(z, ox, oy));
  }
  return samplers;
}

function view(g: Float32Array, sm: Sampler, out: Float32Array): Float32Array {
  const { idx, w } = sm;
  for (let i = 0, k = 0; i < S * S; i++, k += 4) out[i] = g[idx[k]!]! * w[k]! + g[idx[k + 1]!]! * w[k + 1]! + g[idx[k + 2]!]! * w[k + 2]! + g[idx[k + 3]!]! * w[k + 3]!;
  return out;
}

/** The inner 14×14 cells (the border is where a crop differs), mean removed, unit length (zeros if flat). */
function inner(g: Float32Array, out = new Float32Array((S - 2) * (S - 2))): Float32Array {
  let k = 0;
  for (let y = 1; y < S - 1; y++) for (let x = 1; x < S - 1; x++) out[k++] = g[y * S + x]!;
  return normalized(out);
}

function laplacian(g: Float32Array, out = new Float32Array(S * S)): Float32Array {
  for (let y = 1; y < S - 1; y++)
    for (let x = 1; x < S - 1; x++) {
      const i = y * S + x;
      out[i] = 4 * g[i]! - g[i - 1]! - g[i + 1]! - g[i - S]! - g[i + S]!;
    }
  return out;
}

function normalized(v: Float32Array): Float32Array {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) {
    v[i]! -= mean;
    sq += v[i]! * v[i]!;
  }
  // Under about one grey level of spread the picture is flat: nothing to correlate.
  const inv = sq / v.length < 1 ? 0 : 1 / Math.sqrt(sq);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Cells compared: the inner 14×14. */
export const N = (S - 2) * (S - 2);

/** A photo's grey picture as compared unaligned: tone and edges of the inner cells. */
export interface PlainGrey {
  tone: Float32Array;
  edges: Float32Array;
  flat: boolean;
  /**
   * How far (as unit vectors) any aligned view's tone can be from this plain
   * tone: at most 2. So the aligned tone of a pair is at most the plain tone
   * plus the larger reach of the two, which settles most pairs of smooth
   * pictures unaligned (a picture of noise reaches 2: no help there).
   */
  reach: number;
}

/**
 * A photo's grey picture ready for aligned comparisons: the tone of its views
 * at the 26 other alignments, packed (view k at k·N), and their edges made
 * only when a pair's tone is close enough to need them.
 */
export interface PreparedGrey {
  plain: PlainGrey;
  flat: boolean;
  grey: Float32Array;
  tone: Float32Array;
  edges: Float32Array | null;
}

/** The unaligned picture only: ≈ 1.5 KB and a few µs, enough to settle most pairs (groups.ts). */
export function preparePlain(grey: Uint8Array): PlainGrey {
  const g = scratch.grey;
  for (let i = 0; i < S * S; i++) g[i] = grey[i]!;
  const tone = inner(g);
  let flat = true;
  for (let i = 0; i < N && flat; i++) flat = tone[i] === 0;
  return { tone, edges: inner(laplacian(g, scratch.plainLap)), flat, reach: flat ? 2 : reachOf(g) };
}

/**
 * An upper bound of |view − plain| over the aligned views, as unit vectors.
 * Each view's cell is a weighted mean of source cells it samples, so it is
 * within m = max |source − cell| of the plain cell; over the inner cells that
 * bounds |view − plain| by e = √Σm² before the mean is taken off (a projection:
 * no longer after), and two vectors within e of one of length r are at most
 * asin(e/r) apart in angle, i.e. √(2 − 2√(1 − (e/r)²)) apart as unit vectors.
 */
function reachOf(g: Float32Array): number {
  let mean = 0;
  for (let y = 1; y < S - 1; y++) for (let x = 1; x < S - 1; x++) mean += g[y * S + x]!;
  mean /= N;
  let r2 = 0;
  let e2 = 0;
  let c = 0;
  for (let y = 1; y < S - 1; y++)
    for (let x = 1; x < S - 1; x++, c++) {
      const v = g[y * S + x]!;
      r2 += (v - mean) * (v - mean);
      let m = 0;
      for (let k = REACH_START[c]!; k < REACH_START[c + 1]!; k++) {
        const d = Math.abs(g[REACH_CELLS[k]!]! - v);
        if (d > m) m = d;
      }
      e2 += m * m;
    }
  const q = e2 / r2;
  return q >= 1 ? 2 : Math.sqrt(2 - 2 * Math.sqrt(1 - q));
}

const scratch = { view: new Float32Array(S * S), lap: new Float32Array(S * S), rows: new Float64Array(S * (S - 2)), grey: new Float32Array(S * S), plainLap: new Float32Array(S * S) };

/**
 * Where one coordinate of a view samples the picture, per cell: the two
 * source cells and the second one's weight. A view's bilinear sampling is
 * this along x times this along y (the same as its Sampler), so the 26 views
 * are made from 9 passes along x (one per zoom and x shift) and a short pass
 * along y each, for the inner cells only.
 */
interface Axis {
  i0: Int32Array;
  i1: Int32Array;
  f: Float64Array;
}

function axis(zoom: number, shift: number): Axis {
  const a = { i0: new Int32Array(S), i1: new Int32Array(S), f: new Float64Array(S) };
  for (let x = 0; x < S; x++) {
    const sx = Math.min(S - 1, Math.max(0, (x + 0.5 - S / 2) * zoom + S / 2 + shift - 0.5));
    a.i0[x] = Math.floor(sx);
    a.i1[x] = Math.min(S - 1, a.i0[x]! + 1);
    a.f[x] = sx - a.i0[x]!;
  }
  return a;
}

const AXES: Axis[][] = ZOOMS.map((z) => SHIFTS.map((o) => axis(z, o)));
/** How many aligned views each photo has (all but zoom 1 unshifted): 26. */
export const VIEWS = ZOOMS.length * SHIFTS.length * SHIFTS.length - 1;

/**
 * The source cells any aligned view samples for each inner cell (the union
 * over the views of the bilinear corners, from AXES), as offsets into the
 * 16×16 picture, cell by cell: REACH_CELLS[REACH_START[c] … REACH_START[c+1]).
 */
const { REACH_START, REACH_CELLS } = (() => {
  const cols: number[][] = [];
  for (let x = 0; x < S; x++) {
    const set = new Set<number>();
    for (const row of AXES) for (const a of row) set.add(a.i0[x]!).add(a.i1[x]!);
    cols.push([...set]);
  }
  const start = [0];
  const cells: number[] = [];
  for (let y = 1; y < S - 1; y++)
    for (let x = 1; x < S - 1; x++) {
      for (const sy of cols[y]!) for (const sx of cols[x]!) cells.push(sy * S + sx);
      start.push(cells.length);
    }
  return { REACH_START: Int32Array.from(start), REACH_CELLS: Int32Array.from(cells) };
})();

/** The tone of the 26 aligned views of `g` into `out` (VIEWS · N floats, view k at k·N), in the order of allSamplers. */
function alignedTones(g: Float32Array, out: Float32Array): void {
  const rows = scratch.rows;
  const W = S - 2;
  let k = 0;
  for (let zi = 0; zi < ZOOMS.length; zi++)
    for (let xi = 0; xi < SHIFTS.length; xi++) {
      const ax = AXES[zi]![xi]!;
      // Along x, every source row, the inner columns.
      for (let r = 0; r < S; r++)
        for (let x = 1; x < S - 1; x++) {
          const f = ax.f[x]!;
          rows[r * W + x - 1] = g[r * S + ax.i0[x]!]! * (1 - f) + g[r * S + ax.i1[x]!]! * f;
        }
      for (let yi = 0; yi < SHIFTS.length; yi++) {
        if (ZOOMS[zi] === 1 && SHIFTS[xi] === 0 && SHIFTS[yi] === 0) continue;
        const ay = AXES[zi]![yi]!;
        const off = k * N;
        // Along y, summing as it goes; then the mean off and unit length in one pass (as `normalized`).
        let sum = 0;
        let sq = 0;
        for (let y = 1; y < S - 1; y++) {
          const f = ay.f[y]!;
          const r0 = ay.i0[y]! * W;
          const r1 = ay.i1[y]! * W;
          const o = off + (y - 1) * W;
          for (let x = 0; x < W; x++) {
            const v = rows[r0 + x]! * (1 - f) + rows[r1 + x]! * f;
            out[o + x] = v;
            sum += v;
            sq += v * v;
          }
        }
        const mean = sum / N;
        const spread = sq - sum * mean; // Σ(v − mean)²
        const inv = spread / N < 1 ? 0 : 1 / Math.sqrt(spread);
        for (let i = off; i < off + N; i++) out[i] = (out[i]! - mean) * inv;
        k++;
      }
    }
}

/**
 * The tone of the other 26 alignments (≈ 20 KB): made only for a pair the
 * unaligned comparison leaves open. `into`: VIEWS · N floats to write them to
 * (a slot of groups.ts's pool), else new.
 */
export function prepareGrey(grey: Uint8Array, plain = preparePlain(grey), into?: Float32Array): PreparedGrey {
  const g = Float32Array.from(grey);
  const tone = into ?? new Float32Array(VIEWS * N);
  alignedTones(g, tone);
  return { plain, flat: plain.flat, grey: g, tone, edges: null };
}

/** The tone of the aligned views made the first way (a Sampler per view): what alignedTones must equal (a test compares them). */
export function alignedTonesBySampler(grey: Uint8Array): Float32Array {
  const g = Float32Array.from(grey);
  const sm = allSamplers();
  const tone = new Float32Array(sm.length * N);
  for (let k = 0; k < sm.length; k++) inner(view(g, sm[k]!, scratch.view), tone.subarray(k * N, (k + 1) * N));
  return tone;
}

function edgesOf(p: PreparedGrey): Float32Array {
  if (!p.edges) {
    const sm = allSamplers();
    const edges = new Float32Array(sm.length * N);
    for (let k = 0; k < sm.length; k++) inner(laplacian(view(p.grey, sm[k]!, scratch.view), scratch.lap), edges.subarray(k * N, (k + 1) * N));
    p.edges = edges;
  }
  return p.edges;
}

function dotAt(a: Float32Array, b: Float32Array, off: number): number {
  let s = 0;
  for (let i = 0; i < N; i++) s += a[i]! * b[off + i]!;
  return s;
}

/** The unaligned tone and edge correlations (a lower bound of compareGrey's). */
export function comparePlain(a: PlainGrey, b: PlainGrey): PixelMatch {
  if (a.flat || b.flat) return a.flat && b.flat ? { tone: 1, edges: 1 } : { tone: 0, edges: 0 };
  return { tone: dot(a.tone, b.tone), edges: dot(a.edges, b.edges) };
}

/** The best tone correlation of `plain` (unaligned) with the aligned views of `views` (one direction of compareTone). */
export function toneAgainst(plain: PlainGrey, views: PreparedGrey): number {
  if (plain.flat || views.flat) return plain.flat && views.flat ? 1 : 0;
  const p = plain.tone;
  const t = views.tone;
  let best = -1;
  for (let off = 0; off < t.length; off += N) {
    let x = 0;
    for (let i = 0; i < N; i++) x += p[i]! * t[off + i]!;
    if (x > best) best = x;
  }
  return best;
}

/** The best tone correlation of a and b over the alignments. */
export function compareTone(a: PreparedGrey, b: PreparedGrey): number {
  if (a.flat || b.flat) return a.flat && b.flat ? 1 : 0;
  const pa = a.plain.tone;
  const pb = b.plain.tone;
  const ta = a.tone;
  const tb = b.tone;
  let tone = dot(pa, pb);
  for (let off = 0; off < ta.length; off += N) {
    let x = 0;
    let y = 0;
    for (let i = 0; i < N; i++) {
      x += pa[i]! * tb[off + i]!;
      y += pb[i]! * ta[off + i]!;
    }
    if (x > tone) tone = x;
    if (y > tone) tone = y;
  }
  return tone;
}

/** The best edge correlation of a and b over the alignments. */
export function compareEdges(a: PreparedGrey, b: PreparedGrey): number {
  if (a.flat || b.flat) return a.flat && b.flat ? 1 : 0;
  const ea = edgesOf(a);
  const eb = edgesOf(b);
  let edges = dot(a.plain.edges, b.plain.edges);
  const views = ea.length / N;
  for (let k = 0; k < views; k++) edges = Math.max(edges, dotAt(a.plain.edges, eb, k * N), dotAt(b.plain.edges, ea, k * N));
  return edges;
}

/** The best tone and edge correlations of a and b over the alignments (either one cropped). */
export function compareGrey(a: PreparedGrey, b: PreparedGrey): PixelMatch {
  return { tone: compareTone(a, b), edges: compareEdges(a, b) };
}
