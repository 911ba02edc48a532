/** Runs the real `shoebox` binary, as a user or a script would. */
import { spawn, spawnSync } from 'node:child_process';
import { CLI } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function shoebox(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command with --json and returns its parsed document; fails with stderr when the exit code is not 0. */
export function shoeboxJson<T = any>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const r = shoebox([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`shoebox ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Starts the binary without waiting (for kill tests). */
export function shoeboxSpawn(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
