/**
 * The API gate and its HTTP transport: bad arguments come back as typed
 * errors, unknown commands are refused, the token is required, and media is
 * served only for photos the library knows — by id, never by path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { openLibrary, closeLibrary } from '../../src-main/core/context.js';
import { ShoeboxApp } from '../../src-main/app/shoebox-app.js';
import { dispatch } from '../../src-main/api/dispatch.js';
import { startBridge } from '../../src-main/bridge/server.js';
import { tempDir } from '../helpers/paths.js';

interface Reply {
  status: number;
  type: string;
  body: string;
}

/** Raw HTTP, so we can send any Host header and any path (fetch would normalise them). */
function http(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

async function setup(t: { after: (fn: () => void | Promise<void>) => void }) {
  const dir = tempDir(t);
  const ctx = openLibrary(join(dir, 'lib'));
  const photoPath = join(dir, 'a.png');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).png().toBuffer();
  writeFileSync(photoPath, png);
  const id = ctx.photos.upsert({ path: photoPath, size: png.length, mtimeMs: 1, hash: 'ab'.repeat(32), width: 8, height: 8 });
  ctx.thumbs.write('ab'.repeat(32), await sharp(png).webp().toBuffer());
  const app = new ShoeboxApp(ctx, { background: true });
  const caller = { app, transport: 'http' as const };
  const bridge = await startBridge({ app, token: 'test-token-123' });
  t.after(async () => {
    await bridge.close();
    await app.close();
    closeLibrary(ctx);
  });
  const auth = { authorization: 'Bearer test-token-123' };
  return { ctx, caller, bridge, id, photoPath, png, auth };
}

test('bad arguments come back as a typed invalid_args result naming the argument', async (t) => {
  const { caller } = await setup(t);
  const r = await dispatch(caller, 'search.text', { query: 42 });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.error.code === 'invalid_args');
  assert.ok(!r.ok && r.error.issues?.some((i) => i.startsWith('query')));

  const extra = await dispatch(caller, 'folders.list', { sneaky: 1 });
  assert.ok(!extra.ok && extra.error.code === 'invalid_args', 'unknown keys are refused');

  const badId = await dispatch(caller, 'photos.get', { id: '1; DROP TABLE photos' });
  assert.ok(!badId.ok && badId.error.code === 'invalid_args');
  assert.ok(caller.app.ctx.photos.byId(1), 'nothing was harmed');
});

test('unknown commands are refused; core errors are typed; the native picker is desktop-only', async (t) => {
  const { caller } = await setup(t);
  const r = await dispatch(caller, 'fs.readFile', { path: '/etc/passwd' });
  assert.ok(!r.ok && r.error.code === 'unknown_command');
  const proto = await dispatch(caller, '__proto__', {});
  assert.ok(!proto.ok && proto.error.code === 'unknown_command');
  const missing = await dispatch(caller, 'photos.get', { id: 999 });
  assert.ok(!missing.ok && missing.error.code === 'not_found');
  const noModel = await dispatch(caller, 'search.text', { query: 'a dog' });
  assert.ok(!noModel.ok && noModel.error.code === 'no_model');
  assert.ok(!noModel.ok && noModel.error.key === 'models.none_chosen' && noModel.error.params, 'its message code crosses the API');
  const picker = await dispatch(caller, 'roots.choose', {});
  assert.ok(!picker.ok && picker.error.code === 'unsupported');
  const folder = await dispatch(caller, 'roots.add', { path: '/definitely/not/here' });
  assert.ok(!folder.ok && folder.error.code === 'not_found');
});

test('the HTTP bridge requires the token on every command and on the event stream', async (t) => {
  const { bridge, auth } = await setup(t);
  const none = await http(bridge.port, 'POST', '/api/app.status', { body: '{}' });
  assert.equal(none.status, 401);
  assert.equal(JSON.parse(none.body).error.code, 'unauthorized');
  const wrong = await http(bridge.port, 'POST', '/api/app.status', { body: '{}', headers: { authorization: 'Bearer test-token-124' } });
  assert.equal(wrong.status, 401);
  const events = await http(bridge.port, 'GET', '/api/events');
  assert.equal(events.status, 401);

  const ok = await http(bridge.port, 'POST', '/api/folders.list', { body: '{}', headers: auth });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { ok: true, value: { folders: [], unsorted: 1, all: 1, errors: 0 } });

  const unknown = await http(bridge.port, 'POST', '/api/nope', { body: '{}', headers: auth });
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.body).error.code, 'unknown_command');

  const notJson = await http(bridge.port, 'POST', '/api/folders.list', { body: '{oops', headers: auth });
  assert.equal(JSON.parse(notJson.body).error.code, 'invalid_args');
});

test('requests naming another host or coming from another origin are refused', async (t) => {
  const { bridge, auth } = await setup(t);
  const rebinding = await http(bridge.port, 'POST', '/api/app.status', { body: '{}', headers: { ...auth, host: 'evil.example:80' } });
  assert.equal(rebinding.status, 403);
  const crossOrigin = await http(bridge.port, 'POST', '/api/app.status', { body: '{}', headers: { ...auth, origin: 'http://evil.example' } });
  assert.equal(crossOrigin.status, 403);
  assert.equal(bridge.url.startsWith('http://127.0.0.1:'), true);
});

test('media is served for known photo ids only; unknown ids and path tricks get 404', async (t) => {
  const { bridge, id, png } = await setup(t);
  const q = '?token=test-token-123';
  const thumb = await http(bridge.port, 'GET', `/media/thumb/${id}${q}`);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.type, 'image/webp');
  const full = await http(bridge.port, 'GET', `/media/full/${id}${q}`);
  assert.equal(full.status, 200);
  assert.equal(full.type, 'image/png');
  assert.equal(Buffer.byteLength(full.body, 'latin1') > 0 && png.length > 0, true);

  assert.equal((await http(bridge.port, 'GET', `/media/full/${id}`)).status, 401, 'no token, no photo');
  for (const path of [
    `/media/full/999${q}`,
    `/media/full/0${q}`,
    `/media/full/-1${q}`,
    `/media/full/1.0${q}`,
    `/media/full/..%2F..%2F..%2Fetc%2Fpasswd${q}`,
    `/media/full/../../../../etc/passwd${q}`,
    `/media/full/%2Fetc%2Fpasswd${q}`,
    `/media/full/1/../../etc/passwd${q}`,
    `/media/secret/${id}${q}`,
    `/media/full/${id}%00.png${q}`,
  ]) {
    const r = await http(bridge.port, 'GET', path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.body.includes('root:'), path);
  }
});

/** Bytes this process has read through system calls (files, and sockets): Linux's /proc/self/io. */
function bytesRead(): number | undefined {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
  } catch {
    return undefined;
  }
}

/** Raw HTTP, keeping the body's bytes and the headers. */
function httpBytes(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('full images are streamed: Range gets 206 with exactly those bytes, HEAD gets the headers without reading the file', async (t) => {
  const { ctx, bridge } = await setup(t);
  const big = join(tempDir(t), 'big.jpg');
  const bytes = Buffer.alloc(64 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE(i, i); // every page different
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes); // a JPEG's first bytes: media is typed by its content
  writeFileSync(big, bytes);
  const id = ctx.photos.upsert({ path: big, size: bytes.length, mtimeMs: 1, hash: 'cd'.repeat(32), width: 8, height: 8 });
  const url = `/media/full/${id}?token=test-token-123`;

  const before = bytesRead();
  const head = await httpBytes(bridge.port, 'HEAD', url);
  const part = await httpBytes(bridge.port, 'GET', url, { range: 'bytes=1000000-1000099' });
  const readForBoth = before === undefined ? undefined : bytesRead()! - before;
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(bytes.length));
  assert.equal(head.headers['content-type'], 'image/jpeg');
  assert.equal(head.headers['accept-ranges'], 'bytes');
  assert.equal(head.body.length, 0);
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], `bytes 1000000-1000099/${bytes.length}`);
  assert.equal(part.headers['content-length'], '100');
  assert.deepEqual(part.body, bytes.subarray(1000000, 1000100));
  if (readForBoth !== undefined) assert.ok(readForBoth < 4 * 1024 * 1024, `HEAD and a 100-byte range read ${readForBoth} bytes of a 64 MB photo`);

  const tail = await httpBytes(bridge.port, 'GET', url, { range: 'bytes=-16' });
  assert.equal(tail.status, 206);
  assert.deepEqual(tail.body, bytes.subarray(bytes.length - 16));
  const open = await httpBytes(bridge.port, 'GET', url, { range: `bytes=${bytes.length - 5}-` });
  assert.deepEqual(open.body, bytes.subarray(bytes.length - 5));
  const beyond = await httpBytes(bridge.port, 'GET', url, { range: `bytes=${bytes.length}-` });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers['content-range'], `bytes */${bytes.length}`);
  const whole = await httpBytes(bridge.port, 'GET', url);
  assert.equal(whole.status, 200);
  assert.ok(whole.body.equals(bytes), 'the whole photo, streamed');
});

test('static files: only the built renderer, never a path outside it', async (t) => {
  const dir = tempDir(t);
  const renderer = join(dir, 'renderer');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  const ctx = openLibrary(join(dir, 'lib'));
  const app = new ShoeboxApp(ctx, { background: true });
  const bridge = await startBridge({ app, rendererDir: renderer });
  t.after(async () => {
    await bridge.close();
    await app.close();
    closeLibrary(ctx);
  });
  const index = await http(bridge.port, 'GET', '/');
  assert.equal(index.status, 200);
  assert.match(index.body, /<title>x<\/title>/);
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2Fsecret.txt', '/lib/shoebox.sqlite']) {
    const r = await http(bridge.port, 'GET', p);
    assert.equal(r.status, 404, p);
    assert.ok(!r.body.includes('secret') || r.body === 'Not found.', p);
  }
  assert.match(bridge.openUrl, /#token=[A-Za-z0-9_-]{32}$/, 'a random token travels in the fragment');
});

test('media: a file that did not decode as an image is never served, and the type comes from the content, not the name', async (t) => {
  const { ctx, bridge, png } = await setup(t);
  const dir = tempDir(t);
  const q = '?token=test-token-123';
  // A symlink named like a photo, pointing at a text file: the indexer records "Not an image".
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'password=hunter2\n');
  symlinkSync(secret, join(dir, 'secret.jpg'));
  const refused = ctx.photos.upsert({ path: join(dir, 'secret.jpg'), size: 17, mtimeMs: 1, hash: 'cd'.repeat(32), error: 'Not an image' });
  // A photo that decoded when indexed, replaced since by text under the same name.
  const swapped = join(dir, 'swapped.jpg');
  writeFileSync(swapped, 'password=hunter2\n');
  const changed = ctx.photos.upsert({ path: swapped, size: 17, mtimeMs: 1, hash: 'ef'.repeat(32), width: 8, height: 8 });
  // A PNG named .jpg: served, as what it is.
  const misnamed = join(dir, 'really-a-png.jpg');
  writeFileSync(misnamed, png);
  const png2 = ctx.photos.upsert({ path: misnamed, size: png.length, mtimeMs: 1, hash: '12'.repeat(32), width: 8, height: 8 });

  for (const id of [refused, changed]) {
    for (const method of ['GET', 'HEAD']) {
      const r = await http(bridge.port, method, `/media/full/${id}${q}`);
      assert.equal(r.status, 404, `${method} ${id}`);
      assert.ok(!r.body.includes('hunter2'));
      assert.ok(!r.type.startsWith('image/'));
    }
  }
  const ok = await http(bridge.port, 'GET', `/media/full/${png2}${q}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'image/png');
});

test('the bridge answers malformed names, oversized bodies and array arguments with typed errors', async (t) => {
  const { bridge, auth } = await setup(t);
  for (const path of ['/api/%', '/api/%E0%A4%A', '/api/folders.list%']) {
    const r = await http(bridge.port, 'POST', path, { body: '{}', headers: auth });
    assert.equal(r.status, 404, path);
    assert.equal(JSON.parse(r.body).error.code, 'unknown_command', path);
  }

  // 50 MB: read and thrown away, then a 413 that names the limit (not a connection reset).
  const big = await http(bridge.port, 'POST', '/api/folders.list', { body: 'x'.repeat(50 * 1024 * 1024), headers: auth });
  assert.equal(big.status, 413);
  const err = JSON.parse(big.body).error;
  assert.equal(err.code, 'invalid_args');
  assert.match(err.message, /larger than the 8 MB limit/);
  assert.equal(err.params.limit, 8 * 1024 * 1024);
  const after = await http(bridge.port, 'POST', '/api/folders.list', { body: '{}', headers: auth });
  assert.equal(after.status, 200, 'the bridge still answers');

  for (const body of ['[]', '[{}]', '7', '"x"', 'true']) {
    const r = JSON.parse((await http(bridge.port, 'POST', '/api/folders.list', { body, headers: auth })).body);
    assert.equal(r.ok, false, body);
    assert.equal(r.error.code, 'invalid_args', body);
    assert.match(r.error.message, /must be an object/, body);
  }
  for (const body of ['', '{}', 'null']) {
    const r = JSON.parse((await http(bridge.port, 'POST', '/api/folders.list', { body, headers: auth })).body);
    assert.equal(r.ok, true, `${JSON.stringify(body)}: no arguments is fine`);
  }
});
