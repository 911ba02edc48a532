/**
 * Which Chrome or Chromium the browser tests drive, found the way developers
 * expect: CHROMIUM_PATH; Playwright's own browser if it was installed
 * (`npx playwright-core install chromium`); then the usual places on this OS.
 * Pure over its inputs (env, platform, file checks), so its order is unit-tested
 * with made-up paths.
 */
import { existsSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { chromium } from 'playwright-core';

export interface BrowserSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** whether a file is there (a regular file or a link to one) */
  isFile(path: string): boolean;
  /** where Playwright's own Chromium would be (it may not be installed) */
  playwrightPath(): string | undefined;
}

export type BrowserFound = { path: string; from: string } | { path: undefined; message: string };

/** The install command to suggest on each OS; `playwright-core` installs the build this playwright-core drives. */
export function installHint(platform: NodeJS.Platform): string {
  const playwright = '`npx playwright-core install chromium` (Playwright\'s own build, any OS)';
  switch (platform) {
    case 'linux':
      return `\`sudo apt-get install chromium\` (Debian/Ubuntu; \`dnf install chromium\` on Fedora), or ${playwright}`;
    case 'darwin':
      return `\`brew install --cask chromium\` (or install Google Chrome), or ${playwright}`;
    case 'win32':
      return `\`winget install Google.Chrome\`, or ${playwright}`;
    default:
      return playwright;
  }
}

/** The places to look on this OS, in order, after CHROMIUM_PATH and Playwright's own. */
export function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((r) => [win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), win32.join(r, 'Chromium', 'Application', 'chrome.exe')]);
  }
  if (platform === 'darwin') {
    const apps = ['/Applications', ...(env.HOME ? [posix.join(env.HOME, 'Applications')] : [])];
    return apps.flatMap((a) => [
      posix.join(a, 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
      posix.join(a, 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
    ]);
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = [...(env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/snap/bin'];
  const seen = new Set<string>();
  return names.flatMap((n) => dirs.map((d) => posix.join(d, n))).filter((p) => !seen.has(p) && Boolean(seen.add(p)));
}

export function findBrowser(s: BrowserSearch = realSearch()): BrowserFound {
  const fromEnv = s.env.CHROMIUM_PATH;
  if (fromEnv) {
    // Asked for by name: that one or a clear failure, never another browser quietly.
    if (s.isFile(fromEnv)) return { path: fromEnv, from: 'CHROMIUM_PATH' };
    return { path: undefined, message: `CHROMIUM_PATH is ${fromEnv}, and there is no browser there. Fix it or unset it.` };
  }
  const own = s.playwrightPath();
  if (own && s.isFile(own)) return { path: own, from: "Playwright's own Chromium" };
  for (const p of systemCandidates(s.platform, s.env)) if (s.isFile(p)) return { path: p, from: 'installed on this computer' };
  return {
    path: undefined,
    message:
      'The browser tests need Chrome or Chromium, and none was found (CHROMIUM_PATH, Playwright\'s own, or the usual places). ' +
      `Install one: ${installHint(s.platform)}; or set CHROMIUM_PATH to a Chrome or Chromium executable.`,
  };
}

export function realSearch(): BrowserSearch {
  return {
    env: process.env,
    platform: process.platform,
    isFile: (p) => existsSync(p) && statSync(p).isFile(),
    playwrightPath: () => {
      try {
        return chromium.executablePath();
      } catch {
        return undefined; // no build known for this OS
      }
    },
  };
}
