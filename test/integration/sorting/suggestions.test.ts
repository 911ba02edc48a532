/**
 * What a folder asks and warns about, end to end with the trained test
 * models: suggestions (least sure first, counted in the folder list, shrinking
 * as they are answered through the real `shoebox assign` / `shoebox reject`),
 * the overlap of near-synonym folders, the preview's "leave" counts, the
 * why of a photo, and corrections that survive a model switch and are learned
 * again with the new model's vectors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { generatePhotos, mulberry32, type SynthPhoto } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, TINY_SIGLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';
import { withApp } from '../../helpers/with-app.js';
import { correctPerClass } from '../../helpers/corrections.js';
import { certaintyOf } from '../../../src-main/core/domain/folders.js';
import { modelSettings } from '../../../src-main/core/models/active-model.js';

const dir = tempDir(suiteCleanups());
const photosDir = join(dir, 'Pictures');
const library = join(dir, 'library');
const lib = ['--library', library];
let photos: SynthPhoto[] = [];
const byPath = new Map<string, SynthPhoto>();

type Suggested = { folder: string; total: number; suggestions: { path: string; score: number; inFolder: boolean }[] };
type Listed = { folders: { name: string; count: number; suggestions: number }[] };
const suggest = (folder: string, limit = 1000): Suggested => shoeboxJson(['folder', 'suggest', folder, '--limit', String(limit), ...lib]) as Suggested;


test('suggestions: the photos near the cut-off, least sure first, counted in the folder list', async () => {
  photos = await generatePhotos({ outDir: photosDir, count: 240, seed: 4711, format: 'mixed' });
  for (const p of photos) byPath.set(p.file, p);
  shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]);
  shoeboxJson(['folder', 'add', 'Stars', '--prompt', 'a photo of a star', ...lib]);
  const s = suggest('Stars');
  assert.ok(s.suggestions.length >= 5, `Stars asks about ${s.suggestions.length} photos`);
  assert.equal(s.total, s.suggestions.length);
  const doubt = s.suggestions.map((x) => Math.abs(x.score - 0.5));
  assert.deepEqual(doubt, [...doubt].sort((a, b) => a - b), 'least sure first');
  for (const x of s.suggestions) assert.ok(x.score > 0.11 && x.score < 0.89, `near the cut-off: ${x.score}`);
  assert.deepEqual(Object.keys(s.suggestions[0]!).sort(), ['inFolder', 'path', 'score']);
  // Either side of the cut-off: in the folder and not.
  const list = shoeboxJson(['folder', 'list', ...lib]) as Listed;
  assert.equal(list.folders.find((f) => f.name === 'Stars')!.suggestions, s.total, 'the count in the folder list');
  assert.equal(suggest('Stars', 3).suggestions.length, 3, '--limit');
});

test('the preview says which folders would lose photos to a new one, and which it overlaps', async () => {
  await withApp(library, async (app) => {
    const preview = await app.folders.preview(['a photo of a yellow star']);
    assert.deepEqual(preview.leaving.map((l) => l.name), ['Stars'], 'only Stars holds yellow stars');
    // What the preview says is what saving the folder does.
    const before = new Map(app.folders.placements().map((p) => [p.photoId, p.folder]));
    const created = await app.folders.create('Yellow stars', ['a photo of a yellow star']);
    const moved = app.folders.placements().filter((p) => p.folder === 'Yellow stars' && before.get(p.photoId) === 'Stars').length;
    assert.ok(moved > 0);
    assert.equal(preview.leaving[0]!.count, moved, `${moved} of these leave Stars`);
    await app.folders.remove(created.folders.find((f) => f.name === 'Yellow stars')!.id);
    assert.deepEqual(preview.overlaps, []);
    assert.deepEqual((await app.folders.preview(['a star'])).overlaps.map((x) => x.name), ['Stars'], 'a near-synonym of Stars');
  });
});

test('a folder created with only a name, renamed, is described by its new name (in the CLI and in the window)', async () => {
  type Sorted = { path: string; folder: string | null }[];
  const placedIn = (name: string): string[] =>
    (shoeboxJson(['sort', ...lib]).photos as Sorted)
      .filter((s) => s.folder === name)
      .map((s) => s.path)
      .sort();
  const promptsOf = (name: string): string[] => (shoeboxJson(['folder', 'list', ...lib]) as { folders: { name: string; prompts: string[] }[] }).folders.find((f) => f.name === name)!.prompts;
  // What folders made with these names take.
  shoeboxJson(['folder', 'add', 'circle', ...lib]);
  const circles = placedIn('circle');
  shoeboxJson(['folder', 'remove', 'circle', ...lib]);
  shoeboxJson(['folder', 'add', 'triangle', ...lib]);
  const triangles = placedIn('triangle');
  assert.notDeepEqual(circles, triangles);
  // shoebox folder rename
  shoeboxJson(['folder', 'rename', 'triangle', 'circle', ...lib]);
  assert.deepEqual(promptsOf('circle'), ['circle']);
  assert.deepEqual(placedIn('circle'), circles, 'sorts as a folder made as "circle"');
  // The window's editor shows the name as the description and sends it back with the new name.
  await withApp(library, async (app) => {
    await app.folders.update(app.folders.find('circle').id, { name: 'triangle', prompts: ['circle'] });
  });
  assert.deepEqual(promptsOf('triangle'), ['triangle']);
  assert.deepEqual(placedIn('triangle'), triangles);
  // Descriptions written by hand stay as written.
  shoeboxJson(['folder', 'describe', 'triangle', '--prompt', 'a photo of a triangle', ...lib]);
  shoeboxJson(['folder', 'rename', 'triangle', 'Three corners', ...lib]);
  assert.deepEqual(promptsOf('Three corners'), ['a photo of a triangle']);
  shoeboxJson(['folder', 'remove', 'Three corners', ...lib]);
});

test('suggestions shrink as they are answered: each Yes or No is a correction the folder learns from at once', () => {
  const first = suggest('Stars');
  const answered = new Set<string>();
  const totals = [first.total];
  // Answer the top question, as a person pressing Y or N would, until the folder has nothing left to ask.
  for (let round = 0; round < 40 && totals.at(-1)! > 0; round++) {
    const top = suggest('Stars', 1).suggestions[0]!;
    shoeboxJson([byPath.get(top.path)!.shape === 'star' ? 'assign' : 'reject', top.path, 'Stars', ...lib]);
    answered.add(top.path);
    const now = suggest('Stars');
    for (const x of now.suggestions) assert.ok(!answered.has(x.path), `answered ${basename(x.path)} is asked again`);
    totals.push(now.total);
  }
  // A "yes" can bring a star's look-alikes near the cut-off for a while; the list still runs out, in fewer answers than it first had.
  assert.equal(totals.at(-1), 0, `totals ${totals.join(' → ')}`);
  assert.ok(answered.size < first.total, `${answered.size} answers for ${first.total} first suggestions`);
  const sorted = shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string | null }[];
  const right = sorted.filter((s) => (s.folder === 'Stars') === (byPath.get(s.path)!.shape === 'star')).length / sorted.length;
  assert.ok(right > 0.95, `Stars after the answers: ${right}`);
  console.log(`# suggestions: Stars ${totals.join(' → ')} (${answered.size} answers); ${(right * 100).toFixed(1)}% right`);
});

test('folder overlap: fires for near-synonym folders and not for distinct ones', () => {
  shoeboxJson(['folder', 'add', 'Red circles', '--prompt', 'a photo of a red circle', ...lib]);
  shoeboxJson(['folder', 'add', 'Round reds', '--prompt', 'a circle that is red', ...lib]);
  shoeboxJson(['folder', 'add', 'Blue squares', '--prompt', 'a photo of a blue square', ...lib]);
  shoeboxJson(['folder', 'add', 'Red squares', '--prompt', 'a photo of a red square', ...lib]);
  const o = shoeboxJson(['folder', 'overlap', ...lib]) as {
    folders: { name: string }[];
    matrix: number[][];
    overlaps: { a: { name: string }; b: { name: string }; similarity: number }[];
    threshold: number;
  };
  const names = o.folders.map((f) => f.name);
  assert.equal(o.matrix.length, names.length);
  for (let i = 0; i < names.length; i++) {
    assert.equal(o.matrix[i]![i], 1);
    for (let j = 0; j < names.length; j++) assert.equal(o.matrix[i]![j], o.matrix[j]![i], 'symmetric');
  }
  // The near-synonyms and nothing else: not the same colour in another shape, not another colour.
  assert.deepEqual(
    o.overlaps.map((p) => [p.a.name, p.b.name].sort()),
    [['Red circles', 'Round reds']],
  );
  const sim = (a: string, b: string): number => o.matrix[names.indexOf(a)]![names.indexOf(b)]!;
  assert.ok(sim('Red circles', 'Red squares') < o.threshold && sim('Red circles', 'Blue squares') < o.threshold);
});

test('why: the folder, how sure in words, and the description that decided', async () => {
  await withApp(library, async (app) => {
    const placed = app.folders
      .placements()
      .filter((p) => p.folder === 'Blue squares' && !p.manual)
      .sort((a, b) => b.confidence! - a.confidence!)[0]!;
    const info = await app.photos.info(placed.photoId);
    assert.equal(info.why?.confidence, Math.round(placed.confidence! * 1000) / 1000, 'the confidence sort --json gives');
    assert.equal(info.why?.certainty, certaintyOf(placed.confidence!));
    assert.equal(info.why?.folder?.name, 'Blue squares');
    assert.equal(info.why?.decidedBy, 'description');
    assert.equal(info.why?.description, 'a photo of a blue square');
  });
});

// Folders named in words the model never learned: only the examples can teach them.
const LEARNED = [
  { name: "Mum's favourites", labels: ['red circle', 'blue square'] },
  { name: 'Bori things', labels: ['orange square', 'green triangle'] },
];
const label = (p: SynthPhoto): string => `${p.color} ${p.shape}`;
const want = (p: SynthPhoto): string | null => LEARNED.find((f) => f.labels.includes(label(p)))?.name ?? null;

test('corrections survive a model switch and are learned again with the new model’s vectors', async () => {
  for (const f of ['Stars', 'Red circles', 'Round reds', 'Blue squares', 'Red squares']) shoeboxJson(['folder', 'remove', f, ...lib]);
  for (const f of LEARNED) shoeboxJson(['folder', 'add', f.name, '--prompt', f.name, ...lib]);
  const rng = mulberry32(11);
  const corrected = await withApp(library, (app) => correctPerClass(app, photos, label, want, rng));
  type Sorted = { path: string; folder: string | null; manual: boolean }[];
  const accuracy = (sorted: Sorted): number => {
    const rest = sorted.filter((s) => !corrected.has(s.path));
    return rest.filter((s) => s.folder === want(byPath.get(s.path)!)).length / rest.length;
  };
  const corrections = (): unknown => withApp(library, async (app) => app.ctx.categories.corrections());
  const before = await corrections();
  const withClip = accuracy(shoeboxJson(['sort', ...lib]).photos as Sorted);
  assert.ok(withClip > 0.9, `tiny-clip learned: ${withClip}`);

  shoeboxJson(['model', 'use', TINY_SIGLIP, ...lib]);
  assert.deepEqual(await corrections(), before, 'the corrections are the same after the switch');
  const sorted = shoeboxJson(['sort', ...lib]).photos as Sorted;
  const withSiglip = accuracy(sorted);
  assert.ok(withSiglip > 0.9, `tiny-siglip-ko learned again from the same corrections: ${withSiglip}`);
  for (const s of sorted.filter((x) => corrected.has(x.path))) assert.equal(s.manual, true);
  // The new model's examples decide an uncorrected red circle, and the why says so.
  await withApp(library, async (app) => {
    assert.equal(modelSettings(app.ctx)?.dir, TINY_SIGLIP);
    const red = sorted.find((s) => !s.manual && label(byPath.get(s.path)!) === 'red circle')!;
    const why = (await app.photos.info(app.photos.idOf(red.path))).why!;
    assert.equal(why.folder?.name, "Mum's favourites");
    assert.equal(why.decidedBy, 'examples');
    assert.ok(why.examples.length > 0 && why.examples.every((e) => e.inFolder), 'pulled in by photos put in the folder');
  });
  console.log(`# model switch: learned ${withClip.toFixed(3)} (tiny-clip) → ${withSiglip.toFixed(3)} (tiny-siglip-ko) from the same ${corrected.size} corrections`);
});
