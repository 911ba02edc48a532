/**
 * Assembles src-main/core/search/scan-kernel.wat into scan-kernel-wasm.ts
 * (base64 bytes, committed). Run after editing the WAT:
 *   npx tsc -p tsconfig.json && node dist/bench/tools/build-kernel.js
 * Needs the `wabt` devDependency; the app and the tests only read the bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
export const WAT_PATH = join(ROOT, 'src-main', 'core', 'search', 'scan-kernel.wat');
const OUT_PATH = join(ROOT, 'src-main', 'core', 'search', 'scan-kernel-wasm.ts');

/** The kernel's wasm bytes, assembled from the WAT source. */
export async function assembleKernel(): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const features = { simd: true, threads: true };
  const mod = wabt.parseWat('scan-kernel.wat', readFileSync(WAT_PATH, 'utf8'), features);
  try {
    (mod.validate as (f: object) => void)(features);
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await assembleKernel();
  const b64 = Buffer.from(bytes).toString('base64');
  writeFileSync(
    OUT_PATH,
    `/** Generated from scan-kernel.wat by bench/tools/build-kernel.ts: do not edit (${bytes.length} bytes). */\n` +
      `export const SCAN_KERNEL_WASM = '${b64}';\n`,
  );
  console.log(`wrote ${OUT_PATH} (${bytes.length} bytes)`);
}
