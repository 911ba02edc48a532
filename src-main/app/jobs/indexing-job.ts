/**
 * The background indexing job: one worker thread (workers/index-worker.ts) at
 * a time, with pause, resume and cancel. Pausing stops the worker after the
 * photos in flight (everything stored so far stays stored); resuming starts a
 * new one, which skips what is already indexed, so it continues where it left
 * off, also after the app was closed (the app remembers a pause).
 *
 * Other work that must not run beside indexing holds the job (coordinator.ts):
 * a running worker is stopped after the photos in flight, starts asked for
 * meanwhile wait, and one run happens on release. The watcher asks for runs
 * with request(); changes that arrive during a run get one more run after it,
 * never a second worker.
 */
import type { IndexSummary } from '../../core/indexer/indexer.js';
import type { Accelerator } from '../../core/domain/models.js';
import type { IndexState } from '../shapes.js';
import { JobState } from './job-state.js';
import { runInWorker, type WorkerRun } from './worker-protocol.js';
import type { Holdable } from './coordinator.js';
import type { IndexWorkerData, IndexWorkerEvent } from '../workers/index-worker.js';

export interface IndexingJobHooks {
  libraryDir: string;
  roots(): string[];
  accelerator(): Accelerator | undefined;
  batchSize?: number | undefined;
  onState(state: IndexState): void;
  onBatch(ids: number[]): void;
  /** after a run that finished (not paused or cancelled); the job shows 'done' once this resolves */
  onFinished(summary: IndexSummary): Promise<void>;
}

const WORKER_URL = new URL('../workers/index-worker.js', import.meta.url);
const IDLE: IndexState = { state: 'idle', phase: 'index', done: 0, total: 0, rate: 0, etaMs: null };

type StopReason = 'paused' | 'cancelled' | 'restart' | 'held';

export class IndexingJob implements Holdable {
  private run: WorkerRun<IndexSummary> | undefined;
  private stopAs: StopReason | undefined;
  private readonly status: JobState<IndexState>;
  private holds = 0;
  /** a run was asked for while held or running: start one when free */
  private pending = false;
  /** request() callers waiting for a run that started after they asked */
  private waiting: ((s: IndexSummary | undefined) => void)[] = [];
  private inRun: ((s: IndexSummary | undefined) => void)[] = [];

  constructor(private readonly hooks: IndexingJobHooks) {
    this.status = new JobState(IDLE, hooks.onState);
  }

  get state(): IndexState {
    return this.status.get();
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  /** Starts indexing every photo folder; if a run is going, it is restarted (the folders changed). */
  start(): IndexState {
    if (this.holds > 0) {
      this.pending = true;
      this.status.set({ state: 'running', phase: 'waiting', rate: 0, etaMs: null });
      return this.state;
    }
    if (this.run) {
      this.stopAs = 'restart';
      this.run.abort();
      return this.state;
    }
    const roots = this.hooks.roots();
    if (roots.length === 0) {
      this.status.set({}, { reset: true });
      this.settle(undefined);
      return this.state;
    }
    this.pending = false;
    this.inRun.push(...this.waiting.splice(0));
    const data: IndexWorkerData = {
      libraryDir: this.hooks.libraryDir,
      roots,
      accelerator: this.hooks.accelerator(),
      batchSize: this.hooks.batchSize,
    };
    const run = runInWorker<IndexWorkerData, IndexSummary, IndexWorkerEvent>(WORKER_URL, data, {
      what: 'indexer',
      progress: (p) => this.status.set({ phase: p.phase, done: p.done, total: p.total, rate: p.rate, etaMs: p.etaMs }),
      event: (e) => this.hooks.onBatch(e.ids),
    });
    this.run = run;
    this.stopAs = undefined;
    this.status.set({ state: 'running', phase: 'scan' }, { reset: true });
    run.result.then(
      (summary) => void this.finish(run, summary),
      (err: unknown) => {
        if (this.run === run) this.run = undefined;
        this.status.fail(err);
        this.settle(undefined, true);
      },
    );
    return this.state;
  }

  /**
   * One run that sees every change made so far: starts it, or (while a run is
   * going or the job is held) one more afterwards. Resolves with that run's
   * summary, or undefined when it was stopped or failed.
   */
  request(): Promise<IndexSummary | undefined> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.run || this.holds > 0) this.pending = true;
      else this.start();
    });
  }

  /**
   * Keeps indexing from running until the returned release is called: a
   * running worker stops after the photos in flight (and runs again on
   * release). Resolves once no worker is running.
   */
  async hold(): Promise<() => void> {
    this.holds++;
    const run = this.run;
    if (run) {
      this.pending = true;
      this.stopAs = 'held';
      run.abort();
      this.status.set({ phase: 'waiting', rate: 0, etaMs: null });
      await run.exited;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0 && this.pending) this.start();
    };
  }

  pause(): IndexState {
    return this.stop('paused');
  }

  cancel(): IndexState {
    return this.stop('cancelled');
  }

  /** Shows a stopped state without a worker (the app reopened after a pause). */
  restore(state: 'paused' | 'cancelled'): void {
    this.status.set({ state }, { reset: true });
  }

  /** Stops the worker (after the photos in flight) and waits for it. */
  async close(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.stopAs = 'cancelled';
    this.settle(undefined, true);
    run.abort();
    const timer = setTimeout(() => void run.terminate(), 10_000);
    await run.exited;
    clearTimeout(timer);
  }

  private stop(as: 'paused' | 'cancelled'): IndexState {
    // The user's pause wins over runs the watcher or a hold asked for; resuming indexes everything anyway.
    this.pending = false;
    const current = this.status.get();
    if (this.run) {
      this.stopAs = as;
      this.run.abort();
      // Say so at once; the worker finishes the photos in flight and the state stays.
      this.status.stop(as);
    } else {
      this.settle(undefined, true);
      if (as === 'cancelled' || current.state !== 'running' || current.phase === 'waiting') this.status.stop(as);
    }
    return this.state;
  }

  private async finish(run: WorkerRun<IndexSummary>, summary: IndexSummary): Promise<void> {
    if (this.run === run) this.run = undefined;
    const stopAs = this.stopAs;
    this.stopAs = undefined;
    if (stopAs === 'restart' || stopAs === 'held') {
      // Its waiters want a run that sees everything: the next one.
      this.waiting.unshift(...this.inRun.splice(0));
      if (stopAs === 'restart') this.start();
      return;
    }
    if (stopAs === 'paused' || stopAs === 'cancelled' || summary.cancelled) {
      // The progress events are throttled: the bar's count is the photos the run really stored, so it agrees with the grid.
      const s = this.status.get();
      this.status.stop(stopAs ?? 'cancelled', s.phase === 'index' ? { done: summary.read } : {});
      this.settle(undefined);
      return;
    }
    try {
      await this.hooks.onFinished(summary);
      this.status.stop('done', { done: this.status.get().total, errors: summary.errors });
      this.settle(summary);
    } catch (err) {
      this.status.fail(err);
      this.settle(undefined);
    }
    if (this.pending && !this.run) this.start();
  }

  /** Answers the request() callers of the run that just ended; those who asked during it wait for the next. */
  private settle(summary: IndexSummary | undefined, all = false): void {
    if (all) this.pending = false;
    for (const r of this.inRun.splice(0)) r(summary);
    if (!this.run && !this.pending) for (const r of this.waiting.splice(0)) r(summary);
  }
}
