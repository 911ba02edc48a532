#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner, one file at a time
// (they share 2 cores and start real model sessions). Pass a substring to run only matching files.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2];
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.js')) files.push(relative(root, p));
  }
})(join(root, 'dist', 'test'));
const chosen = files.sort().filter((f) => !filter || f.includes(filter));
if (chosen.length === 0) {
  console.error(`no test files${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...chosen], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
