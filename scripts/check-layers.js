#!/usr/bin/env node
// Layer check (VS Code style): each folder of src-main may import only the layers below it.
//   core      → nothing above it; never electron
//   api       → core
//   bridge    → api, core
//   cli       → bridge, api, core
//   electron  → api, core (the only place electron may be imported)
// and src-renderer imports only the api's types from src-main. Fails with the offending imports.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const ALLOWED = {
  'src-main/core': ['src-main/core'],
  'src-main/api': ['src-main/api', 'src-main/core'],
  'src-main/bridge': ['src-main/bridge', 'src-main/api', 'src-main/core'],
  'src-main/cli': ['src-main/cli', 'src-main/bridge', 'src-main/api', 'src-main/core'],
  'src-main/electron': ['src-main/electron', 'src-main/api', 'src-main/core'],
  'src-renderer': ['src-renderer', 'src-main/api'],
};
const ELECTRON_OK = ['src-main/electron'];

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

const problems = [];
for (const [layer, allowed] of Object.entries(ALLOWED)) {
  for (const file of files(layer)) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (!ELECTRON_OK.includes(layer)) problems.push(`${file}: imports electron (only src-main/electron may)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), spec));
      const ok = allowed.some((a) => target === a || target.startsWith(a + '/'));
      if (!ok) problems.push(`${file}: imports ${target} (a ${layer} file may import only ${allowed.join(', ')})`);
    }
  }
}
if (problems.length) {
  console.error('Layer violations:\n' + problems.map((p) => '  ' + p).join('\n'));
  process.exit(1);
}
console.log('layers ok');
