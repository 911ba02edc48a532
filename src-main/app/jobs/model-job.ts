/**
 * A model download or switch in the background, one at a time. A download is
 * streamed in this thread (it is I/O); a switch re-embeds every photo in a
 * worker thread, with indexing held meanwhile (coordinator.ts). Pause keeps
 * what is done (a download's partial files, a switch's new vectors) and
 * starting again continues; cancelling a download discards its partial files.
 */
import { discardPartialDownload } from '../../core/models/install.js';
import type { SwitchResult } from '../../core/models/switch.js';
import type { ModelDownloadProgress } from '../../core/models/install.js';
import type { RetryInfo } from '../../core/models/download.js';
import type { ModelJobState } from '../shapes.js';
import { JobState } from './job-state.js';
import type { JobCoordinator } from './coordinator.js';
import { runInWorker, type WorkerRun } from './worker-protocol.js';
import type { SwitchWorkerData } from '../workers/switch-worker.js';
import { fail } from '../../core/util/errors.js';

const IDLE: ModelJobState = { kind: null, id: null, state: 'idle', done: 0, total: null, rate: 0, etaMs: null };
const SWITCH_WORKER = new URL('../workers/switch-worker.js', import.meta.url);

export interface DownloadWork {
  id: string;
  total: number | null;
  /** downloads (or finds installed) and returns the bytes installed */
  run(opts: { signal: AbortSignal; onProgress(p: ModelDownloadProgress): void; onRetry(r: RetryInfo): void }): Promise<number>;
  /** after it is installed ("download and use") */
  then?: (() => Promise<void>) | undefined;
  libraryDir: string;
}

export class ModelJob {
  private readonly status: JobState<ModelJobState>;
  private controller: AbortController | undefined;
  private worker: WorkerRun<SwitchResult> | undefined;
  private stopAs: 'paused' | 'cancelled' | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jobs: JobCoordinator,
    onState: (s: ModelJobState) => void,
  ) {
    this.status = new JobState(IDLE, onState);
  }

  get state(): ModelJobState {
    return this.status.get();
  }

  /** Which model is being downloaded or switched to now, if any. */
  busyWith(): string | null {
    const s = this.status.get();
    return s.state === 'running' ? s.id : null;
  }

  download(work: DownloadWork): ModelJobState {
    const claim = this.jobs.claim('download');
    const controller = new AbortController();
    this.controller = controller;
    this.stopAs = undefined;
    // Connecting until the first bytes arrive; a failed attempt says which retry comes next.
    this.status.set({ kind: 'download', id: work.id, state: 'running', total: work.total, connecting: true }, { reset: true });
    this.running = (async () => {
      try {
        const bytes = await work.run({
          signal: controller.signal,
          onProgress: (p) =>
            this.status.progress({ done: p.bytesDone, total: p.bytesTotal ?? 0, rate: p.rate, etaMs: p.etaMs }, { total: p.bytesTotal, file: p.file, connecting: false, retry: undefined }),
          onRetry: (r) => this.status.set({ connecting: true, rate: 0, etaMs: null, retry: { n: r.retry, of: r.of, waitMs: r.waitMs, reason: r.reason } }),
        });
        this.status.stop('done', { done: bytes, total: bytes, file: undefined, connecting: false, retry: undefined });
        claim.release();
        await work.then?.();
      } catch (err) {
        if (controller.signal.aborted) {
          if (this.stopAs === 'cancelled') await discardPartialDownload(work.libraryDir, work.id).catch(() => undefined);
          this.status.stop(this.stopAs ?? 'paused', { connecting: false, retry: undefined });
        } else this.status.fail(err, { connecting: false });
      } finally {
        claim.release();
        this.controller = undefined;
      }
    })();
    return this.state;
  }

  /** Re-embeds the library with the model in `data.dir` in a worker, then `switched` makes it the one in use. */
  switchTo(id: string, data: SwitchWorkerData, switched: (r: SwitchResult) => Promise<void>): ModelJobState {
    const claim = this.jobs.claim('switch');
    this.stopAs = undefined;
    this.status.set({ kind: 'switch', id, state: 'running' }, { reset: true });
    this.running = (async () => {
      try {
        await claim.held;
        const run = runInWorker<SwitchWorkerData, SwitchResult>(SWITCH_WORKER, data, {
          what: 're-embedding',
          progress: (p) => this.status.progress(p),
        });
        this.worker = run;
        if (this.stopAs) run.abort(); // paused while indexing was being held
        const result = await run.result;
        if (result.state === 'switched') {
          await switched(result);
          this.status.stop('done', { done: result.embedded, total: result.total });
        } else {
          this.status.stop('paused', { done: result.embedded, total: result.total });
        }
      } catch (err) {
        this.status.fail(err);
      } finally {
        this.worker = undefined;
        claim.release();
      }
    })();
    return this.state;
  }

  pause(): ModelJobState {
    return this.stop('paused');
  }

  cancel(): ModelJobState {
    return this.stop('cancelled');
  }

  async close(): Promise<void> {
    if (this.status.state === 'running') this.stop('paused');
    await this.running?.catch(() => undefined);
  }

  /** Throws unless a new download or switch may start (one at a time). */
  assertIdle(): void {
    if (this.status.state === 'running') throw fail('job.busy_model');
  }

  private stop(as: 'paused' | 'cancelled'): ModelJobState {
    const s = this.status.get();
    if (s.state !== 'running') {
      // A paused download can still be discarded (its files are the library's; the id says where).
      if (as === 'cancelled' && s.kind === 'download' && s.state === 'paused' && s.id) {
        this.status.set({ state: 'cancelled' });
        this.onDiscard?.(s.id);
      }
      return this.state;
    }
    // A switch has nothing to throw away: its new vectors are kept either way, and using the model again continues.
    this.stopAs = as;
    this.controller?.abort();
    this.worker?.abort();
    return this.state;
  }

  /** set by the models use-case: discards a paused download's partial files */
  onDiscard: ((id: string) => void) | undefined;
}
