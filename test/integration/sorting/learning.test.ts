/**
 * Folders that learn, end to end with the trained test model and freshly
 * generated photos: folders named in words the model never learned ("Mum's
 * favourites"), each covering several shape/colour classes, a few corrections
 * per class made through the app (the same use-case as `shoebox assign` and
 * the window), then sorting through the real `shoebox sort`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generatePhotos, mulberry32, type SynthPhoto } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';
import { withApp } from '../../helpers/with-app.js';
import { correctPerClass } from '../../helpers/corrections.js';

const dir = tempDir(suiteCleanups());
const photosDir = join(dir, 'Pictures');
const library = join(dir, 'library');
const lib = ['--library', library];
let photos: SynthPhoto[] = [];
const label = (p: SynthPhoto): string => `${p.color} ${p.shape}`;

// Words the test model never learned: its text tower maps them all to one "unknown" meaning.
const FOLDERS = [
  { name: "Mum's favourites", labels: ['red circle', 'blue square'] },
  { name: "Grandpa's box", labels: ['green triangle', 'yellow star', 'purple circle'] },
  { name: 'Bori things', labels: ['orange square', 'blue star'] },
];
const want = (p: SynthPhoto): string | null => FOLDERS.find((f) => f.labels.includes(label(p)))?.name ?? null;

type Sorted = { path: string; folder: string | null; manual: boolean; score: number; confidence: number | null }[];

function accuracy(sorted: Sorted, skip: Set<string>): number {
  const byPath = new Map(photos.map((p) => [p.file, p]));
  const rest = sorted.filter((s) => !skip.has(s.path));
  return rest.filter((s) => s.folder === want(byPath.get(s.path)!)).length / rest.length;
}


const corrected = new Set<string>();
let zeroShot = 0;

test('named in words the model never learned, folders sort near chance', async () => {
  photos = await generatePhotos({ outDir: photosDir, count: 480, seed: 31337, format: 'mixed' });
  shoeboxJson(['index', photosDir, '--model', TINY_CLIP, ...lib]);
  for (const f of FOLDERS) shoeboxJson(['folder', 'add', f.name, '--prompt', f.name, ...lib]);
  const sorted = shoeboxJson(['sort', ...lib]).photos as Sorted;
  zeroShot = accuracy(sorted, new Set());
  // 7 of 24 classes have a folder: everything Unsorted would score 17/24 ≈ 0.71; the text cannot tell the folders apart.
  assert.ok(zeroShot < 0.75, `zero-shot accuracy ${zeroShot}`);
  for (const s of sorted) assert.ok(s.confidence !== null && s.confidence >= 0 && s.confidence <= 1, 'confidence 0..1');
});

test('three corrections per class (the rest to Unsorted) and the folders learn: above 90% on the photos not corrected', async () => {
  const rng = mulberry32(5);
  await withApp(library, async (app) => {
    for (const f of await correctPerClass(app, photos, label, want, rng)) corrected.add(f);
  });
  const sorted = shoeboxJson(['sort', ...lib]).photos as Sorted;
  const learned = accuracy(sorted, corrected);
  assert.ok(learned > 0.9, `accuracy on the ${photos.length - corrected.size} photos not corrected: ${zeroShot.toFixed(3)} → ${learned.toFixed(3)}`);
  // Manual choices still win, and say so.
  for (const s of sorted.filter((x) => corrected.has(x.path))) {
    assert.equal(s.manual, true);
    assert.equal(s.folder, want(photos.find((p) => p.file === s.path)!));
    assert.equal(s.confidence, 1);
  }
  console.log(`# learning: zero-shot ${zeroShot.toFixed(3)} → ${learned.toFixed(3)} with ${corrected.size} corrections`);
});

test('a photo moved out of a folder by hand is a negative for it, and the folder never takes it again', async () => {
  const sorted = shoeboxJson(['sort', ...lib]).photos as Sorted;
  const inMum = sorted.find((s) => s.folder === "Mum's favourites" && !s.manual)!;
  assert.ok(inMum, 'Mum has automatic photos');
  shoeboxJson(['assign', inMum.path, "Grandpa's box", ...lib]);
  // Forget the manual choice: sorting decides again, but Mum's folder remembers the "no".
  shoeboxJson(['unassign', inMum.path, ...lib]);
  const again = (shoeboxJson(['sort', ...lib]).photos as Sorted).find((s) => s.path === inMum.path)!;
  assert.notEqual(again.folder, "Mum's favourites");
  assert.equal(again.manual, false);
});

test('shoebox reject: "not in this folder" without choosing another; the folder never takes the photo', () => {
  const sorted = shoeboxJson(['sort', ...lib]).photos as Sorted;
  const inBox = sorted.find((s) => s.folder === "Grandpa's box" && !s.manual)!;
  const r = shoeboxJson(['reject', inBox.path, "Grandpa's box", ...lib]);
  assert.equal(r.rejected, "Grandpa's box");
  assert.notEqual(r.folder, "Grandpa's box");
  const again = (shoeboxJson(['sort', ...lib]).photos as Sorted).find((s) => s.path === inBox.path)!;
  assert.notEqual(again.folder, "Grandpa's box");
  assert.equal(again.manual, false, 'no other folder was chosen for it');
});
