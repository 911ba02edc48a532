/** Where things are, from the compiled test files (dist/test/…) or the sources. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const TINY_CLIP = join(FIXTURES, 'models', 'tiny-clip');
export const TINY_SIGLIP = join(FIXTURES, 'models', 'tiny-siglip-ko');
export const CLI = join(ROOT, 'bin', 'shoebox.js');
/** The kill tests' child process (compiled beside this file). */
export const KILL_CHILD = join(ROOT, 'dist', 'test', 'helpers', 'kill-child.js');

/** Another file system than the temp folder's (/dev/shm on Linux), for moves across drives; undefined where there is none. */
export const OTHER_FS = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev ? '/dev/shm' : undefined;

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh temporary folder, removed when the test process exits. (The argument,
 * historically the test's `t.after`, is accepted and ignored: an unbound
 * `t.after` cannot be called.)
 */
export function tempDir(_after?: unknown, prefix = 'shoebox-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
