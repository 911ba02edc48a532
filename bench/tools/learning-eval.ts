/**
 * The learning comparison in docs/SORTING.md: the example cache against a
 * linear probe, on a library of generated photos indexed with the test model.
 *   node dist/test/fixtures/synth/cli.js --out DIR/photos --count 480 --seed 777 --format mixed
 *   node bin/shoebox.js index DIR/photos --model test/fixtures/models/tiny-clip --library DIR/lib
 *   node dist/bench/tools/learning-eval.js DIR [--wide]
 */
// @ts-nocheck: a measuring script, run from dist
import { openLibrary } from '../../src-main/core/context.js';
import { ShoeboxApp } from '../../src-main/app/shoebox-app.js';
import { encodeTexts } from '../../src-main/core/search/text-vectors.js';
import { backgroundVectors } from '../../src-main/core/sorting/sort-library.js';
import { evalCache, evalLinearProbe } from '../lib/learning-eval.js';
import { LEARNING } from '../../src-main/core/sorting/learning.js';
import { readFileSync } from "node:fs";
const dir = process.argv[2];
const labels = JSON.parse(readFileSync(`${dir}/photos/labels.json`, 'utf8'));
const ctx = openLibrary(`${dir}/lib`);
const app = new ShoeboxApp(ctx);
const active = await app.session.model();
const index = await app.session.index();
const photos = [];
for (const id of index.photoIds()) {
  const path = ctx.photos.byId(id).path; const base = path.split('/').pop();
  const l = labels.find(x => x.file === base); photos.push({ id, label: `${l.color} ${l.shape}`, vector: index.vector(id) });
}
const texts = ["Mum's favourites", "Grandpa's box", "Bori's things"];
const tv = await encodeTexts(ctx, active, texts);
// --wide: folders of up to six kinds (a folder's own centres: LEARNING.maxPositiveKeys), what merging kinds would cost.
const wide = process.argv.includes('--wide');
const folders = [
  { id: 1, prompts: [tv[0]], labels: ['red circle', 'blue square', ...(wide ? ['green star', 'yellow triangle', 'purple square', 'orange circle'] : [])] },
  { id: 2, prompts: [tv[1]], labels: ['green triangle', 'yellow star', 'purple circle', ...(wide ? ['red square', 'blue circle'] : [])] },
  { id: 3, prompts: [tv[2]], labels: ['orange square', 'blue star'] },
];
const scoring = active.model.folder.scoring;
const bg = await backgroundVectors(ctx, active);
console.log('scoring', scoring, 'text sims', tv.map(a=>tv.map(b=>a.reduce((s,x,i)=>s+x*b[i],0).toFixed(3))));

for (const k of [1,2,3,5]) {
  const c = evalCache(photos, folders, scoring, bg, k, 7);
  const lp = evalLinearProbe(photos, folders, scoring, bg, k, 7);
  console.log(`k=${k} corrected=${c.corrected} zero=${c.zeroShot.toFixed(3)} cache=${c.learned.toFixed(3)} probe=${lp.learned.toFixed(3)}`);
}
await app.close();
