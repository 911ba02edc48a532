/**
 * What bounds a sort's work (docs/SORTING.md, "Cost"): look-alike examples
 * share one centre, a folder's own examples are merged into a few centres, and
 * the examples in no folder are scanned once for every folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorIndex } from '../../../src-main/core/search/vector-index.js';
import { FolderScores } from '../../../src-main/core/sorting/sorter.js';
import { LEARNING, learnFolder, merge, unsortedExamples } from '../../../src-main/core/sorting/learning.js';
import { mulberry32 } from '../../fixtures/synth/photos.js';

const DIM = 16;
const rng = mulberry32(5);
const normal = (): number => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
const unit = (v: Float32Array): Float32Array => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const random = (): Float32Array => unit(Float32Array.from({ length: DIM }, normal));
/** a look-alike of v: v plus a little noise (cosine about 0.97) */
const near = (v: Float32Array): Float32Array => unit(v.map((x) => x + 0.06 * normal()));
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
const softmax = { kind: 'softmax', logitScale: 100 } as const;

test('look-alike examples share one centre weighted by their count; distinct ones keep their own', () => {
  const kinds = [random(), random(), random()];
  const examples = kinds.flatMap((k) => [k, near(k), near(k)]);
  const centres = merge(examples, 32);
  assert.equal(centres.length, 3);
  assert.deepEqual(
    centres.map((c) => c.count),
    [3, 3, 3],
  );
  // each centre sits on its kind
  centres.forEach((c, i) => assert.ok(dot(c.centre, kinds[i]!) > 0.95));
  // below the line, each its own centre
  assert.equal(merge(examples, 32, 1.01).length, 9);
});

test("a folder's own examples are merged into a few centres (LEARNING.maxPositiveKeys, maxNegativeKeys), every example counted", () => {
  const positives = Array.from({ length: 11 }, random);
  const negatives = Array.from({ length: 10 }, random);
  const rule = learnFolder({ id: 1, prompts: [random()], positives, negatives }, softmax, [random()]);
  const pos = rule.weights.filter((w) => w > 0);
  const neg = rule.weights.filter((w) => w < 0);
  assert.equal(pos.length, LEARNING.maxPositiveKeys);
  assert.equal(neg.length, LEARNING.maxNegativeKeys);
  assert.equal(
    pos.reduce((a, b) => a + b, 0),
    11,
  );
  assert.equal(
    neg.reduce((a, b) => a + b, 0),
    -10,
  );
});

test('the examples in no folder are scanned once for every folder, and sort exactly as copies in each folder would', () => {
  const index = new VectorIndex(DIM, 600, { threads: 1 });
  const photos = Array.from({ length: 500 }, random);
  photos.forEach((v, i) => index.set(i + 1, v));
  const background = [random()];
  const inNone = photos.slice(0, 40);
  const shared = unsortedExamples(inNone);
  const folders = Array.from({ length: 6 }, (_, f) => ({
    id: f + 1,
    prompts: [random()],
    positives: photos.slice(100 + 5 * f, 103 + 5 * f),
    negatives: photos.slice(200 + 5 * f, 202 + 5 * f),
  }));
  const scanned: number[] = [];
  const scoresMany = index.scoresMany.bind(index);
  const withScores = index.withScores.bind(index);
  index.scoresMany = (qs) => (scanned.push(qs.length), scoresMany(qs));
  index.withScores = (qs, use) => (scanned.push(qs.length), withScores(qs, use));
  try {
    const together = new FolderScores(index, softmax, background);
    scanned.length = 0;
    together.update(folders.map((f) => learnFolder({ ...f, unsorted: shared }, softmax, background)));
    const own = folders.reduce((n, f) => n + f.prompts.length + merge(f.positives, LEARNING.maxPositiveKeys).length + merge(f.negatives, LEARNING.maxNegativeKeys).length, 0);
    assert.equal(
      scanned.reduce((a, b) => a + b, 0),
      own + shared.centres.length,
      'each shared centre once',
    );
    // The same centres as separate copies in each folder: every folder scans them itself, and the decisions are the same.
    const apart = new FolderScores(index, softmax, background);
    apart.update(
      folders.map((f) =>
        learnFolder({ ...f, unsorted: { vectors: shared.vectors, centres: shared.centres.map((c) => ({ centre: c.centre.slice(), count: c.count })) } }, softmax, background),
      ),
    );
    assert.deepEqual(together.decide(), apart.decide());
    // An answer in one folder scans only that folder's own vectors again.
    scanned.length = 0;
    const answered = { ...folders[0]!, positives: [...folders[0]!.positives, photos[300]!] };
    together.update(
      [learnFolder({ ...answered, unsorted: shared }, softmax, background), ...folders.slice(1).map((f) => together.rule(f.id)!)],
      new Map(folders.map((f) => [f.id, f.id === 1 ? 'answered' : ''])),
    );
    assert.ok(scanned.reduce((a, b) => a + b, 0) <= 1 + LEARNING.maxPositiveKeys + LEARNING.maxNegativeKeys, `scanned ${scanned.join('+')}`);
  } finally {
    index.close();
  }
});
