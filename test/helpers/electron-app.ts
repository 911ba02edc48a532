/**
 * The real desktop app for the end-to-end test (test/electron/app.test.ts):
 * which one to start — the packaged app electron-builder wrote into release/,
 * or the development app (`electron .`) — or, where it cannot run, why not.
 * The choice is pure over its inputs (env, platform, file checks, the Electron
 * binary, a probe of the native modules), so it is unit-tested with made-up
 * ones (test/unit/electron-plan.test.ts); the launchers below need Electron.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { onCleanup, type Owner } from './cleanup.js';
import { ROOT } from './paths.js';

export type AppTarget = { kind: 'packaged'; executable: string } | { kind: 'dev'; electron: string };
export type ElectronPlan = { target: AppTarget; skip?: undefined } | { target?: undefined; skip: string };

export interface ElectronSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** the packaged app's executables electron-builder left in release/ for this OS */
  packaged(): string[];
  /** node_modules/electron's binary, or why there is none */
  electron(): { path: string } | { error: string };
  /** loads the native modules in Electron's Node; undefined when they load, else the error text */
  probeNatives(electron: string): string | undefined;
}

/** SHOEBOX_ELECTRON_APP: "packaged" or "dev" asks for one; unset takes the packaged app when there is one. */
export function planElectronRun(s: ElectronSearch = realElectronSearch()): ElectronPlan {
  const want = s.env.SHOEBOX_ELECTRON_APP;
  if (want !== undefined && want !== 'packaged' && want !== 'dev') return { skip: `SHOEBOX_ELECTRON_APP is "${want}"; it may be "packaged" or "dev"` };
  const noDisplay = s.platform === 'linux' && !s.env.DISPLAY && !s.env.WAYLAND_DISPLAY;
  const display = 'no display on this Linux machine (DISPLAY and WAYLAND_DISPLAY are unset): run the tests under `xvfb-run -a`';
  const packaged = s.packaged()[0];
  if (want === 'packaged' && !packaged) return { skip: 'SHOEBOX_ELECTRON_APP=packaged, and release/ holds no packaged app for this OS: run `npm run dist` first' };
  if (packaged && want !== 'dev') return noDisplay ? { skip: display } : { target: { kind: 'packaged', executable: packaged } };
  const bin = s.electron();
  if ('error' in bin) {
    return {
      skip:
        `no Electron binary: ${bin.error} (node_modules/electron has no dist/; was it installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?). ` +
        'Get it with `node node_modules/electron/install.js`, or `npm ci` without ELECTRON_SKIP_BINARY_DOWNLOAD',
    };
  }
  if (noDisplay) return { skip: display };
  const natives = s.probeNatives(bin.path);
  if (natives !== undefined && /NODE_MODULE_VERSION|different Node\.js version/.test(natives)) {
    // better-sqlite3 is built for one ABI at a time: Node's for the other tests, or Electron's.
    return {
      skip:
        `the native modules are built for Node, not for Electron (${natives.split('\n').find((l) => /NODE_MODULE_VERSION/.test(l))?.trim() ?? natives.trim()}). ` +
        'Rebuild them for Electron with `npx electron-builder install-app-deps` (and `npm rebuild better-sqlite3` to go back to the Node tests)',
    };
  }
  return { target: { kind: 'dev', electron: bin.path } };
}

/** Where electron-builder (output: release/, electron-builder.yml) puts the unpacked app on each OS. */
export function packagedCandidates(platform: NodeJS.Platform, releaseDirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of releaseDirs) {
    const name = dir.split(/[\\/]/).pop() ?? '';
    // joined with the separator the folder is written with, so the unit test's made-up paths read the same on every OS
    const sub = (...parts: string[]): string => [dir, ...parts].join(dir.includes('\\') ? '\\' : '/');
    if (platform === 'linux' && /^linux(-[a-z0-9]+)?-unpacked$/.test(name)) out.push(sub('shoebox'));
    if (platform === 'win32' && /^win(-[a-z0-9]+)?-unpacked$/.test(name)) out.push(sub('Shoebox.exe'));
    if (platform === 'darwin' && /^mac(-[a-z0-9]+)?$/.test(name)) out.push(sub('Shoebox.app', 'Contents', 'MacOS', 'Shoebox'));
  }
  return out;
}

export function realElectronSearch(): ElectronSearch {
  return {
    env: process.env,
    platform: process.platform,
    packaged: () => {
      const release = join(ROOT, 'release');
      if (!existsSync(release)) return [];
      const dirs = readdirSync(release, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(release, e.name));
      return packagedCandidates(process.platform, dirs).filter((p) => existsSync(p) && statSync(p).isFile());
    },
    electron: () => {
      try {
        // node_modules/electron/index.js: the binary's path, or a throw when the download was skipped
        const path = createRequire(import.meta.url)('electron') as string;
        return existsSync(path) ? { path } : { error: `${path} is missing` };
      } catch (err) {
        return { error: (err as Error).message };
      }
    },
    probeNatives: (electron) => {
      const probe = "const D = require('better-sqlite3'); new D(':memory:').close(); require('sharp'); require('onnxruntime-node');";
      const r = spawnSync(electron, ['-e', probe], { cwd: ROOT, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000 });
      return r.status === 0 ? undefined : `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` || `exit ${r.status}`;
    },
  };
}

/** The window follows the OS language until the user picks one: English on every machine, so the test reads the same. */
const LANG = ['--lang=en-US'];

export interface RunningApp {
  target: AppTarget;
  /** the app's window */
  page: Page;
  /** the main process (the development app only: Playwright's `_electron`) */
  electron?: ElectronApplication;
  /** quits the app the way a user does (closing its window) and waits for it to exit */
  quit(): Promise<void>;
}

/**
 * Starts the app on the library and profile in `env` (SHOEBOX_LIBRARY, SHOEBOX_USER_DATA).
 * The development app runs under Playwright's `_electron` (which needs `--inspect`); the packaged app
 * has that switched off by its fuses (enableNodeCliInspectArguments: false, electron-builder.yml),
 * so it is started as a user would and driven over Chromium's DevTools port instead.
 */
export async function launchApp(owner: Owner, target: AppTarget, env: Record<string, string>): Promise<RunningApp> {
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE' && k !== 'NODE_OPTIONS') fullEnv[k] = v;
  Object.assign(fullEnv, env);
  if (target.kind === 'dev') {
    const electron = await _electron.launch({ args: [ROOT, ...LANG], cwd: ROOT, env: fullEnv, timeout: 90_000 });
    let closed = false;
    onCleanup(owner, () => (closed ? undefined : electron.close()));
    const page = await electron.firstWindow({ timeout: 90_000 });
    return {
      target,
      page,
      electron,
      quit: async () => {
        closed = true;
        await electron.close();
      },
    };
  }
  const args = ['--remote-debugging-port=0', ...LANG, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])];
  const child = spawn(target.executable, args, { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(owner, () => stop(child));
  const ws = await devToolsAddress(child);
  const browser: Browser = await chromium.connectOverCDP(ws, { timeout: 90_000 });
  onCleanup(owner, () => browser.close().catch(() => undefined));
  const page = await appPage(browser);
  return {
    target,
    page,
    quit: async () => {
      await page.evaluate('window.close()').catch(() => undefined); // the last window: the app quits ('window-all-closed')
      await exited(child, 30_000);
    },
  };
}

function devToolsAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the packaged app printed no DevTools address in 90 s. stderr: ${err}`)), 90_000);
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the packaged app exited (${code}) before it opened its window. stderr: ${err}`));
    });
  });
}

async function appPage(browser: Browser): Promise<Page> {
  const end = Date.now() + 90_000;
  for (;;) {
    for (const context of browser.contexts()) for (const p of context.pages()) if (p.url().startsWith('shoebox://app/')) return p;
    if (Date.now() > end) throw new Error(`the packaged app's window never showed shoebox://app/ (pages: ${browser.contexts().flatMap((c) => c.pages().map((p) => p.url())).join(', ')})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not quit within ${ms / 1000} s of its window closing`)), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}
