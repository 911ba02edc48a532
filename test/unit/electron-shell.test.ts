/**
 * The Electron binary cannot run on this machine, so the shell is checked
 * statically: it type-checks against electron's types (the build), and these
 * tests read the compiled files for the settings the security model rests on.
 * Everything behind the shell is the API, tested through the HTTP bridge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';

const require = createRequire(import.meta.url);
const compiled = (name: string): string => readFileSync(join(ROOT, 'dist', 'src-main', 'electron', name), 'utf8');

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
  const ipc = compiled('ipc.js');
  assert.match(ipc, /senderFrame/);
  assert.match(ipc, /mainFrame/);
  assert.match(ipc, /dispatch\(\{ app, transport: 'electron' \}, name, args\)/, 'every other command goes through validation');
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
