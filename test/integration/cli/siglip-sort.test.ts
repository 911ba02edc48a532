/** Sorting with a sigmoid (SigLIP-style) model: its own calibrated cut-off, and folders described in Korean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxJson } from '../../helpers/cli.js';
import { TINY_SIGLIP, tempDir } from '../../helpers/paths.js';

test('a folder described in Korean takes its photos, and the rest stay Unsorted (σ(scale·s + bias) ≥ ½)', async (t) => {
  const dir = tempDir(t);
  const lib = ['--library', join(dir, 'library')];
  const photos = await generatePhotos({ outDir: join(dir, 'Pictures'), count: 240, seed: 4242, format: 'mixed' });
  shoeboxJson(['index', join(dir, 'Pictures'), '--model', TINY_SIGLIP, ...lib]);
  shoeboxJson(['folder', 'add', '빨간 원', '--prompt', '빨간 원 사진', ...lib]);
  const sorted = shoeboxJson(['sort', ...lib]).photos as { path: string; folder: string | null }[];
  const isRedCircle = new Map(photos.map((p) => [p.file, p.color === 'red' && p.shape === 'circle']));
  const inFolder = sorted.filter((p) => p.folder === '빨간 원');
  const right = inFolder.filter((p) => isRedCircle.get(p.path)).length;
  const total = photos.filter((p) => isRedCircle.get(p.file)).length;
  // Measured with tiny-siglip-ko: all 10 red circles, and nothing else, of 240 photos.
  assert.ok(right / total >= 0.9, `found ${right} of ${total} red circles`);
  assert.ok(right / inFolder.length >= 0.9, `${right} of ${inFolder.length} in the folder are red circles`);
  assert.ok(sorted.filter((p) => p.folder === null).length >= 220, 'the other photos stay Unsorted');
});
