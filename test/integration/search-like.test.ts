/**
 * "Like this, but …": a photo's vector plus the words' vector, on the test
 * model. For photos of one colour and shape, "like this, but {another
 * colour}" should find that shape in the other colour. Prints how often the
 * top 5 are exactly that, for a few weights of the words
 * (`# like-this-but …`); docs/SEARCH.md keeps the numbers, search.ts the weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORDS_WEIGHT } from '../../src-main/core/search/search.js';
import { COLORS } from '../fixtures/synth/photos.js';
import { searchFixture } from '../helpers/searcher-fixture.js';

test('a photo plus words finds the photo\'s shape in the colour the words say; several photos find what they share', async (t) => {
  const { photos, ctx, searcher } = await searchFixture(t, { count: 240, seed: 5151 });
  const byPath = new Map(photos.map((p) => [p.file, p]));
  const idOf = (file: string): number => ctx.photos.byPath(file)!.id;
  const sample = photos.filter((_, i) => i % 5 === 0);

  const K = 5;
  const rows: string[] = [];
  const exactAt = new Map<number, number>();
  for (const weight of [0.5, 1, 1.5, 2, 3]) {
    let exact = 0, shape = 0, colour = 0, n = 0;
    for (const p of sample) {
      const other = COLORS[(COLORS.indexOf(p.color) + 3) % COLORS.length]!;
      const found = await searcher.likeThese([{ photoId: idOf(p.file) }], other, K, {}, weight);
      for (const r of found) {
        const q = byPath.get(r.path)!;
        n++;
        if (q.color === other) colour++;
        if (q.shape === p.shape) shape++;
        if (q.color === other && q.shape === p.shape) exact++;
      }
    }
    exactAt.set(weight, exact / n);
    rows.push(`w=${weight}: both ${(exact / n).toFixed(3)}, colour ${(colour / n).toFixed(3)}, shape ${(shape / n).toFixed(3)}`);
  }
  t.diagnostic(`like-this-but (top ${K}, ${sample.length} photos, the words a colour 3 away): ${rows.join('; ')}`);
  const best = Math.max(...exactAt.values());
  assert.ok(exactAt.get(WORDS_WEIGHT)! >= best - 0.05, `the weight in search.ts (${WORDS_WEIGHT}) is within 0.05 of the best measured (${best})`);

  // "More like these": two photos of one class find more of that class than of any other
  let same = 0, total = 0;
  for (const p of sample.slice(0, 20)) {
    const twin = photos.find((q) => q !== p && q.color === p.color && q.shape === p.shape);
    if (!twin) continue;
    const found = await searcher.likeThese([{ photoId: idOf(p.file) }, { path: twin.file }], '', K);
    assert.ok(!found.some((r) => r.path === p.file || r.path === twin.file), 'the photos asked about are left out');
    for (const r of found) {
      total++;
      const q = byPath.get(r.path)!;
      if (q.color === p.color && q.shape === p.shape) same++;
    }
  }
  t.diagnostic(`more-like-these (two photos of a class, top ${K}): ${(same / total).toFixed(3)} of the class`);
  assert.ok(same / total >= 0.5, `more like these: ${same / total}`);
});
