/**
 * `shoebox model …` through the real binary, downloading from a loopback server
 * that serves the committed test model (the binary runs as a child process, so
 * the server in this process stays responsive).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';
import { shoeboxAsync, shoeboxJsonAsync } from '../../helpers/cli.js';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { serveFolder } from '../../helpers/loopback-server.js';
import { writeTestCatalog } from '../../helpers/test-catalog.js';

const server = await serveFolder(TINY_CLIP);
after(() => server.close());

const tmp = tempDir(suiteCleanups());
const lib = ['--library', join(tmp, 'library')];
const catalogFile = join(tmp, 'catalog.json');
writeTestCatalog(catalogFile, server.url);
const cat = ['--catalog', catalogFile];

test('model list shows the catalog with licences and nothing installed', async () => {
  const r = await shoeboxJsonAsync(['model', 'list', ...cat, ...lib]);
  assert.deepEqual(r.catalog.map((m: any) => [m.id, m.installed, m.default]), [['tiny', 'no', true], ['tiny-research', 'no', false]]);
  assert.equal(r.catalog[1].commercialUse, false);
  assert.equal(r.active, null);
});

test('the real catalog lists a commercial-use default and flags MobileCLIP', async () => {
  const r = await shoeboxJsonAsync(['model', 'list', ...lib]);
  const def = r.catalog.find((m: any) => m.default);
  assert.equal(def.commercialUse, true);
  const mobile = r.catalog.find((m: any) => m.id.startsWith('mobileclip'));
  assert.equal(mobile.requiresLicenceAcceptance, true);
  assert.equal(mobile.commercialUse, false);
});

test('model download installs it; list shows it installed', async () => {
  const r = await shoeboxJsonAsync(['model', 'download', 'tiny', ...cat, ...lib]);
  assert.equal(r.dim, 64);
  assert.ok(existsSync(join(r.dir, '.shoebox-complete.json')));
  const l = await shoeboxJsonAsync(['model', 'list', ...cat, ...lib]);
  assert.equal(l.catalog[0].installed, 'yes');
  const before = server.requests.length;
  const again = await shoeboxJsonAsync(['model', 'download', 'tiny', ...cat, ...lib]);
  assert.equal(again.alreadyInstalled, true);
  assert.equal(server.requests.length, before, 'nothing fetched again');
});

test('a research-only model is not downloaded without --accept-licence (exit 2, licence shown)', async () => {
  const r = await shoeboxAsync(['model', 'download', 'tiny-research', ...cat, ...lib]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Research-only licence.*no commercial use.*--accept-licence/s);
  const ok = await shoeboxJsonAsync(['model', 'download', 'tiny-research', '--accept-licence', ...cat, ...lib]);
  assert.equal(ok.dim, 64);
});

test('unknown ids and missing arguments are clear usage errors', async () => {
  const a = await shoeboxAsync(['model', 'download', 'nope', ...cat, ...lib]);
  assert.equal(a.code, 1);
  assert.match(a.stderr, /No model "nope" in the catalog/);
  const b = await shoeboxAsync(['model', 'download', ...lib]);
  assert.equal(b.code, 2);
  const c = await shoeboxAsync(['model', 'use', 'tiny-other', ...cat, ...lib]);
  assert.match(c.stderr, /neither an installed model nor a folder/);
});

test('model use embeds the library with it and switches; the model in use cannot be removed', async () => {
  const photos = join(tmp, 'Pictures');
  await generatePhotos({ outDir: photos, count: 12, seed: 5151 });
  await shoeboxJsonAsync(['index', photos, '--model', TINY_CLIP, ...lib]);
  const r = await shoeboxJsonAsync(['model', 'use', 'tiny', ...cat, ...lib]);
  assert.equal(r.state, 'switched');
  assert.equal(r.embedded, 12);
  const status = await shoeboxJsonAsync(['status', ...lib]);
  assert.match(status.model, /models[/\\]tiny$/);
  const rm = await shoeboxAsync(['model', 'remove', 'tiny', ...lib]);
  assert.equal(rm.code, 1);
  assert.match(rm.stderr, /is the model in use/);
  const search = await shoeboxJsonAsync(['search', 'a red circle', ...lib]);
  assert.ok(search.results.length > 0);
});

test('model import and remove', async () => {
  const r = await shoeboxJsonAsync(['model', 'import', TINY_CLIP, '--id', 'mine', ...lib]);
  assert.equal(r.id, 'mine');
  const bad = await shoeboxAsync(['model', 'import', tmp, ...lib]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /has no onnx\/vision_model/);
  const gone = await shoeboxJsonAsync(['model', 'remove', 'mine', ...lib]);
  assert.equal(gone.removed, 'mine');
  const again = await shoeboxAsync(['model', 'remove', 'mine', ...lib]);
  assert.match(again.stderr, /No model "mine" is installed/);
});
