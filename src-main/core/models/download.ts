/**
 * Downloads one file safely: streams into `<dest>.part` beside the destination,
 * resumes a cut transfer with an HTTP Range request, retries with exponential
 * backoff, gives up on a connection that stays silent, checks size and sha256
 * when they are known, and only then renames the file into place (atomic on one
 * file system). A cancelled download leaves only the `.part` file, which the
 * next attempt resumes.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ShoeboxError, errorMessage, fail } from '../util/errors.js';

export interface DownloadOptions {
  url: string;
  dest: string;
  /** exact size in bytes, if known: checked at the end */
  size?: number | null | undefined;
  /** lowercase hex sha256, if known: checked at the end */
  sha256?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /** bytes of this file on disk so far, and its total when known */
  onBytes?: ((done: number, total: number | null) => void) | undefined;
  /** consecutive failed attempts before giving up (default 5) */
  retries?: number | undefined;
  /** first backoff delay; doubles per failure, capped at 30 s (default 1000 ms) */
  backoffMs?: number | undefined;
  /** abort an attempt when no byte arrives for this long (default 30 s) */
  idleTimeoutMs?: number | undefined;
  /** an attempt failed and retry `retry` of `of` starts after `waitMs` (the window says "Connecting… (retry 2 of 5)") */
  onRetry?: ((r: RetryInfo) => void) | undefined;
}

export interface RetryInfo {
  /** 1 for the first retry */
  retry: number;
  /** the most retries before giving up */
  of: number;
  waitMs: number;
  /** why the last attempt failed, in English (technical) */
  reason: string;
}

export interface DownloadResult {
  path: string;
  size: number;
  sha256: string;
  /** whether any attempt continued from bytes already on disk */
  resumed: boolean;
  attempts: number;
}

/** Errors not worth retrying (the server said no, or the disk did). */
class Fatal extends Error {
  constructor(readonly error: ShoeboxError) {
    super(error.message);
  }
}

export function partPath(dest: string): string {
  return dest + '.part';
}

export async function downloadFile(opts: DownloadOptions): Promise<DownloadResult> {
  const { url, dest } = opts;
  const part = partPath(dest);
  const retries = opts.retries ?? 5;
  const backoff = opts.backoffMs ?? 1000;
  const idleMs = opts.idleTimeoutMs ?? 30_000;
  const expected = opts.size ?? null;

  await prepareDir(dirname(dest));
  // The running hash of the bytes in the .part file, carried across attempts.
  const st: HashState = { hash: createHash('sha256'), hashed: 0 };
  let failures = 0;
  let attempts = 0;
  let resumed = false;
  let lastError = '';

  for (;;) {
    throwIfCancelled(opts.signal, url);
    attempts++;
    let have = await sizeOf(part);
    if (expected !== null && have > expected) {
      await truncate(part, 0);
      have = 0;
    }
    if (have !== st.hashed) {
      st.hash = await hashPrefix(part, have);
      st.hashed = have;
    }
    const before = have;
    if (have > 0) resumed = true;
    try {
      const done = await attempt(url, part, have, expected, st, idleMs, opts);
      if (done) break;
    } catch (err) {
      if (err instanceof Fatal) throw err.error;
      throwIfCancelled(opts.signal, url);
      lastError = errorMessage(err);
    }
    if (st.hashed > before) {
      failures = 0; // it made progress: the connection is flaky, not dead
    }
    failures++;
    if (failures > retries) {
      throw lastError
        ? fail('models.download_failed', { url, attempts, detail: lastError })
        : fail('models.download_stopped_early', { url, attempts });
    }
    const waitMs = Math.min(30_000, backoff * 2 ** (failures - 1));
    opts.onRetry?.({ retry: failures, of: retries, waitMs, reason: lastError || 'the transfer stopped early' });
    await sleep(waitMs, opts.signal);
  }

  const size = await sizeOf(part);
  const digest = st.hash.digest('hex');
  if (expected !== null && size !== expected) {
    await rm(part, { force: true });
    throw fail('models.download_size_mismatch', { url, size, expected });
  }
  if (opts.sha256 && digest !== opts.sha256) {
    await rm(part, { force: true });
    throw fail('models.download_checksum', { url, digest, expected: opts.sha256 });
  }
  try {
    await rename(part, dest);
  } catch (err) {
    throw ioError(dest, err);
  }
  return { path: dest, size, sha256: digest, resumed, attempts };
}

/**
 * One HTTP request. Returns true when the file is complete, false when the
 * transfer ended early (the caller retries), throws Fatal for 4xx and disk errors.
 */
async function attempt(
  url: string,
  part: string,
  have: number,
  expected: number | null,
  st: HashState,
  idleMs: number,
  opts: DownloadOptions,
): Promise<boolean> {
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), idleMs);
  const kick = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal, redirect: 'follow' });
    } catch (err) {
      throw new Error(idle.signal.aborted ? `no answer from the server in ${Math.round(idleMs / 1000)} s` : causeOf(err));
    }
    if (res.status === 416 && expected !== null && have === expected) return true; // already complete
    if (res.status === 404 || res.status === 410) {
      throw new Fatal(fail('models.server_missing_file', { url, status: res.status }));
    }
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && res.status !== 416) {
      throw new Fatal(fail('models.server_refused', { url, status: res.status, statusText: res.statusText }));
    }
    if (res.status === 416) {
      await truncate(part, 0); // our partial file is not a prefix of theirs: start again
      st.hash = createHash('sha256');
      st.hashed = 0;
      throw new Error('the server could not resume; starting again');
    }
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    let offset = have;
    if (res.status === 200 && have > 0) {
      // The server ignored our Range: it sends the whole file again.
      await truncate(part, 0);
      st.hash = createHash('sha256');
      st.hashed = 0;
      offset = 0;
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = expected ?? (Number.isFinite(length) ? offset + length : null);
    if (!res.body) throw new Error('empty response');
    const fh = await open(part, offset === 0 ? 'w' : 'a').catch((err: unknown) => {
      throw new Fatal(ioError(part, err));
    });
    try {
      opts.onBytes?.(offset, total);
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          kick();
          await fh.write(chunk).catch((err: unknown) => {
            throw new Fatal(ioError(part, err));
          });
          st.hash.update(chunk);
          offset += chunk.byteLength;
          st.hashed = offset;
          opts.onBytes?.(offset, total);
        }
      } catch (err) {
        if (err instanceof Fatal) throw err;
        throw new Error(idle.signal.aborted ? `the server stopped sending for ${Math.round(idleMs / 1000)} s` : causeOf(err));
      }
    } finally {
      await fh.close();
    }
    if (total !== null && offset < total) return false; // cut short without an error: resume
    return true;
  } finally {
    clearTimeout(timer);
  }
}

async function prepareDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw ioError(dir, err);
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Hash of the first `n` bytes already on disk, so a resumed download still gets a whole-file checksum. */
async function hashPrefix(file: string, n: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (n > 0) {
    for await (const chunk of createReadStream(file, { start: 0, end: n - 1 })) hash.update(chunk as Buffer);
  }
  return hash;
}

interface HashState {
  hash: Hash;
  hashed: number;
}

export function ioError(path: string, err: unknown): ShoeboxError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return fail('models.write_denied', { path });
  if (code === 'ENOSPC') return fail('models.write_disk_full', { path });
  if (code === 'EROFS') return fail('models.write_read_only', { path });
  if (code === 'ENOTDIR') return fail('models.write_not_folder', { path });
  return fail('models.write_failed', { path, detail: errorMessage(err) });
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  const msg = errorMessage(err);
  return cause ? `${msg}: ${errorMessage(cause)}` : msg;
}

function throwIfCancelled(signal: AbortSignal | undefined, url: string): void {
  if (signal?.aborted) throw fail('models.download_cancelled', { what: url });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Rate (bytes/s, smoothed) and time left for a byte count that grows. */
export class ByteMeter {
  private rate = 0;
  private lastT = performance.now();
  private lastBytes: number;

  constructor(start = 0) {
    this.lastBytes = start;
  }

  update(bytes: number, total: number | null): { rate: number; etaMs: number | null } {
    const now = performance.now();
    const dt = (now - this.lastT) / 1000;
    if (dt >= 0.25) {
      const instant = Math.max(0, bytes - this.lastBytes) / dt;
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
      this.lastT = now;
      this.lastBytes = bytes;
    }
    const etaMs = total !== null && this.rate > 0 ? (Math.max(0, total - bytes) / this.rate) * 1000 : null;
    return { rate: this.rate, etaMs };
  }
}
