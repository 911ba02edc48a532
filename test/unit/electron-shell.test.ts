/**
 * The Electron binary cannot run on this machine. The shell's logic (who may
 * talk to the IPC channel, what it answers, what the two protocols serve) is
 * free of runtime electron imports and tested here as functions, with fake
 * windows, frames and events; the settings the security model rests on that
 * only exist as Electron calls are checked statically in the compiled files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserWindow, IpcMainInvokeEvent, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { IPC, type ApiResult } from '../../src-main/api/contract.js';
import { dispatch } from '../../src-main/api/dispatch.js';
import { ShoeboxApp } from '../../src-main/app/shoebox-app.js';
import { openLibrary, closeLibrary } from '../../src-main/core/context.js';
import { invokeHandler, isTrustedSender, wireIpc, type FolderDialog } from '../../src-main/electron/ipc-handlers.js';
import { APP_ORIGIN, APP_URL, appHandler, mediaHandler } from '../../src-main/electron/protocol-handlers.js';
import { allowedExternalUrls, mayOpenExternally } from '../../src-main/electron/external-links.js';
import { loadCatalog } from '../../src-main/core/models/catalog.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { onCleanup, type Owner } from '../helpers/cleanup.js';

const require = createRequire(import.meta.url);
const compiled = (name: string): string => readFileSync(join(ROOT, 'dist', 'src-main', 'electron', name), 'utf8');

/** A stand-in for our BrowserWindow: its webContents, main frame (at `url`) and the events sent to it. */
function fakeWindow(url = APP_URL) {
  const mainFrame = { url, parent: null as unknown };
  const sent: unknown[][] = [];
  const webContents = { mainFrame, send: (...args: unknown[]) => void sent.push(args) };
  let destroyed = false;
  const win = { webContents, isDestroyed: () => destroyed } as unknown as BrowserWindow;
  return { win, webContents, mainFrame, sent, destroy: () => void (destroyed = true) };
}

const event = (sender: unknown, senderFrame: unknown): IpcMainInvokeEvent => ({ sender, senderFrame }) as unknown as IpcMainInvokeEvent;

/** A folder dialog that answers `answer` and records what it was asked. */
function fakeDialog(answer: OpenDialogReturnValue = { canceled: false, filePaths: ['/home/me/Pictures'] }) {
  const calls: [BrowserWindow, OpenDialogOptions][] = [];
  const dialog: FolderDialog = {
    showOpenDialog: async (win, options) => {
      calls.push([win, options]);
      return answer;
    },
  };
  return { dialog, calls };
}

function service(t: Owner): ShoeboxApp {
  const ctx = openLibrary(join(tempDir(t), 'library'));
  const s = new ShoeboxApp(ctx, { background: true, watch: false });
  onCleanup(t, async () => {
    await s.close();
    closeLibrary(ctx);
  });
  return s;
}

const UNAUTHORIZED = { ok: false, error: { code: 'unauthorized', message: 'Refused: not the Shoebox window.' } };

test('a command from our window\'s main frame at the app origin is dispatched, its arguments validated', async (t) => {
  const s = service(t);
  const w = fakeWindow();
  const handle = invokeHandler(s, w.win, fakeDialog().dialog);
  const from = event(w.webContents, w.mainFrame);
  assert.equal(isTrustedSender(from, w.win), true);
  assert.deepEqual(await handle(from, 'app.status', {}), await dispatch({ app: s, transport: 'electron' }, 'app.status', {}));
  const bad = (await handle(from, 'search.text', { query: 42 })) as ApiResult<unknown>;
  assert.equal(bad.ok === false && bad.error.code, 'invalid_args');
  const unknown = (await handle(from, 'fs.readFile', { path: '/etc/passwd' })) as ApiResult<unknown>;
  assert.equal(unknown.ok === false && unknown.error.code, 'unknown_command');
});

test('anything else is refused as unauthorized: another webContents, a subframe, a destroyed window, another origin, an unparseable URL', async (t) => {
  const s = service(t);
  const cases: [string, () => { win: BrowserWindow; e: IpcMainInvokeEvent }][] = [
    ['another webContents', () => {
      const w = fakeWindow();
      const other = fakeWindow();
      return { win: w.win, e: event(other.webContents, other.mainFrame) };
    }],
    ['a subframe at the app origin', () => {
      const w = fakeWindow();
      return { win: w.win, e: event(w.webContents, { url: APP_URL, parent: w.mainFrame }) };
    }],
    ['no sender frame (already gone)', () => {
      const w = fakeWindow();
      return { win: w.win, e: event(w.webContents, null) };
    }],
    ['a destroyed window', () => {
      const w = fakeWindow();
      w.destroy();
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
    ['a main frame showing another origin', () => {
      const w = fakeWindow('https://example.com/index.html');
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
    ['a main frame showing a look-alike origin', () => {
      const w = fakeWindow(`${APP_ORIGIN}.example.com/index.html`);
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
    ['a main frame at the app host on another port', () => {
      const w = fakeWindow('shoebox://app:8080/index.html');
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
    ['a main frame at the app host of another scheme', () => {
      const w = fakeWindow('https://app/index.html');
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
    ['a main frame with an unparseable URL', () => {
      const w = fakeWindow('not a url');
      return { win: w.win, e: event(w.webContents, w.mainFrame) };
    }],
  ];
  for (const [what, make] of cases) {
    const { win, e } = make();
    const { dialog, calls } = fakeDialog();
    const handle = invokeHandler(s, win, dialog);
    assert.equal(isTrustedSender(e, win), false, what);
    assert.deepEqual(await handle(e, 'app.status', {}), UNAUTHORIZED, what);
    assert.deepEqual(await handle(e, 'roots.choose', {}), UNAUTHORIZED, what);
    assert.equal(calls.length, 0, `${what}: no folder picker shown`);
  }
});

test('roots.choose asks the injected folder dialog, for our window, and answers its choice', async (t) => {
  const s = service(t);
  const w = fakeWindow();
  const from = event(w.webContents, w.mainFrame);
  const chosen = fakeDialog({ canceled: false, filePaths: ['/home/me/Pictures'] });
  assert.deepEqual(await invokeHandler(s, w.win, chosen.dialog)(from, 'roots.choose', {}), { ok: true, value: { path: '/home/me/Pictures' } });
  assert.equal(chosen.calls.length, 1);
  assert.equal(chosen.calls[0]![0], w.win);
  assert.deepEqual(chosen.calls[0]![1].properties, ['openDirectory']);
  const cancelled = fakeDialog({ canceled: true, filePaths: [] });
  assert.deepEqual(await invokeHandler(s, w.win, cancelled.dialog)(from, 'roots.choose', {}), { ok: true, value: { path: null } });
});

test('photos.reveal shows the photo\'s file from the library in the file manager, for our window only; an unknown id shows nothing', async (t) => {
  const ctx = openLibrary(join(tempDir(t), 'library'));
  const photo = '/home/me/Pictures/beach.jpg';
  const id = ctx.photos.upsert({ path: photo, size: 1, mtimeMs: 1, hash: 'h', width: 1, height: 1, takenAt: null, camera: null, lat: null, lon: null, orientation: null, error: null });
  const s = new ShoeboxApp(ctx, { background: true, watch: false });
  onCleanup(t, async () => {
    await s.close();
    closeLibrary(ctx);
  });
  const w = fakeWindow();
  const from = event(w.webContents, w.mainFrame);
  const shown: string[] = [];
  const shell = { showItemInFolder: (p: string) => void shown.push(p) };
  const handle = invokeHandler(s, w.win, fakeDialog().dialog, shell);
  assert.deepEqual(await handle(from, 'photos.reveal', { id }), { ok: true, value: { shown: true } });
  assert.deepEqual(shown, [photo]);
  assert.equal((await handle(from, 'photos.reveal', { id: id + 1000 })).ok, false);
  assert.equal((await handle(from, 'photos.reveal', { path: '/etc/passwd' })).ok, false);
  const stranger = fakeWindow('https://example.com/');
  assert.deepEqual(await invokeHandler(s, stranger.win, fakeDialog().dialog, shell)(event(stranger.webContents, stranger.mainFrame), 'photos.reveal', { id }), UNAUTHORIZED);
  assert.deepEqual(shown, [photo]);
});

test('wiring: one invoke handler on the IPC channel, events sent to a live window only, all undone by the unwire function', async (t) => {
  const s = service(t);
  const w = fakeWindow();
  const handlers = new Map<string, (...args: any[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, fn: (...args: any[]) => unknown) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const unwire = wireIpc(s, w.win, { ipcMain, dialog: fakeDialog().dialog });
  assert.deepEqual([...handlers.keys()], [IPC.invoke]);
  assert.deepEqual(await handlers.get(IPC.invoke)!(event(w.webContents, w.mainFrame), 'app.status', {}), await dispatch({ app: s, transport: 'electron' }, 'app.status', {}));
  assert.deepEqual(await handlers.get(IPC.invoke)!(event(fakeWindow().webContents, w.mainFrame), 'app.status', {}), UNAUTHORIZED);

  s.events.emit('status.changed', {});
  assert.deepEqual(w.sent, [[IPC.event, 'status.changed', {}]]);
  w.destroy();
  s.events.emit('status.changed', {});
  assert.equal(w.sent.length, 1, 'nothing sent to a destroyed window');

  unwire();
  assert.equal(handlers.size, 0);
  const w2 = fakeWindow();
  const unwire2 = wireIpc(s, w2.win, { ipcMain, dialog: fakeDialog().dialog });
  unwire2();
  s.events.emit('status.changed', {});
  assert.equal(w2.sent.length, 0, 'no events after unwiring');
});

test('shoebox://app serves only the built window\'s files, the page with its Content-Security-Policy', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Shoebox</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(tempDir(t), 'secret.txt'), 'not for the window');
  const handle = appHandler(dir);
  const get = (url: string): Promise<Response> => handle(new Request(url));

  for (const url of [`${APP_ORIGIN}/`, APP_URL]) {
    const page = await get(url);
    assert.equal(page.status, 200, url);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await page.text(), '<!doctype html><title>Shoebox</title>');
  }
  const script = await get(`${APP_ORIGIN}/assets/app.js`);
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type')!, /^text\/javascript/);
  assert.equal(script.headers.get('content-security-policy'), null, 'the policy comes with the page');
  for (const url of [`${APP_ORIGIN}/missing.js`, `${APP_ORIGIN}/../secret.txt`, `${APP_ORIGIN}/%2e%2e/secret.txt`, 'shoebox://other/index.html']) {
    assert.equal((await get(url)).status, 404, url);
  }
});

test('shoebox-media serves a known photo\'s image by id, and nothing else', async (t) => {
  const s = service(t);
  const hash = 'ab'.repeat(32);
  const id = s.ctx.photos.upsert({ path: join(tempDir(t), 'gone.jpg'), size: 1, mtimeMs: 1, hash, width: 8, height: 8 });
  s.ctx.thumbs.write(hash, Buffer.from('thumbnail bytes'));
  const handle = mediaHandler(s);

  const thumb = await handle(new Request(`shoebox-media://thumb/${id}`));
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/webp');
  assert.equal(await thumb.text(), 'thumbnail bytes');
  for (const [url, init] of [
    [`shoebox-media://thumb/${id + 1}`, {}],
    [`shoebox-media://full/${id}`, {}], // its file is not there
    [`shoebox-media://thumb/0${id}`, {}],
    [`shoebox-media://thumb/${id}.webp`, {}],
    [`shoebox-media://other/${id}`, {}],
    [`shoebox-media://thumb/${id}`, { method: 'POST' }],
  ] as const) {
    assert.equal((await handle(new Request(url, init))).status, 404, `${init.method ?? 'GET'} ${url}`);
  }
});

test('shoebox-media answers Range with 206 and those bytes, and HEAD with headers only', async (t) => {
  const s = service(t);
  const photo = join(tempDir(t), 'photo.png');
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes); // a PNG's signature: media is typed by its content
  writeFileSync(photo, bytes);
  const id = s.ctx.photos.upsert({ path: photo, size: bytes.length, mtimeMs: 1, hash: 'ef'.repeat(32), width: 8, height: 8 });
  const handle = mediaHandler(s);

  const part = await handle(new Request(`shoebox-media://full/${id}`, { headers: { range: 'bytes=10-19' } }));
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), 'bytes 10-19/5000');
  assert.equal(part.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(10, 20));
  const head = await handle(new Request(`shoebox-media://full/${id}`, { method: 'HEAD' }));
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '5000');
  assert.equal(head.body, null);
  const whole = await handle(new Request(`shoebox-media://full/${id}`));
  assert.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);
});

test('the preload is CommonJS that requires nothing but electron (a sandboxed preload can require nothing else)', () => {
  const src = compiled('preload.cjs');
  const requires = [...src.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual(requires, ['electron']);
  assert.doesNotMatch(src, /^\s*(import|export)\s/m, 'no ESM syntax');
  assert.match(src, /exposeInMainWorld\(['"]shoebox['"]/);
  assert.doesNotMatch(src, /exposeInMainWorld\([^)]*ipcRenderer\s*\)/, 'ipcRenderer itself is never exposed');
});

test('the window is created isolated, sandboxed, without Node, and locked to its own origin', () => {
  const main = compiled('main.js');
  for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false', 'allowRunningInsecureContent: false']) {
    assert.ok(main.includes(setting), setting);
  }
  assert.match(main, /app\.enableSandbox\(\)/);
  assert.match(main, /setWindowOpenHandler\([\s\S]*?action: 'deny'/);
  assert.match(main, /'will-navigate'[\s\S]*?preventDefault/);
  assert.match(main, /setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
  assert.doesNotMatch(main, /file:\/\//, 'the window never loads file:// URLs');
  assert.match(main, /serveIpc\(shoebox, win\)/, 'the window is wired through the checked IPC handler');
});

test('electron-builder.yml is valid for electron-builder and unpacks the native modules from the asar', () => {
  const yaml = require('js-yaml') as { load(s: string): unknown };
  const Ajv = require('ajv') as new (o: object) => { validate(s: object, d: unknown): boolean; errors: unknown };
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.ok(ajv.validate(schema, config), JSON.stringify(ajv.errors));
  const unpack = config.asarUnpack as string[];
  for (const mod of ['onnxruntime-node', 'better-sqlite3', 'sharp']) assert.ok(unpack.some((p) => p.includes(`node_modules/${mod}/`)), mod);
  assert.equal(config.npmRebuild, true);
  const targets = JSON.stringify([config.linux, config.win, config.mac]);
  for (const t of ['AppImage', 'deb', 'nsis', 'dmg']) assert.ok(targets.includes(t), t);
});

test('links open in the browser only for the catalog\'s licence pages; middle-click new windows are off', () => {
  const catalog = loadCatalog();
  const allowed = allowedExternalUrls(catalog);
  const licences = catalog.models.map((m) => m.licence.url).filter((u): u is string => !!u);
  assert.ok(licences.length > 0);
  for (const url of licences) assert.ok(mayOpenExternally(url, allowed), url);
  for (const url of [
    'https://github.com/evil/repo', // same host, another page
    'https://evil.example/',
    'http://github.com/mlfoundations/open_clip/blob/main/LICENSE', // not https
    'https://user:pw@github.com/mlfoundations/open_clip/blob/main/LICENSE',
    'https://github.com@evil.example/mlfoundations/open_clip/blob/main/LICENSE',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'not a url',
  ]) {
    assert.equal(mayOpenExternally(url, allowed), false, url);
  }
  assert.equal(mayOpenExternally(licences[0]!, allowedExternalUrls(undefined)), false, 'no catalog: nothing opens');

  const main = compiled('main.js');
  assert.match(main, /if \(mayOpenExternally\(url, externalUrls\)\)\s*void shell\.openExternal\(url\)/, 'openExternal only behind the allow-list');
  assert.equal(main.match(/openExternal\(/g)?.length, 1, 'and nowhere else');
  assert.match(main, /disableBlinkFeatures: 'Auxclick'/);
});
