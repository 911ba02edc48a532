/**
 * The Electron security check in `npm test` (scripts/check-electron-security.js)
 * passes on the app as it is, and fails on a finding nobody accepted: a window
 * without web security, or a second openExternal of any URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers/paths.js';

const SCRIPT = join(ROOT, 'scripts', 'check-electron-security.js');
let installed = true;
try {
  createRequire(import.meta.url).resolve('@doyensec/electronegativity');
} catch {
  installed = false;
}
const skip = installed ? false : '@doyensec/electronegativity is not installed: run `npm install` (CI does `npm ci`)';

function check(dir?: string): { code: number; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...(dir ? [dir] : [])], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

test('the app passes: every finding above informational is accepted in docs/security-accepted.json', { skip }, () => {
  const r = check();
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /all accepted/);
});

test('a new finding fails the check, naming the check and the place', { skip }, (t) => {
  const dir = join(tempDir(t), 'src-main');
  cpSync(join(ROOT, 'src-main'), dir, { recursive: true });
  const main = join(dir, 'electron', 'main.ts');
  const src = readFileSync(main, 'utf8')
    .replace('webSecurity: true,', 'webSecurity: false,')
    .replace('return { action: \'deny\' };', 'void shell.openExternal(String(Math.random()));\n    return { action: \'deny\' };');
  writeFileSync(main, src);
  const r = check(dir);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /WEB_SECURITY_JS_CHECK .*electron\/main\.ts/);
  assert.match(r.out, /OPEN_EXTERNAL_JS_CHECK .*electron\/main\.ts/, 'a second openExternal is more than the one accepted');
});
