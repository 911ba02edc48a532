/**
 * Downloading models against a loopback HTTP server that serves the committed
 * test model: a normal download, a connection cut halfway (resumed with Range,
 * bytes identical), a wrong checksum, 404, a silent server, an unwritable
 * destination, cancel, and a damaged install that is refused before loading.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadFile } from '../../../src-main/core/models/download.js';
import { parseCatalog, type CatalogEntry } from '../../../src-main/core/models/catalog.js';
import { downloadModel, installedDir, listInstalled, verifyModelDir, MANIFEST } from '../../../src-main/core/models/install.js';
import { ClipModel } from '../../../src-main/core/models/clip-model.js';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { chooseModel, loadActiveModel } from '../../../src-main/core/models/active-model.js';
import { ShoeboxError } from '../../../src-main/core/util/errors.js';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { serveFolder } from '../../helpers/loopback-server.js';
import { catalogFiles } from '../../helpers/test-catalog.js';
import { sha256 } from '../../helpers/hash.js';

const server = await serveFolder(TINY_CLIP);
after(() => server.close());

const VISION = 'onnx/vision_model.onnx';
const visionBytes = readFileSync(join(TINY_CLIP, VISION));

/** A catalog entry for the tiny model, with every file served by the loopback server. */
function tinyEntry(id: string, over: (path: string) => { sha256?: string | null; size?: number | null } = () => ({})): CatalogEntry {
  const files = catalogFiles(server.url).map((f) => ({ ...f, ...over(f.path) }));
  const catalog = parseCatalog({
    version: 1,
    default: id,
    models: [
      {
        id,
        name: 'tiny test model',
        repo: 'shoebox/tiny-clip',
        revision: '0'.repeat(40),
        pinned: true,
        layout: 'transformers.js',
        languages: ['en'],
        dim: 64,
        licence: { id: 'MIT', name: 'MIT', commercialUse: true },
        requiresLicenceAcceptance: false,
        quality: [],
        files,
      },
    ],
  });
  return catalog.models[0]!;
}

const quick = { retries: 3, backoffMs: 20, idleTimeoutMs: 2000 };

test('a normal download gives the same bytes, with progress up to the total', async (t) => {
  const dir = tempDir(t);
  const dest = join(dir, 'vision.onnx');
  const seen: number[] = [];
  const r = await downloadFile({ url: `${server.url}/${VISION}`, dest, size: visionBytes.length, sha256: sha256(visionBytes), onBytes: (d) => seen.push(d), ...quick });
  assert.deepEqual(readFileSync(dest), visionBytes);
  assert.equal(r.sha256, sha256(visionBytes));
  assert.equal(r.resumed, false);
  assert.equal(seen.at(-1), visionBytes.length);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, 'progress never goes back');
  assert.equal(existsSync(dest + '.part'), false, 'no temporary file left');
});

test('a connection cut halfway is resumed with a Range request, and the bytes are identical', async (t) => {
  const dir = tempDir(t);
  const dest = join(dir, 'vision.onnx');
  server.behave(`/${VISION}`, 'cut-once');
  const before = server.requests.length;
  const r = await downloadFile({ url: `${server.url}/${VISION}`, dest, size: visionBytes.length, sha256: sha256(visionBytes), ...quick });
  const mine = server.requests.slice(before).filter((q) => q.path === `/${VISION}`);
  assert.ok(mine.length >= 2, 'a second request after the cut');
  assert.equal(mine[0]!.range, undefined);
  const resumedAt = Number(/bytes=(\d+)-/.exec(mine[1]!.range ?? '')?.[1]);
  assert.ok(resumedAt > 0 && resumedAt < visionBytes.length, `resumed from byte ${mine[1]!.range}`);
  assert.equal(r.resumed, true);
  assert.deepEqual(readFileSync(dest), visionBytes);
});

test('without a known checksum, a resumed download still reports the whole file\'s sha256', async (t) => {
  const dir = tempDir(t);
  const dest = join(dir, 'vision.onnx');
  server.behave(`/${VISION}`, 'cut-once');
  const r = await downloadFile({ url: `${server.url}/${VISION}`, dest, ...quick });
  assert.equal(r.sha256, sha256(visionBytes));
});

test('a 404 fails at once with a clear message', async (t) => {
  const dir = tempDir(t);
  const before = server.requests.length;
  await assert.rejects(
    downloadFile({ url: `${server.url}/onnx/nope.onnx`, dest: join(dir, 'x'), ...quick }),
    (err: ShoeboxError) => err.code === 'network' && /HTTP 404/.test(err.message) && /catalog may be out of date/.test(err.message),
  );
  assert.equal(server.requests.length - before, 1, 'no retries for a missing file');
  assert.equal(existsSync(join(dir, 'x')), false);
});

test('a server that never answers times out with a clear message', async (t) => {
  const dir = tempDir(t);
  server.behave('/hang.bin', 'hang');
  await assert.rejects(
    downloadFile({ url: `${server.url}/hang.bin`, dest: join(dir, 'x'), retries: 1, backoffMs: 10, idleTimeoutMs: 300 }),
    (err: ShoeboxError) => err.code === 'network' && /no answer from the server/.test(err.message) && /resumes/.test(err.message),
  );
  assert.equal(existsSync(join(dir, 'x')), false);
});

test('an unwritable destination fails with a clear message', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a folder');
  await assert.rejects(
    downloadFile({ url: `${server.url}/${VISION}`, dest: join(file, 'models', 'x.onnx'), ...quick }),
    (err: ShoeboxError) => err.code === 'io' && /Cannot write/.test(err.message) && /a file, not a folder/.test(err.message),
  );
});

test('downloadModel installs the whole model atomically, with a manifest, and it loads', async (t) => {
  const lib = tempDir(t);
  const entry = tinyEntry('tiny');
  const events: { bytesDone: number; bytesTotal: number | null }[] = [];
  const r = await downloadModel(entry, { libraryDir: lib, onProgress: (p) => events.push(p), ...quick });
  assert.equal(r.dir, installedDir(lib, 'tiny'));
  const total = entry.files.reduce((a, f) => a + f.size!, 0);
  assert.equal(events.at(-1)!.bytesDone, total);
  assert.equal(events.at(-1)!.bytesTotal, total);
  for (const f of entry.files) assert.deepEqual(readFileSync(join(r.dir, f.path)), readFileSync(join(TINY_CLIP, f.path)), f.path);
  assert.equal(r.manifest.dim, 64);
  assert.equal(r.manifest.files.length, entry.files.length);
  await verifyModelDir(r.dir, { deep: true, libraryDir: lib });
  assert.deepEqual(readdirSync(join(lib, 'models')), ['tiny'], 'no staging folder left');
  const a = ClipModel.open(r.dir, { accelerator: 'cpu' });
  const b = ClipModel.open(TINY_CLIP, { accelerator: 'cpu' });
  assert.deepEqual(await a.embedTexts(['a red circle']), await b.embedTexts(['a red circle']));
  await a.release();
  await b.release();
});

test('a wrong checksum is rejected and nothing is installed', async (t) => {
  const lib = tempDir(t);
  const entry = tinyEntry('tiny', (p) => (p === VISION ? { sha256: 'f'.repeat(64) } : {}));
  await assert.rejects(downloadModel(entry, { libraryDir: lib, ...quick }), (err: ShoeboxError) => err.code === 'bad_model' && /checksum/.test(err.message));
  assert.equal(existsSync(installedDir(lib, 'tiny')), false);
  assert.deepEqual(listInstalled(lib), []);
  const staging = join(lib, 'models', '.staging-tiny');
  assert.equal(existsSync(join(staging, VISION)), false, 'the bad file is gone');
  assert.equal(existsSync(join(staging, VISION + '.part')), false, 'its partial file is gone too');
});

test('cancel leaves nothing installed; the next call resumes and completes', async (t) => {
  const lib = tempDir(t);
  const entry = tinyEntry('tiny');
  server.behave(`/${VISION}`, 'slow');
  const controller = new AbortController();
  await assert.rejects(
    downloadModel(entry, {
      libraryDir: lib,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === VISION && p.bytesDone > 0) controller.abort();
      },
      ...quick,
    }),
    (err: ShoeboxError) => err.code === 'cancelled',
  );
  assert.equal(existsSync(installedDir(lib, 'tiny')), false, 'nothing half-installed');
  assert.deepEqual(listInstalled(lib), []);
  server.behave(`/${VISION}`, 'ok');
  const before = server.requests.length;
  const r = await downloadModel(entry, { libraryDir: lib, ...quick });
  const again = server.requests.slice(before);
  assert.ok(!again.some((q) => q.path === '/config.json'), 'files finished before the cancel are not fetched again');
  assert.deepEqual(readFileSync(join(r.dir, VISION)), visionBytes);
});

test('a damaged or incomplete installed model is detected before loading, with what to do', async (t) => {
  const lib = tempDir(t);
  const r = await downloadModel(tinyEntry('tiny'), { libraryDir: lib, ...quick });
  const ctx = openLibrary(lib);
  try {
    chooseModel(ctx, r.dir);
    truncateSync(join(r.dir, VISION), 1000);
    await assert.rejects(loadActiveModel(ctx), (err: ShoeboxError) => err.code === 'bad_model' && /damaged/.test(err.message) && /model remove tiny/.test(err.message));
    rmSync(join(r.dir, MANIFEST));
    await assert.rejects(loadActiveModel(ctx), (err: ShoeboxError) => err.code === 'bad_model' && /incomplete/.test(err.message) && /model download tiny/.test(err.message));
    // A folder of the user's own (outside <library>/models) has no manifest and is loaded as it is.
    chooseModel(ctx, TINY_CLIP);
    const active = await loadActiveModel(ctx);
    await active.model.release();
  } finally {
    closeLibrary(ctx);
  }
  // listInstalled flags the incomplete folder instead of hiding it.
  const listed = listInstalled(lib);
  assert.equal(listed.length, 1);
  assert.ok('incomplete' in listed[0]!);
});

test('a model whose licence needs accepting is not downloaded without a yes', async (t) => {
  const lib = tempDir(t);
  const entry = { ...tinyEntry('tiny'), requiresLicenceAcceptance: true, licence: { id: 'x', name: 'Research only', commercialUse: false, summary: 'Research use only.' } };
  await assert.rejects(downloadModel(entry, { libraryDir: lib, ...quick }), (err: ShoeboxError) => err.code === 'usage' && /Research only/.test(err.message) && /commercial/.test(err.message));
  assert.equal(existsSync(join(lib, 'models')), false, 'nothing fetched');
  mkdirSync(join(lib, 'models'));
  const r = await downloadModel(entry, { libraryDir: lib, acceptLicence: true, ...quick });
  assert.ok(statSync(r.dir).isDirectory());
});
