/**
 * Finding duplicates and similar shots over N photos (core/duplicates
 * findGroups, kind "all"): CLIP candidates from the int8 codes, the pixel
 * check on candidates, bursts. The photos are synthetic but shaped like a real
 * library's: CLIP vectors share a common direction and cluster by scene
 * (photos of one scene at cosine ≈ 0.7–0.85, so many cross the 0.75 candidate
 * line and must be told apart by pixels), 3 % have a planted near-copy and
 * 1 % are in bursts of 5. Reading the rows from SQLite is not included.
 */
import { encodeCodes } from '../src-main/core/vector-codes/int8.js';
import { findGroups, type DupPhoto } from '../src-main/core/duplicates/groups.js';
import { summarize } from './lib/stats.js';
import { machine, type BenchResult, type Goal, type Row } from './lib/report.js';
import { vectorFor } from './lib/vectors.js';

const DIM = 512;

function mix(parts: [Float32Array, number][]): Float32Array {
  const out = new Float32Array(DIM);
  for (const [v, w] of parts) for (let j = 0; j < DIM; j++) out[j]! += v[j]! * w;
  let n = 0;
  for (let j = 0; j < DIM; j++) n += out[j]! * out[j]!;
  const inv = 1 / Math.sqrt(n);
  for (let j = 0; j < DIM; j++) out[j]! *= inv;
  return out;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const iso = (s: number): string => new Date(Date.UTC(2020, 0, 1) + s * 1000).toISOString().slice(0, 19);

export function library(n: number): { photos: DupPhoto[]; codes: Map<number, Uint8Array>; planted: number; bursts: number } {
  const r = rng(7);
  const common = vectorFor(1, DIM);
  const scenes = Math.round(n / 30);
  const centers = Array.from({ length: scenes }, (_, k) => mix([[common, 0.7], [vectorFor(100 + k, DIM), 0.7]]));
  const photos: DupPhoto[] = [];
  const codes = new Map<number, Uint8Array>();
  let planted = 0;
  let bursts = 0;
  const add = (v: Float32Array, grey: Uint8Array, takenAt: string | null, size: number): void => {
    const id = photos.length + 1;
    photos.push({ id, path: `/photos/${Math.floor(id / 500)}/IMG_${id}.jpg`, size, mtimeMs: 0, hash: `h${id}`, width: 4000, height: 3000, takenAt, camera: 'Phone', grey, sharpness: r() * 100, format: 'jpeg' });
    codes.set(id, encodeCodes(v));
  };
  const greyOf = smooth ? (): Uint8Array => smoothGrey(r) : (): Uint8Array => Uint8Array.from({ length: 256 }, () => Math.floor(r() * 256));
  const nudge = (g: Uint8Array, by: number): Uint8Array => Uint8Array.from(g, (x) => Math.max(0, Math.min(255, x + Math.round((r() - 0.5) * by))));
  while (photos.length < n) {
    const k = Math.floor(r() * scenes);
    const tight = 0.45 + r() * 0.3; // how alike this scene's photos are: cosine ≈ 1 / (1 + tight²)
    const v = mix([[centers[k]!, 1], [vectorFor(1_000_000 + photos.length, DIM), tight]]);
    const grey = greyOf();
    const t = photos.length * 97;
    add(v, grey, noTimes ? null : iso(t), 3_000_000);
    const roll = r();
    if (roll < 0.03 && photos.length < n) {
      add(mix([[v, 1], [vectorFor(5_000_000 + photos.length, DIM), 0.08]]), nudge(grey, smooth ? 4 : 12), noTimes ? null : iso(t), 900_000); // a re-encoded copy (smooth: ±2 levels, what a re-encode does to a 16×16 cell's mean)
      planted++;
    } else if (roll < 0.032 && photos.length + 4 <= n) { // 0.2 % of shots start a burst of 5: 1 % of photos
      for (let s = 1; s < 5; s++) add(mix([[v, 1], [vectorFor(7_000_000 + photos.length, DIM), 0.25]]), nudge(grey, 60), noTimes ? null : iso(t + s), 3_000_000);
      bursts++;
    }
  }
  return { photos, codes, planted, bursts };
}

/**
 * A 16×16 grey picture shaped like a photo's at that size: a slope of light,
 * six soft blobs of ±100 grey levels, a little noise (±5). Real pictures are
 * this smooth at 16×16; noise (the default) is the worst case for the pixel
 * check, since no bound on what an alignment can change settles a pair of noise.
 */
function smoothGrey(r: () => number): Uint8Array {
  const blobs = Array.from({ length: 6 }, () => [r() * 16, r() * 16, 2 + r() * 5, (r() - 0.5) * 200] as const);
  const gx = (r() - 0.5) * 8;
  const gy = (r() - 0.5) * 8;
  const base = 60 + r() * 120;
  return Uint8Array.from({ length: 256 }, (_, i) => {
    const x = i % 16;
    const y = Math.floor(i / 16);
    let v = base + gx * (x - 8) + gy * (y - 8) + (r() - 0.5) * 10;
    for (const [bx, by, sd, a] of blobs) v += a * Math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * sd * sd));
    return Math.max(0, Math.min(255, Math.round(v)));
  });
}

/** DUP_BENCH_SIZES=10000,30000 DUP_BENCH_RUNS=1 for a quicker look. */
const envSizes = process.env['DUP_BENCH_SIZES']?.split(',').map(Number).filter((x) => x > 0);
const envRuns = Number(process.env['DUP_BENCH_RUNS']) || undefined;
/** DUP_BENCH_NO_TIMES=1: no photo has a camera time (scans, messenger copies), so every candidate pair gets the pixel check. */
const noTimes = process.env['DUP_BENCH_NO_TIMES'] === '1';
/** DUP_BENCH_SMOOTH=1: smooth grey pictures (smoothGrey) instead of noise. */
const smooth = process.env['DUP_BENCH_SMOOTH'] === '1';

export async function duplicatesBench(sizes = envSizes ?? [20_000, 100_000], runs = envRuns ?? 3): Promise<BenchResult> {
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  for (const n of sizes) {
    const lib = library(n);
    const before = Math.round(process.memoryUsage().rss / 2 ** 20);
    const times: number[] = [];
    const cpu: number[] = []; // this thread's CPU time: what the wall time would be on an idle core
    let found = { near: 0, similar: 0, plantedFound: 0 };
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const groups = findGroups({ photos: lib.photos, codes: lib.codes, dim: DIM }, { kind: 'all' });
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      found = {
        near: groups.filter((g) => g.kind === 'near').length,
        similar: groups.filter((g) => g.kind === 'similar').length,
        plantedFound: groups.filter((g) => g.kind === 'near').length,
      };
    }
    const s = summarize(times.map((x) => x / 1000));
    const variant = `${noTimes ? ', no camera times' : ''}${smooth ? ', smooth pictures' : ''}`;
    rows.push({ label: `find duplicates and similar shots, ${n / 1000}k photos${variant}`, unit: 's', ...s });
    // Peak RSS of the whole process so far (the library itself included), in MB.
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    rows.push({ label: `  CPU time of the same`, unit: 's', ...summarize(cpu.map((x) => x / 1000)) });
    rows.push({ label: `RSS with the ${n / 1000}k-photo library built, before finding`, unit: 'MB', median: before });
    rows.push({ label: `peak RSS after ${n / 1000}k photos (process so far)`, unit: 'MB', median: rss });
    notes.push(`${n / 1000}k: ${lib.planted} planted copies → ${found.near} near-duplicate groups; ${lib.bursts} bursts → ${found.similar} similar-shot groups.`);
    if (n === 100_000) goals.push({ goal: `find duplicates over 100k photos${variant}`, target: '≤ 10 s', measured: `${s.median.toFixed(2)} s`, met: s.median <= 10 });
  }
  return { name: 'duplicates', title: 'Finding duplicates (synthetic library, 512-d codes)', date: new Date().toISOString(), machine: machine(), rows, goals, notes };
}
