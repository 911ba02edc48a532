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

/** The picture seen through a zoom (≤ 1: a crop of the centre) shifted by (ox, oy) cells, bilinear. */
function view(g: Float32Array, zoom: number, ox: number, oy: number): Float32Array {
  const out = new Float32Array(S * S);
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
      out[y * S + x] =
        g[y0 * S + x0]! * (1 - fx) * (1 - fy) + g[y0 * S + x1]! * fx * (1 - fy) + g[y1 * S + x0]! * (1 - fx) * fy + g[y1 * S + x1]! * fx * fy;
    }
  }
  return out;
}

/** The inner 14×14 cells (the border is where a crop differs), mean removed, unit length (zeros if flat). */
function inner(g: Float32Array): Float32Array {
  const out = new Float32Array((S - 2) * (S - 2));
  let k = 0;
  for (let y = 1; y < S - 1; y++) for (let x = 1; x < S - 1; x++) out[k++] = g[y * S + x]!;
  return normalized(out);
}

function laplacian(g: Float32Array): Float32Array {
  const out = new Float32Array(S * S);
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

/** A photo's grey picture ready for comparisons: its views at every alignment, as tone and edges. */
export interface PreparedGrey {
  plain: { tone: Float32Array; edges: Float32Array };
  views: { tone: Float32Array; edges: Float32Array }[];
  flat: boolean;
}

export function prepareGrey(grey: Uint8Array): PreparedGrey {
  const g = Float32Array.from(grey);
  const make = (v: Float32Array) => ({ tone: inner(Float32Array.from(v)), edges: inner(laplacian(v)) });
  const views = [];
  for (const z of ZOOMS) for (const ox of SHIFTS) for (const oy of SHIFTS) if (!(z === 1 && ox === 0 && oy === 0)) views.push(make(view(g, z, ox, oy)));
  const plain = make(g);
  return { plain, views, flat: plain.tone.every((x) => x === 0) };
}

/** The best tone and edge correlations of a and b over the alignments (either one cropped). */
export function compareGrey(a: PreparedGrey, b: PreparedGrey): PixelMatch {
  if (a.flat || b.flat) return a.flat && b.flat ? { tone: 1, edges: 1 } : { tone: 0, edges: 0 };
  let tone = dot(a.plain.tone, b.plain.tone);
  let edges = dot(a.plain.edges, b.plain.edges);
  for (const v of b.views) {
    tone = Math.max(tone, dot(a.plain.tone, v.tone));
    edges = Math.max(edges, dot(a.plain.edges, v.edges));
  }
  for (const v of a.views) {
    tone = Math.max(tone, dot(v.tone, b.plain.tone));
    edges = Math.max(edges, dot(v.edges, b.plain.edges));
  }
  return { tone, edges };
}
