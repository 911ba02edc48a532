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

/** Like shoebox(), without blocking this process (a server in it, such as a loopback model server, keeps answering). */
export function shoeboxAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = shoeboxSpawn(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Like shoeboxJson(), without blocking this process. */
export async function shoeboxJsonAsync<T = any>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const r = await shoeboxAsync([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`shoebox ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
