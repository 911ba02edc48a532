/**
 * End-to-end harness: the real `shoebox serve` as a child process, and a Chrome
 * or Chromium (found by find-browser.ts) driven by playwright-core. Screenshots
 * go to test/output/screenshots/ (git-ignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CLI, ROOT } from './paths.js';
import { onCleanup, type Owner } from './cleanup.js';
import { findBrowser } from './find-browser.js';
import type { ApiResult, ArgsOf, CommandName, ResultOf } from '../../src-main/api/contract.js';

/** The browser the tests drive; scripts/run-tests.js checks it once before any browser test runs. */
export const BROWSER = findBrowser();
export const SCREENSHOTS = join(ROOT, 'test', 'output', 'screenshots');
const RENDERER = join(ROOT, 'dist', 'renderer', 'index.html');


export interface Served {
  /** http://127.0.0.1:PORT/ */
  base: string;
  /** the address with the token in its fragment, as `shoebox serve` printed it */
  openUrl: string;
  token: string;
  child: ChildProcess;
  /** calls a command on the bridge directly (the backend's own answer, to compare the window with) */
  call<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>>;
  stop(): Promise<void>;
}

export function requireRenderer(): void {
  if (!existsSync(RENDERER)) throw new Error(`The window is not built (${RENDERER} missing): run \`npm run build:renderer\`.`);
}

/** Starts `shoebox serve` on a free port and waits for the address it prints; stopped when `owner` (a test's `t`, or suiteCleanups()) ends. */
export async function serve(owner: Owner, library: string, extra: string[] = []): Promise<Served> {
  requireRenderer();
  const child = spawn(process.execPath, [CLI, 'serve', '--library', library, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHOEBOX_LIBRARY: undefined },
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(owner, stop); // registered at once: a failing test must not leave the server running
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`shoebox serve printed no address in 30 s. stderr: ${stderr}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`shoebox serve exited ${code}: ${stderr}`));
    });
  });
  const [base, token] = openUrl.split('#token=') as [string, string];
  return {
    base,
    openUrl,
    token,
    child,
    stop,
    async call(name, args) {
      const res = await fetch(`${base}api/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      const r = (await res.json()) as ApiResult<ResultOf<typeof name>>;
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value;
    },
  };
}

export async function browser(owner: Owner, opts: { locale?: string } = {}): Promise<{ browser: Browser; page: Page }> {
  if (BROWSER.path === undefined) throw new Error(BROWSER.message);
  const b = await chromium.launch({
    executablePath: BROWSER.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  onCleanup(owner, () => b.close());
  const context = await b.newContext({ viewport: { width: 1280, height: 800 }, locale: opts.locale ?? 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  onCleanup(owner, () => {
    if (problems.length) throw new Error(`The page threw: ${problems.join('\n')}`);
  });
  return { browser: b, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The photo ids of the visible grid tiles, in order. */
export async function gridIds(page: Page, selector = '[data-testid=thumb]'): Promise<number[]> {
  return page.$$eval(selector, (els) => els.map((e) => Number(e.getAttribute('data-photo-id'))));
}

/** Polls `check` until it returns true (page code runs through CDP, so the page's strict CSP allows it). */
export async function until(check: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Timed out after ${timeout} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until exactly `n` grid tiles are in the DOM. */
export async function waitForThumbs(page: Page, n: number, timeout = 30_000): Promise<void> {
  await until(async () => (await page.locator('[data-testid=thumb]').count()) === n, `${n} thumbnails`, timeout);
}

/** Waits until every thumbnail image on screen has loaded real pixels. */
export async function waitForImages(page: Page, selector = '[data-testid=thumb] img'): Promise<void> {
  await until(
    () => page.$$eval(selector, (els) => els.length > 0 && els.every((e) => (e as unknown as { complete: boolean; naturalWidth: number }).complete && (e as unknown as { naturalWidth: number }).naturalWidth > 0)),
    'the thumbnails to load',
  );
}

/**
 * Clicks an item of the sidebar (a folder, Settings, …). Below 960 px the sidebar is a drawer:
 * it is opened first with the top bar's button, as a user does (a choice closes it again).
 */
export async function sidebar(page: Page, item: string | Locator): Promise<void> {
  const target = typeof item === 'string' ? page.getByTestId(item) : item;
  if (!(await target.isVisible())) await page.getByTestId('sidebar-toggle').click();
  await target.click();
}
