/** The browser tests find Chrome or Chromium in the order developers expect, on each OS (made-up paths, no launch). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findBrowser, installHint, type BrowserSearch } from '../../helpers/find-browser.js';

function search(platform: NodeJS.Platform, files: string[], env: NodeJS.ProcessEnv = {}, playwright?: string): BrowserSearch {
  const there = new Set(files);
  return { env, platform, isFile: (p) => there.has(p), playwrightPath: () => playwright };
}

const PW = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

test('Linux: CHROMIUM_PATH, then Playwright\'s own, then chromium… on PATH, /usr/bin, /snap/bin', () => {
  const all = ['/opt/my/chrome', PW, '/home/me/bin/chromium', '/usr/bin/chromium', '/usr/bin/google-chrome', '/snap/bin/chromium'];
  const env = { PATH: '/home/me/bin:/usr/local/bin' };
  assert.deepEqual(findBrowser(search('linux', all, { ...env, CHROMIUM_PATH: '/opt/my/chrome' }, PW)), { path: '/opt/my/chrome', from: 'CHROMIUM_PATH' });
  assert.equal(findBrowser(search('linux', all, env, PW)).path, PW);
  assert.equal(findBrowser(search('linux', all.slice(2), env, PW)).path, '/home/me/bin/chromium', 'PATH first');
  assert.equal(findBrowser(search('linux', all.slice(3), env, PW)).path, '/usr/bin/chromium');
  assert.equal(findBrowser(search('linux', ['/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable'], env)).path, '/usr/bin/chromium-browser');
  assert.equal(findBrowser(search('linux', ['/usr/bin/google-chrome-stable'], env)).path, '/usr/bin/google-chrome-stable');
  assert.equal(findBrowser(search('linux', ['/snap/bin/chromium'], {})).path, '/snap/bin/chromium');
});

test('a CHROMIUM_PATH that points at nothing fails with that path, rather than quietly using another browser', () => {
  const r = findBrowser(search('linux', ['/usr/bin/chromium'], { CHROMIUM_PATH: '/nope/chrome' }));
  assert.equal(r.path, undefined);
  assert.match('message' in r ? r.message : '', /CHROMIUM_PATH is \/nope\/chrome/);
});

test('macOS: Playwright\'s own, then Google Chrome.app, then Chromium.app (also in ~/Applications)', () => {
  const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
  const chromiumApp = '/Applications/Chromium.app/Contents/MacOS/Chromium';
  const mine = '/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium';
  const pw = '/Users/me/Library/Caches/ms-playwright/chromium-1/chrome-mac/Chromium.app/Contents/MacOS/Chromium';
  const env = { HOME: '/Users/me' };
  assert.equal(findBrowser(search('darwin', [pw, chrome, chromiumApp], env, pw)).path, pw);
  assert.equal(findBrowser(search('darwin', [chrome, chromiumApp], env, pw)).path, chrome);
  assert.equal(findBrowser(search('darwin', [chromiumApp, mine], env)).path, chromiumApp);
  assert.equal(findBrowser(search('darwin', [mine], env)).path, mine);
  assert.equal(findBrowser(search('darwin', ['/usr/bin/chromium'], env)).path, undefined, 'no Linux places on a Mac');
});

test('Windows: Program Files, Program Files (x86), then LocalAppData', () => {
  const env = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' };
  const pf = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
  const x86 = 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe';
  const local = 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
  assert.equal(findBrowser(search('win32', [pf, x86, local], env)).path, pf);
  assert.equal(findBrowser(search('win32', [x86, local], env)).path, x86);
  assert.equal(findBrowser(search('win32', [local], env)).path, local);
});

test('none found: one message that names the install command for the OS', () => {
  const cases: [NodeJS.Platform, RegExp][] = [
    ['linux', /apt-get install chromium/],
    ['darwin', /brew install --cask chromium/],
    ['win32', /winget install Google\.Chrome/],
  ];
  for (const [platform, command] of cases) {
    const r = findBrowser(search(platform, [], { PATH: '/usr/bin' }, '/cache/ms-playwright/chrome'));
    assert.equal(r.path, undefined);
    const message = 'message' in r ? r.message : '';
    assert.match(message, command);
    assert.match(message, /npx playwright-core install chromium/);
    assert.match(message, /CHROMIUM_PATH/);
    assert.equal(installHint(platform).length > 0, true);
  }
});
