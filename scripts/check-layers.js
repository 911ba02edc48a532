#!/usr/bin/env node
// Layer check (VS Code style): each folder of src-main may import only the layers below it.
//   core      → nothing above it; never electron
//   app       → core
//   api       → app, core
//   bridge    → api, app, core
//   cli       → bridge, api, app, core
//   electron  → api, app, core (the only place electron may be imported)
// src-renderer imports only src-main/api (its types) and src-main/core/messages.
// Inside src-main/core, the folders follow the table under "## Imports inside the core" in
// docs/ARCHITECTURE.md (read from there: one source of truth).
// The doors (cli, bridge, electron, and the API's handlers) only translate to and from src-main/app:
// they never import core/store nor touch a store or SQL (ctx.<store>, .prepare(, .transaction(, db.exec).
// Usage: check-layers.js [root] (default: this repository). Fails with the offending imports.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const ALLOWED = {
  'src-main/core': ['src-main/core'],
  'src-main/app': ['src-main/app', 'src-main/core'],
  'src-main/api': ['src-main/api', 'src-main/app', 'src-main/core'],
  'src-main/bridge': ['src-main/bridge', 'src-main/api', 'src-main/app', 'src-main/core'],
  'src-main/cli': ['src-main/cli', 'src-main/bridge', 'src-main/api', 'src-main/app', 'src-main/core'],
  'src-main/electron': ['src-main/electron', 'src-main/api', 'src-main/app', 'src-main/core'],
  'src-renderer': ['src-renderer', 'src-main/api', 'src-main/core/messages'],
};
const ELECTRON_OK = ['src-main/electron'];
const CORE = 'src-main/core';
const DOC = 'docs/ARCHITECTURE.md';
const HEADING = '## Imports inside the core';

const problems = [];
const rules = readCoreRules();

function files(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ts|cts|mts|svelte)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The core table: folder → { values: [folders], types: [folders] | 'any', packages: boolean }. */
function readCoreRules() {
  let text;
  try {
    text = readFileSync(join(root, DOC), 'utf8');
  } catch {
    problems.push(`${DOC}: missing (it holds the table of imports inside the core)`);
    return null;
  }
  const at = text.split('\n').findIndex((l) => l.trim() === HEADING);
  if (at < 0) {
    problems.push(`${DOC}: no "${HEADING}" section`);
    return null;
  }
  const lines = text.split('\n').slice(at + 1);
  const end = lines.findIndex((l) => /^#{1,2} /.test(l));
  const rows = (end < 0 ? lines : lines.slice(0, end)).filter((l) => l.trim().startsWith('|')).map((l) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
  const body = rows.slice(2); // header and --- line
  const names = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const table = new Map();
  for (const cells of body) {
    if (cells.length !== 4 || names(cells[0]).length !== 1) {
      problems.push(`${DOC}: bad row in "${HEADING}": | ${cells.join(' | ')} |`);
      continue;
    }
    table.set(names(cells[0])[0], {
      values: names(cells[1]),
      types: /^any\b/.test(cells[2]) ? 'any' : names(cells[2]),
      packages: /^yes\b/.test(cells[3]),
    });
  }
  if (table.size === 0) problems.push(`${DOC}: the "${HEADING}" table has no rows`);
  for (const [name, r] of table) {
    for (const t of [...r.values, ...(r.types === 'any' ? [] : r.types)])
      if (!table.has(t)) problems.push(`${DOC}: row \`${name}\` names \`${t}\`, which has no row of its own`);
  }
  return table;
}

/** The table row a path under src-main/core belongs to (the longest matching folder), or undefined. */
function unitOf(path) {
  const inside = relative(CORE, path).split('\\').join('/').replace(/\.(c|m)?js$/, '.$1ts'); // an import names the compiled .js
  let best;
  for (const name of rules.keys()) {
    if ((inside === name || inside.startsWith(name + '/')) && (!best || name.length > best.length)) best = name;
  }
  return best;
}

/** Imports of a file: { spec, typeOnly }. Static imports only at the start of a line (not in comments). */
function importsOf(text) {
  const out = [];
  const stmt = /^\s*(import|export)\s+(type\s+)?([^'";(=]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(stmt)) {
    if (m[5]) {
      out.push({ spec: m[5], typeOnly: false });
      continue;
    }
    const braces = /^\{([\s\S]*)\}$/.exec(m[3].trim());
    const specifiers = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    const allTypes = specifiers.length > 0 && specifiers.every((s) => /^type\s/.test(s));
    out.push({ spec: m[4], typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of text.matchAll(/(?<![\w.])(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1], typeOnly: false });
  return out;
}

function checkCore(file, target, spec, typeOnly) {
  const from = unitOf(file);
  const rule = rules.get(from);
  if (!spec.startsWith('.')) {
    if (!typeOnly && !rule.packages) problems.push(`${file}: imports ${spec} (a ${CORE}/${from} file may import only types from packages and Node)`);
    return;
  }
  const to = unitOf(target);
  if (to === from) return;
  if (rule.values.includes(to)) return;
  if (typeOnly && (rule.types === 'any' || rule.types.includes(to))) return;
  const may = [...rule.values, ...(rule.types === 'any' ? ['types from anything'] : rule.types.map((t) => `types from ${t}`))];
  problems.push(
    `${file}: imports ${target}${typeOnly ? ' (types)' : ''} (a ${CORE}/${from} file may import only ${may.length ? may.join(', ') : 'its own folder'}; see ${DOC})`,
  );
}

for (const [layer, allowed] of Object.entries(ALLOWED)) {
  for (const file of files(layer)) {
    const text = readFileSync(join(root, file), 'utf8');
    const unknown = rules && layer === CORE && !unitOf(file);
    if (unknown) problems.push(`${file}: in no row of the "${HEADING}" table (${DOC}); add its folder there`);
    for (const { spec, typeOnly } of importsOf(text)) {
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (!ELECTRON_OK.includes(layer)) problems.push(`${file}: imports electron (only src-main/electron may)`);
        continue;
      }
      const target = spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)).split('\\').join('/') : undefined;
      if (target !== undefined && !allowed.some((a) => target === a || target.startsWith(a + '/'))) {
        problems.push(`${file}: imports ${target} (a ${layer} file may import only ${allowed.join(', ')})`);
        continue;
      }
      if (layer === CORE && rules && !unknown) checkCore(file, target ?? spec, spec, typeOnly);
    }
  }
}
// The doors: no store, no SQL.
const DOORS = ['src-main/cli', 'src-main/bridge', 'src-main/electron', 'src-main/api/handlers.ts', 'src-main/api/dispatch.ts'];
const STORE_USE = /\bctx\.(db|photos|vectors|categories|settings|thumbs)\b|\.prepare\(|\.transaction\(|\bdb\.exec\(/;
for (const door of DOORS) {
  const list = /\.ts$/.test(door) ? [door] : files(door);
  for (const file of list) {
    let text;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((line, i) => {
      if (STORE_USE.test(line)) problems.push(`${file}:${i + 1}: touches a store or SQL (${line.trim().slice(0, 80)}); call a use-case in src-main/app instead`);
    });
    for (const { spec } of importsOf(text)) {
      const target = spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)).split('\\').join('/') : '';
      if (target.startsWith(`${CORE}/store`)) problems.push(`${file}: imports ${target} (the doors reach the library through src-main/app only)`);
    }
  }
}

if (problems.length) {
  console.error('Layer violations:\n' + problems.map((p) => '  ' + p).join('\n'));
  process.exit(1);
}
console.log('layers ok');
