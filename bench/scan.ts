/**
 * Vector scan: top-50 over N stored 512-d unit vectors, three ways —
 * Shoebox's VectorIndex (int8 codes, WASM SIMD, all cores, exact rescoring),
 * a plain JavaScript float32 loop, and sqlite-vec's vec0 KNN — plus the memory
 * Shoebox's index takes per photo and how often its top-10 is exactly the
 * float32 top-10.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { VectorIndex } from '../src-main/core/search/vector-index.js';
import { topK } from './lib/top-k.js';
import { summarize, type Summary } from './lib/stats.js';
import { machine, type BenchResult, type Row, type Goal } from './lib/report.js';
import { queryFor, vectorFor } from './lib/vectors.js';

const DIM = 512;
const K = 50;

export interface ScanOptions {
  sizes?: number[];
  /** queries timed for Shoebox's index (and checked against the exact top-10) */
  queries?: number;
  /** skip sqlite-vec and the JS loop's timing (the smoke test) */
  quick?: boolean;
}

interface OursOut {
  times: number[];
  /** the same queries within an allowed set (mask built per query, as the app does), and with the cut-off */
  filtered: { label: string; times: number[] }[];
  top10: number[][];
  bytesPerPhoto: number;
  indexBytesPerPhoto: number;
  loadMs: number;
}

/** Shoebox's index, in a fresh process so its memory is measured alone. Exact vectors come from the generator (no float32 kept). */
export async function oursChild(n: number, queries: number): Promise<OursOut> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const index = new VectorIndex(DIM, n, { exact: (ids) => ids.map((id) => vectorFor(id, DIM)) });
  const v = new Float32Array(DIM);
  for (let id = 1; id <= n; id++) index.set(id, vectorFor(id, DIM, v));
  const loadMs = performance.now() - t0;
  gc?.();
  const bytesPerPhoto = (process.memoryUsage().rss - before) / n;
  await new Promise((r) => setTimeout(r, 200)); // the scan worker starts
  for (let i = 0; i < 5; i++) index.search(queryFor(10_000 + i, DIM), K);
  const times: number[] = [];
  const top10: number[][] = [];
  for (let i = 0; i < queries; i++) {
    const q = queryFor(i, DIM);
    const t = performance.now();
    const hits = index.search(q, K);
    times.push(performance.now() - t);
    top10.push(hits.slice(0, 10).map((h) => h.photoId));
  }
  const filtered: { label: string; times: number[] }[] = [];
  for (const [label, share] of [['a filter allowing 10%', 0.1], ['a filter allowing 1%', 0.01]] as const) {
    const allowed = new Uint8Array(n + 1);
    for (let id = 1; id <= n; id++) allowed[id] = (id * 2654435761) % 1000 < share * 1000 ? 1 : 0;
    const ft: number[] = [];
    for (let i = 0; i < queries; i++) {
      const t = performance.now();
      index.searchWith(queryFor(i, DIM), K, { allowed });
      ft.push(performance.now() - t);
    }
    filtered.push({ label, times: ft });
  }
  index.setFloors([queryFor(50_001, DIM), queryFor(50_002, DIM), queryFor(50_003, DIM)]);
  const ct: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    index.searchWith(queryFor(i, DIM), K, { aboveFloor: true });
    ct.push(performance.now() - t);
  }
  filtered.push({ label: 'the relevance cut-off (above each photo\'s floor, all counted)', times: ct });
  const indexBytesPerPhoto = indexBytes(index) / n;
  index.close();
  return { times, filtered, top10, bytesPerPhoto, indexBytesPerPhoto, loadMs };
}

/** Bytes the index holds for its vectors: its shared memory (codes and scan areas) and its ids; no float32 copies with an exact source. */
function indexBytes(index: VectorIndex): number {
  const { memory, capacity } = index.loadTarget();
  return memory.buffer.byteLength + capacity * Int32Array.BYTES_PER_ELEMENT;
}

function runOurs(n: number, queries: number): OursOut {
  const run = fileURLToPath(new URL('./run.js', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', run, '--child', 'scan-ours', String(n), String(queries)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scan child failed (${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as OursOut;
}

/** All n vectors as one float32 array (the plain-JS baseline's layout). */
function allVectors(n: number): Float32Array {
  const data = new Float32Array(n * DIM);
  for (let id = 1; id <= n; id++) vectorFor(id, DIM, data.subarray((id - 1) * DIM, id * DIM));
  return data;
}

/** Exact float32 top-k for several queries at once (each row read once for all of them). */
function exactTop(data: Float32Array, n: number, qs: Float32Array[], k: number): number[][] {
  const best = qs.map(() => ({ s: new Float64Array(k).fill(-Infinity), id: new Int32Array(k) }));
  const dots = new Float64Array(qs.length);
  for (let r = 0; r < n; r++) {
    const o = r * DIM;
    for (let qi = 0; qi < qs.length; qi++) {
      const q = qs[qi]!;
      let s = 0;
      for (let j = 0; j < DIM; j++) s += data[o + j]! * q[j]!;
      dots[qi] = s;
    }
    for (let qi = 0; qi < qs.length; qi++) {
      const b = best[qi]!;
      const s = dots[qi]!;
      if (s <= b.s[k - 1]!) continue;
      let p = k - 1;
      while (p > 0 && b.s[p - 1]! < s) {
        b.s[p] = b.s[p - 1]!;
        b.id[p] = b.id[p - 1]!;
        p--;
      }
      b.s[p] = s;
      b.id[p] = r + 1;
    }
  }
  return best.map((b) => Array.from(b.id));
}

/** The plain loop a developer would write: dot with every row, then a heap top-k. */
function jsLoopSearch(data: Float32Array, n: number, q: Float32Array, k: number): number[] {
  const scores = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const o = r * DIM;
    for (let j = 0; j < DIM; j++) s += data[o + j]! * q[j]!;
    scores[r] = s;
  }
  return topK(ids(n), scores, k).map((h) => h.photoId);
}

function sqliteVecTimes(data: Float32Array, n: number, queries: number): { times: number[]; top10: number[][] } {
  const db = new Database(':memory:');
  sqliteVec.load(db);
  db.exec(`CREATE VIRTUAL TABLE items USING vec0(embedding float[${DIM}])`);
  const ins = db.prepare('INSERT INTO items(rowid, embedding) VALUES (?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= n; id++) ins.run(BigInt(id), Buffer.from(data.buffer, (id - 1) * DIM * 4, DIM * 4));
  })();
  const knn = db.prepare('SELECT rowid FROM items WHERE embedding MATCH ? AND k = ? ORDER BY distance');
  const run = (q: Float32Array): number[] => (knn.all(Buffer.from(q.buffer), K) as { rowid: number }[]).map((r) => r.rowid);
  run(queryFor(9_999, DIM));
  const times: number[] = [];
  const top10: number[][] = [];
  for (let i = 0; i < queries; i++) {
    const t = performance.now();
    const ids = run(queryFor(i, DIM));
    times.push(performance.now() - t);
    top10.push(ids.slice(0, 10));
  }
  db.close();
  return { times, top10 };
}

let idCache = new Int32Array(0);
function ids(n: number): Int32Array {
  if (idCache.length !== n) idCache = Int32Array.from({ length: n }, (_, i) => i + 1);
  return idCache;
}

const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function row(label: string, s: Summary, unit = 'ms', note?: string): Row {
  return { label, unit, median: s.median, p99: s.p99, min: s.min, max: s.max, n: s.n, note };
}

export async function scanBench(opts: ScanOptions = {}): Promise<BenchResult> {
  const sizes = opts.sizes ?? [10_000, 100_000, 1_000_000];
  const queries = opts.queries ?? 100;
  const m = machine();
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  for (const n of sizes) {
    const label = n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
    console.error(`scan: ${label} vectors…`);
    const ours = runOurs(n, queries);
    const oursS = summarize(ours.times);
    rows.push(row(`${label}: Shoebox (int8 WASM SIMD, ${m.cores} threads, exact rescoring)`, oursS));
    rows.push({ label: `${label}: Shoebox memory per photo (process RSS growth)`, unit: 'bytes', median: ours.bytesPerPhoto });
    for (const f of ours.filtered) {
      const fs = summarize(f.times);
      rows.push(row(`${label}: Shoebox with ${f.label}`, fs));
      if (n >= 1e6) goals.push({ goal: `scan at 1M with ${f.label}, p50`, target: `≤ 25 ms and ≤ unfiltered (${oursS.median.toFixed(1)} ms)`, measured: `${fs.median.toFixed(1)} ms`, met: fs.median <= 25 && fs.median <= oursS.median * 1.05 });
    }

    const data = allVectors(n);
    const qs = Array.from({ length: queries }, (_, i) => queryFor(i, DIM));
    const exact: number[][] = [];
    for (let i = 0; i < qs.length; i += 16) exact.push(...exactTop(data, n, qs.slice(i, i + 16), 10));
    const agree = ours.top10.filter((t, i) => same(t, exact[i]!)).length / queries;
    rows.push({ label: `${label}: queries whose top-10 equals the exact float32 top-10`, unit: '%', median: agree * 100, n: queries });

    let vecS: Summary | undefined;
    if (!opts.quick) {
      const jsRuns = n >= 1e6 ? 5 : 20;
      const jsTimes: number[] = [];
      for (let i = 0; i < jsRuns; i++) {
        const t = performance.now();
        const ids = jsLoopSearch(data, n, qs[i]!, K);
        jsTimes.push(performance.now() - t);
        if (!same(ids.slice(0, 10), exact[i]!)) notes.push(`JS loop disagreed with the exact top-10 on query ${i} at ${label}`);
      }
      rows.push(row(`${label}: plain JavaScript float32 loop + heap top-k`, summarize(jsTimes)));
      const vec = sqliteVecTimes(data, n, n >= 1e6 ? 10 : 30);
      vecS = summarize(vec.times);
      rows.push(row(`${label}: sqlite-vec vec0 KNN (k=${K})`, vecS));
      const vecAgree = vec.top10.filter((t, i) => same(t, exact[i]!)).length / vec.top10.length;
      if (vecAgree < 1) notes.push(`sqlite-vec's top-10 matched the exact one on ${(vecAgree * 100).toFixed(0)}% of queries at ${label}`);
    }

    if (n === 1_000_000) {
      goals.push({ goal: 'scan at 1M photos, p50', target: '< 150 ms', measured: `${oursS.median.toFixed(1)} ms`, met: oursS.median < 150 });
      if (vecS)
        goals.push({
          goal: 'scan at 1M vs sqlite-vec',
          target: '≥ 4× faster',
          measured: `${(vecS.median / oursS.median).toFixed(1)}×`,
          met: vecS.median / oursS.median >= 4,
        });
      goals.push({ goal: 'memory for vectors at 1M', target: '≤ 1 KB / photo', measured: `${ours.bytesPerPhoto.toFixed(0)} B`, met: ours.bytesPerPhoto <= 1024 });
      goals.push({ goal: 'top-10 equal to exact float32', target: '≥ 99% of queries', measured: `${(agree * 100).toFixed(1)}%`, met: agree >= 0.99 });
    }
  }
  notes.push(
    `Random 512-d unit vectors (isotropic Gaussian directions), top-${K}; ${queries} queries timed per size for Shoebox (after 5 warm-up queries), fewer for the slow baselines. ` +
      'Shoebox rescoring reads exact vectors from a generator in this bench; the query bench reads them from SQLite as the app does.',
    'Memory: RSS growth of a fresh process while loading the index (int8 codes + scale in shared WebAssembly memory, ids, id→row map); no float32 copy is kept. ' +
      'sqlite-vec keeps float32 (2 KB per photo) in SQLite pages; the JS loop keeps a 2 KB Float32Array row per photo.',
    'The machine is shared with other engineers\' builds and tests (see the load average): medians are noisy, and p99 mostly measures the neighbours.',
  );
  return { name: 'scan', title: 'Vector scan (top-50 of N, 512-d)', date: new Date().toISOString(), machine: m, rows, goals, notes };
}
