/**
 * The sorting bench of another build against this one, in one process, in
 * turn (so both see the same load): docs/SORTING.md, "Cost".
 *   git worktree add /tmp/before <commit> && cd /tmp/before && ln -s <repo>/node_modules && npm run build:main
 *   node dist/bench/tools/sorting-ab.js /tmp/before [rounds]
 * Prints each row's p50 per round, then the re-sort's parts (learn, scan and
 * margins, decide) as CPU time of all threads.
 */
// @ts-nocheck: a measuring script, run from dist
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [otherDir, rounds = '3'] = process.argv.slice(2);
if (!otherDir) throw new Error('usage: node dist/bench/tools/sorting-ab.js OTHER_BUILD_DIR [rounds]');
const here = resolve(new URL('../../..', import.meta.url).pathname);
const builds = [
  ['before', resolve(otherDir)],
  ['now', here],
];
const load = (dir, path) => import(pathToFileURL(`${dir}/dist/${path}`).href);

const rows = {};
const add = (key, value) => (rows[key] ??= []).push(value);
for (let round = 0; round < Number(rounds); round++) {
  for (const [name, dir] of builds) {
    const { sortingBench } = await load(dir, 'bench/sorting.js');
    const res = await sortingBench(100_000, 50, 10, 6);
    for (const r of res.rows) add(`${name}: ${r.label.slice(0, 70)}`, r.median.toFixed(0));
    for (const [part, ms] of Object.entries(await parts(dir))) add(`${name}: re-sort part, CPU ms: ${part}`, ms.toFixed(0));
  }
}
for (const [k, v] of Object.entries(rows)) console.log(k.padEnd(90), v.join(' '));

/** The bench's re-sort, part by part (the second of two runs), CPU time of all threads. */
async function parts(dir) {
  const { VectorIndex } = await load(dir, 'src-main/core/search/vector-index.js');
  const { FolderScores } = await load(dir, 'src-main/core/sorting/sorter.js');
  const { learnFolder } = await load(dir, 'src-main/core/sorting/learning.js');
  const { queryFor, vectorFor } = await load(dir, 'bench/lib/vectors.js');
  const n = 100_000, DIM = 512, folders = 50, examples = 10;
  const SCORING = { kind: 'softmax', logitScale: 100 };
  const index = new VectorIndex(DIM, n, { exact: (ids) => ids.map((id) => vectorFor(id, DIM)) });
  const v = new Float32Array(DIM);
  for (let id = 1; id <= n; id++) index.set(id, vectorFor(id, DIM, v));
  const background = [0, 1, 2].map((i) => queryFor(i, DIM));
  const spec = Array.from({ length: folders }, (_, f) => ({
    id: f + 1,
    prompts: [queryFor(100 + 2 * f, DIM), queryFor(101 + 2 * f, DIM)],
    positives: Array.from({ length: examples }, (_, k) => 1 + ((f * 2 * examples + k) * 7919) % n),
    negatives: Array.from({ length: examples }, (_, k) => 1 + ((f * 2 * examples + examples + k) * 7919) % n),
  }));
  const rejected = new Map(spec.map((s) => [s.id, new Set(s.negatives)]));
  const vec = (ids) => ids.map((id) => index.vector(id));
  for (let i = 0; i < 200 && index.scanThreads < 2; i++) await new Promise((r) => setTimeout(r, 25));
  const cpu = (f) => {
    const c = process.cpuUsage();
    const r = f();
    const u = process.cpuUsage(c);
    return [r, (u.user + u.system) / 1000];
  };
  let out = {};
  for (let rep = 0; rep < 2; rep++) {
    const s = new FolderScores(index, SCORING, background);
    const [rules, learn] = cpu(() => spec.map((x) => learnFolder({ id: x.id, prompts: x.prompts, positives: vec(x.positives), negatives: vec(x.negatives) }, SCORING, background)));
    const [, scan] = cpu(() => s.update(rules));
    const [, decide] = cpu(() => s.decide(rejected));
    out = { learn, 'scan and margins': scan, decide };
  }
  index.close();
  return out;
}
