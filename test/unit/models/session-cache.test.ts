import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClipModel } from '../../../src-main/core/models/clip-model.js';
import { cachedCpuSession } from '../../../src-main/core/models/session-cache.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';

const TEXTS = ['a photo of a red circle', 'a blue star', 'a cat'];

async function embed(dir: string, cacheDir?: string): Promise<Float32Array[]> {
  const model = ClipModel.open(dir, { accelerator: 'cpu', cacheDir });
  try {
    return await model.embedTexts(TEXTS);
  } finally {
    await model.release();
  }
}

function assertSame(a: Float32Array[], b: Float32Array[], what: string): void {
  for (const [i, row] of a.entries()) for (let j = 0; j < row.length; j++) assert.ok(Math.abs(row[j]! - b[i]![j]!) < 1e-5, `${what}: ${TEXTS[i]}, dim ${j}`);
}

test('the text tower saved in ORT format gives the same embeddings, and a damaged or outdated cache file is replaced', async (t) => {
  // A copy of the model, so its file's mtime can change.
  const dir = join(tempDir(t), 'model');
  cpSync(TINY_CLIP, dir, { recursive: true });
  const cacheDir = join(tempDir(t), 'cache');
  const textFile = join(dir, 'onnx', 'text_model.onnx');
  const expected = await embed(dir);

  assertSame(await embed(dir, cacheDir), expected, 'the load that saves the cache');
  const files = readdirSync(cacheDir);
  assert.equal(files.length, 1, 'one file per model file');
  assert.match(files[0]!, /\.ort$/);
  const cached = join(cacheDir, files[0]!);
  const hit = await cachedCpuSession(textFile, cacheDir, 1);
  assert.equal(hit.hit, true, 'a second load reads the cache');
  await hit.session.release();
  assertSame(await embed(dir, cacheDir), expected, 'loaded from the cache');

  // Damaged: cut short, then garbage. Each is refused, deleted and made again.
  truncateSync(cached, Math.floor(statSync(cached).size / 2));
  assertSame(await embed(dir, cacheDir), expected, 'after the cache file was cut short');
  writeFileSync(cached, Buffer.alloc(4096, 7));
  assertSame(await embed(dir, cacheDir), expected, 'after the cache file was overwritten');
  assert.ok(statSync(cached).size > 4096, 'the damaged file was made again');

  // The model file changes: a new cache file replaces the old one.
  const later = new Date(Date.now() + 60_000);
  utimesSync(textFile, later, later);
  const fresh = await cachedCpuSession(textFile, cacheDir, 1);
  assert.equal(fresh.hit, false);
  await fresh.session.release();
  assert.deepEqual(readdirSync(cacheDir).length, 1);
  assert.notEqual(readdirSync(cacheDir)[0], files[0]);
});

test('an unwritable cache folder only costs the cache: the model still loads', async (t) => {
  const blocker = join(tempDir(t), 'not-a-folder');
  writeFileSync(blocker, 'x');
  assertSame(await embed(TINY_CLIP, join(blocker, 'cache')), await embed(TINY_CLIP), 'with a cache folder that cannot exist');
});

test("removing a model deletes its optimised copies from the session cache, and no other model's", async (t) => {
  const { removeModel } = await import('../../../src-main/core/models/install.js');
  const library = tempDir(t);
  const cacheDir = join(library, 'cache', 'onnx');
  const mine = join(library, 'models', 'mine');
  const other = join(tempDir(t), 'other');
  cpSync(TINY_CLIP, mine, { recursive: true });
  cpSync(TINY_CLIP, other, { recursive: true });
  await embed(mine, cacheDir);
  await embed(other, cacheDir);
  assert.equal(readdirSync(cacheDir).length, 2);
  await removeModel(library, 'mine');
  assert.equal(readdirSync(cacheDir).length, 1, "the other model's copy stays");
  assertSame(await embed(other, cacheDir), await embed(other), 'the other model still loads from its copy');
});
