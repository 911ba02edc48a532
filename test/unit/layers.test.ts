import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT as repoRoot, tempDir } from '../helpers/paths.js';
import type { Owner } from '../helpers/cleanup.js';

const script = join(repoRoot, 'scripts', 'check-layers.js');

/** A copy of the sources and docs the layer check reads. */
function copyRepo(t: Owner): string {
  const dir = tempDir(t);
  cpSync(join(repoRoot, 'src-main'), join(dir, 'src-main'), { recursive: true });
  cpSync(join(repoRoot, 'docs'), join(dir, 'docs'), { recursive: true });
  return dir;
}

function check(dir: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

const migration = join('src-main', 'core', 'store', 'migrations', '003-embedding-codes.ts');

test('the layer check passes on a clean copy, and type-only imports in a migration are allowed', (t) => {
  const dir = copyRepo(t);
  const clean = check(dir);
  assert.equal(clean.status, 0, clean.output);
  const file = join(dir, migration);
  writeFileSync(file, `import type { Db } from '../database.js';\n${readFileSync(file, 'utf8')}`);
  const r = check(dir);
  assert.equal(r.status, 0, r.output);
});

test('the layer check names a store file that imports search, and a migration that imports a value', (t) => {
  const dir = copyRepo(t);
  writeFileSync(join(dir, 'src-main', 'core', 'store', 'planted.ts'), "import { search } from '../search/search.js';\nexport const s = search;\n");
  const file = join(dir, migration);
  writeFileSync(file, `import { toBlob } from '../vectors.js';\n${readFileSync(file, 'utf8')}`);
  const r = check(dir);
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /src-main\/core\/store\/planted\.ts: imports src-main\/core\/search\/search\.js/);
  assert.match(r.output, /src-main\/core\/store\/migrations\/003-embedding-codes\.ts: imports src-main\/core\/store\/vectors\.js/);
});

test('the core rules come from the table in docs/ARCHITECTURE.md', (t) => {
  const dir = copyRepo(t);
  // Allowing store → search in the doc makes the same import pass.
  const doc = join(dir, 'docs', 'ARCHITECTURE.md');
  writeFileSync(doc, readFileSync(doc, 'utf8').replace('| `store` | `domain`, ', '| `store` | `search`, `domain`, '));
  writeFileSync(join(dir, 'src-main', 'core', 'store', 'planted.ts'), "import { search } from '../search/search.js';\nexport const s = search;\n");
  const allowed = check(dir);
  assert.equal(allowed.status, 0, allowed.output);
  // A folder the table does not know is an error, not a free pass.
  mkdirSync(join(dir, 'src-main', 'core', 'stray'));
  writeFileSync(join(dir, 'src-main', 'core', 'stray', 'a.ts'), 'export const a = 1;\n');
  const r = check(dir);
  assert.equal(r.status, 1);
  assert.match(r.output, /src-main\/core\/stray\/a\.ts: in no row/);
  // Without the section the check fails rather than passing everything.
  writeFileSync(doc, readFileSync(doc, 'utf8').replace('## Imports inside the core', '## Something else'));
  assert.match(check(dir).output, /no "## Imports inside the core" section/);
});

test('the doors only translate: a CLI command or an API handler that touches a store or SQL fails the check', (t) => {
  const dir = copyRepo(t);
  const handlers = join(dir, 'src-main', 'api', 'handlers.ts');
  writeFileSync(handlers, `${readFileSync(handlers, 'utf8')}\nexport const planted = (c: Caller) => c.app.ctx.db.prepare('SELECT 1').get();\n`);
  const cli = join(dir, 'src-main', 'cli', 'commands', 'planted.ts');
  writeFileSync(cli, "import { PhotoStore } from '../../core/store/photos.js';\nexport const p = PhotoStore;\n");
  const r = check(dir);
  assert.notEqual(r.status, 0);
  assert.match(r.output, /src-main\/api\/handlers\.ts:\d+: touches a store or SQL/);
  assert.match(r.output, /src-main\/cli\/commands\/planted\.ts: imports src-main\/core\/store\/photos\.js/);
});
