/**
 * Runs test/helpers/kill-child.ts (an apply, undo or resolve that SIGKILLs
 * itself at step `k`; 0: runs to the end and prints how many steps there were)
 * and reads what it did: the kill tests' one way to start it.
 */
import { spawnSync } from 'node:child_process';
import { KILL_CHILD } from './paths.js';

export interface KillRun {
  signal: NodeJS.Signals | null;
  status: number | null;
  /** the whole run's steps (k = 0); -1 when it was killed or failed */
  steps: number;
  stderr: string;
}

export function runKillChild(args: string[], env?: NodeJS.ProcessEnv): KillRun {
  const r = spawnSync(process.execPath, [KILL_CHILD, ...args], { encoding: 'utf8', ...(env ? { env: { ...process.env, ...env } } : {}) });
  return { signal: r.signal, status: r.status, steps: r.status === 0 ? (JSON.parse(r.stdout) as { steps: number }).steps : -1, stderr: r.stderr };
}
