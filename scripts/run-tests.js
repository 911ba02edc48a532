#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner, one file at a time
// (they share 2 cores and start real model sessions). Pass a substring to run only matching files.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

// fileURLToPath, not .pathname: on Windows the latter is "/C:/…", which no file call understands.
const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2];
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js')) files.push(relative(root, p));
  }
})(join(root, 'dist', 'test'));
// Matched with forward slashes on every OS, so `e2e/window` selects the same files on Windows.
const chosen = files.sort().filter((f) => !filter || f.replaceAll('\\', '/').includes(filter));
if (chosen.length === 0) {
  console.error(`no test files${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}
// The browser tests need a Chrome or Chromium: without one, say so once (with the install
// command for this OS) instead of failing each browser test, and run the others.
let noBrowser;
const browserTests = chosen.filter((f) => f.split(/[\\/]/).includes('e2e'));
if (browserTests.length) {
  const { findBrowser } = await import(pathToFileURL(join(root, 'dist', 'test', 'helpers', 'find-browser.js')).href);
  const found = findBrowser();
  if (found.path === undefined) noBrowser = found.message;
}
const run = noBrowser ? chosen.filter((f) => !browserTests.includes(f)) : chosen;
// Two reporters: the usual spec output, and scripts/skip-reporter.js, which records every skipped
// test with its reason so that they are listed at the end (a skip is never a pass). The reporter is
// named relative to the working folder (root): node imports it, and a Windows path is no import specifier.
const skipDir = mkdtempSync(join(tmpdir(), 'shoebox-skips-'));
const skipFile = join(skipDir, 'skips.jsonl');
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/skip-reporter.js', `--test-reporter-destination=${skipFile}`];
const r = run.length ? spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...run], { cwd: root, stdio: 'inherit' }) : { status: 0 };
let skips = [];
try {
  skips = readFileSync(skipFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // no test ran
}
rmSync(skipDir, { recursive: true, force: true });
if (skips.length) {
  console.error(`\n⚠ ${skips.length} test(s) SKIPPED or TODO (none counted as passed):`);
  for (const s of skips) {
    const kind = s.kind === 'todo' ? (s.passed ? 'todo, NOW PASSES (the problem is gone: remove its todo mark)' : 'todo, still fails') : s.kind;
    console.error(`  - ${s.file ? relative(root, s.file) : '?'}: ${s.name} — ${kind}${s.reason ? `: ${s.reason}` : ''}`);
  }
}
if (noBrowser) {
  console.error(`\n✗ ${browserTests.length} browser test file(s) not run: ${noBrowser}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
