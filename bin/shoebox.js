#!/usr/bin/env node
// The `shoebox` command. The TypeScript is compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src-main/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('shoebox: not built yet. Run `npm run build:main` in the Shoebox folder.\n');
  process.exit(1);
}
await import(entry.href);
