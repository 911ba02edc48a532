/** Where things are, from the compiled test files (dist/test/…) or the sources. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup, type Owner } from './cleanup.js';

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

/**
 * A fresh temporary folder, removed when `owner` ends: pass the test's context
 * `t`, or suiteCleanups() for a folder made at module level or in a before hook.
 * `parent` puts it elsewhere than the system temp folder (e.g. OTHER_FS).
 */
export function tempDir(owner: Owner, prefix = 'shoebox-test-', parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix));
  // Retries: a child process being stopped may still be closing files in it.
  onCleanup(owner, () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  return dir;
}
