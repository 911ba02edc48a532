/**
 * The relevance cut-off and exclusions on the test model: generated photos
 * (a seed the model never saw), indexed through the real pipeline, searched
 * through the Searcher. Prints the measured precision and recall
 * (`# cut-off …`); the thresholds sit a margin below them (docs/SEARCH.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLORS, SHAPES } from '../fixtures/synth/photos.js';
import { searchFixture } from '../helpers/searcher-fixture.js';

test('matches are the photos the query describes (precision and recall measured); with nothing left to match the closest few are offered; excluded terms take every photo they match out', async (t) => {
  const { photos, active, searcher } = await searchFixture(t, { count: 240, seed: 9191 });
  const label = new Map(photos.map((p) => [p.file, p]));

  // Every class, asked in the words a user types: matches vs the photos of that class.
  let tp = 0, fp = 0, fn = 0;
  for (const color of COLORS)
    for (const shape of SHAPES) {
      const found = await searcher.search({ text: `a photo of a ${color} ${shape}`, limit: 1000 });
      const matched = new Set(found.results.filter((r) => r.match).map((r) => r.path));
      assert.equal(found.matches, matched.size, 'every match counted, every match listed under the limit');
      for (const p of photos) {
        const is = p.color === color && p.shape === shape;
        if (matched.has(p.file) && is) tp++;
        else if (matched.has(p.file)) fp++;
        else if (is) fn++;
      }
    }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  // Colours alone (short queries: the prompt ensemble).
  let ctp = 0, cfp = 0, cfn = 0;
  for (const color of COLORS) {
    const found = await searcher.search({ text: color, limit: 1000 });
    const matched = new Set(found.results.filter((r) => r.match).map((r) => r.path));
    for (const p of photos) {
      const is = p.color === color;
      if (matched.has(p.file) && is) ctp++;
      else if (matched.has(p.file)) cfp++;
      else if (is) cfn++;
    }
  }
  t.diagnostic(`cut-off, colour + shape: precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}; colour alone (ensemble): precision ${(ctp / (ctp + cfp)).toFixed(3)} recall ${(ctp / (ctp + cfn)).toFixed(3)}`);
  assert.ok(recall >= 0.8, `recall ${recall}`);
  assert.ok(precision >= 0.3, `precision ${precision}`);

  // Nonsense words: the test model knows only colour and shape words, so its text tower puts unknown
  // words somewhere arbitrary; measured, not asserted (docs/SEARCH.md).
  const nonsense = await searcher.search({ text: 'qwxz zzzz vvkj pplq', limit: 50 });
  t.diagnostic(`nonsense: ${nonsense.matches} matches of ${photos.length}`);
  // Nothing left that matches: the closest few are offered, marked as not matching.
  const none = await searcher.search({ text: 'a photo of a red circle', exclude: ['red', 'circle'], limit: 50 });
  assert.equal(none.matches, 0);
  assert.ok(none.results.length > 0 && none.results.length <= 5 && none.results.every((r) => !r.match));

  // Exclusions: "shapes -red" leaves out every photo the fit test calls red, whatever its rank.
  const reds = new Set((await searcher.search({ text: 'red', limit: 1000 })).results.filter((r) => r.match).map((r) => r.path));
  const without = await searcher.search({ text: 'a photo of a circle', exclude: ['red'], limit: 1000, all: true });
  assert.ok(without.results.length > 0);
  for (const r of without.results) assert.ok(!reds.has(r.path), `${r.path} is red and should be left out`);
  assert.equal(without.considered, photos.length - reds.size);
  const redCircles = photos.filter((p) => p.color === 'red' && p.shape === 'circle').length;
  const left = without.results.filter((r) => label.get(r.path)?.color === 'red').length;
  t.diagnostic(`exclusion: ${reds.size} photos match "red" (of ${photos.filter((p) => p.color === 'red').length} red ones, ${redCircles} red circles); ${left} red photos left after -red`);
  assert.ok(left <= 2, `${left} red photos left`);
  await active.model.release();
});
