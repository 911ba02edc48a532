/**
 * Recall and precision of the duplicate finder on a generated set: every kind
 * of planted copy, bursts, and many distinct photos of the same classes that
 * the test model embeds almost alike (so the CLIP vectors alone would group
 * them). Thresholds asserted here are justified in docs/DUPLICATES.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { findLibraryGroups, duplicateCandidates } from '../../../src-main/core/duplicates/library.js';
import { compareGrey, prepareGrey } from '../../../src-main/core/duplicates/pixels.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { makeDuplicateSet } from '../../helpers/duplicate-set.js';

test('duplicates: planted copies of every kind found, distinct photos of the same class never grouped, bursts apart', async (t) => {
  const dir = tempDir(t);
  const set = await makeDuplicateSet(dir, { distinct: 80, planted: 16, bursts: 4, seed: 13 });
  const library = join(dir, 'library');
  const indexed = shoeboxJson(['index', set.dir, '--model', TINY_CLIP, '--library', library]);
  assert.equal(indexed.errors, 0);

  const ctx = openLibrary(library);
  t.after(() => closeLibrary(ctx));
  const model = ctx.vectors.models()[0]!;
  const groups = findLibraryGroups(ctx, model, { kind: 'all' });
  const dups = groups.filter((g) => g.kind !== 'similar');
  const similar = groups.filter((g) => g.kind === 'similar');

  // Recall: each planted copy is in its original's duplicate group.
  const groupOf = new Map<string, number>();
  dups.forEach((g, i) => g.photos.forEach((p) => groupOf.set(p.path, i)));
  const missed: string[] = [];
  const perVariant = new Map<string, [number, number]>();
  for (const [copy, [original, variant]] of set.copies) {
    const found = groupOf.has(copy) && groupOf.get(copy) === groupOf.get(original);
    if (!found) missed.push(`${variant}: ${copy}`);
    const [f, n] = perVariant.get(variant) ?? [0, 0];
    perVariant.set(variant, [f + (found ? 1 : 0), n + 1]);
  }
  const recall = 1 - missed.length / set.copies.size;

  // Precision: of the pairs reported as duplicates, how many are copies of one picture.
  let pairs = 0;
  let right = 0;
  for (const g of dups) {
    for (let i = 0; i < g.photos.length; i++)
      for (let j = i + 1; j < g.photos.length; j++) {
        pairs++;
        if (set.origin.get(g.photos[i]!.path) === set.origin.get(g.photos[j]!.path)) right++;
      }
  }
  const precision = pairs ? right / pairs : 1;

  // What the thresholds stand between: the pixel correlation of true copies vs distinct photos of one class.
  const photos = duplicateCandidates(ctx);
  const norm = new Map(photos.map((p) => [p.path, prepareGrey(p.grey!)]));
  const vec = new Map(photos.map((p) => [p.path, ctx.vectors.get(p.id, model.id)!]));
  const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  let worstCopy = 1;
  let worstCopyClip = 1;
  for (const [copy, [original]] of set.copies) {
    worstCopy = Math.min(worstCopy, compareGrey(norm.get(copy)!, norm.get(original)!).edges);
    worstCopyClip = Math.min(worstCopyClip, cos(vec.get(copy)!, vec.get(original)!));
  }
  const perVarPix: Record<string, number> = {};
  for (const [copy, [original, v]] of set.copies) perVarPix[v] = Math.min(perVarPix[v] ?? 1, compareGrey(norm.get(copy)!, norm.get(original)!).edges);
  const top: [number, number, string, string][] = [];
  let bestDistinct = -1;
  let closeClip = 0;
  let distinctPairs = 0;
  const bases = [...set.origin].filter(([, o]) => o.startsWith('base-') && !set.copies.has(o)).map(([p]) => p).filter((p) => !set.copies.has(p));
  for (let i = 0; i < bases.length; i++)
    for (let j = i + 1; j < bases.length; j++) {
      distinctPairs++;
      if (cos(vec.get(bases[i]!)!, vec.get(bases[j]!)!) >= 0.8) closeClip++;
      const c = compareGrey(norm.get(bases[i]!)!, norm.get(bases[j]!)!).edges;
      top.push([c, cos(vec.get(bases[i]!)!, vec.get(bases[j]!)!), bases[i]!.split('/').pop()!, bases[j]!.split('/').pop()!]);
      bestDistinct = Math.max(bestDistinct, c);
    }
  console.log(JSON.stringify({
    recall, precision, reportedPairs: pairs, missed, perVariant: Object.fromEntries(perVariant),
    worstCopyPixel: worstCopy, worstCopyClip, bestDistinctPixel: bestDistinct,
    distinctPairsClipAbove08: `${closeClip} of ${distinctPairs}`,
    perVarPix, top: top.sort((a, b) => b[0] - a[0]).slice(0, 12),
    similar: similar.map((g) => g.photos.map((p) => p.path.split('/').pop())),
  }));

  // Every kind of copy must be found (a miss is a copy left behind: costly but harmless): ≥ 95 %.
  // A wrong pair offers a different photo for the Trash: ≥ 99 % of reported pairs must be right.
  assert.ok(recall >= 0.95, `recall ${recall}: missed ${missed.join(', ')}`);
  assert.ok(precision >= 0.99, `precision ${precision}`);
  // The CLIP vectors alone would have grouped distinct photos: the pixel check is what keeps them apart.
  assert.ok(closeClip > 0, 'distinct photos that the model embeds alike exist in the set');

  // Bursts: one group of similar shots each, the sharp shot suggested, none of them called duplicates.
  for (const burst of set.bursts) {
    const g = similar.find((x) => x.photos.some((p) => p.path === burst[0]));
    assert.ok(g, `burst ${burst[0]} found`);
    assert.deepEqual(new Set(g.photos.map((p) => p.path)), new Set(burst));
    assert.equal(g.photos[0]!.path, burst[0], 'the sharpest shot is suggested');
    for (const p of burst) assert.ok(!groupOf.has(p), `${p} is not a duplicate`);
  }
});
