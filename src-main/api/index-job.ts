/**
 * The background indexing job: one worker thread (core/indexer/worker.ts) at
 * a time, with pause, resume and cancel. Pausing stops the worker after the
 * photos in flight (everything stored so far stays stored); resuming starts a
 * new one, which skips what is already indexed, so it continues where it left
 * off — also after the app was closed.
 *
 * Other work that must not run beside the indexer (an apply on disk, a model
 * switch) holds the job: a running worker is stopped after the photos in
 * flight, starts asked for meanwhile wait, and one run happens on release.
 * The library watcher asks for runs with request(); changes that arrive while
 * a run is going get one more run after it, never a second worker.
 */
import { Worker } from 'node:worker_threads';
import type { IndexWorkerData, IndexWorkerMessage } from '../core/indexer/worker.js';
import type { IndexSummary } from '../core/indexer/indexer.js';
import type { Accelerator } from '../core/models/accelerators.js';
import type { IndexState } from './contract.js';

export interface IndexJobHooks {
  libraryDir: string;
  roots(): string[];
  accelerator(): Accelerator | undefined;
  batchSize?: number | undefined;
  onState(state: IndexState): void;
  onBatch(ids: number[]): void;
  /** after a run that finished (not paused or cancelled); the job shows 'done' once this resolves */
  onFinished(summary: IndexSummary): Promise<void>;
}

const WORKER_URL = new URL('../core/indexer/worker.js', import.meta.url);

export class IndexJob {
  private worker: Worker | undefined;
  private stopAs: 'paused' | 'cancelled' | 'restart' | 'held' | undefined;
  private current: IndexState = idle();
  private holds = 0;
  /** a run was asked for while held or running: start one when free */
  private pending = false;
  /** request() callers waiting for a run that started after they asked */
  private waiting: ((s: IndexSummary | undefined) => void)[] = [];
  private inRun: ((s: IndexSummary | undefined) => void)[] = [];

  constructor(private readonly hooks: IndexJobHooks) {}

  get state(): IndexState {
    return { ...this.current };
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Starts indexing every root; if a run is going, it is restarted (the roots changed). */
  start(): IndexState {
    if (this.holds > 0) {
      this.pending = true;
      this.set({ ...this.current, state: 'running', phase: 'waiting', rate: 0, etaMs: null });
      return this.state;
    }
    if (this.worker) {
      this.stopAs = 'restart';
      void this.worker.postMessage({ type: 'abort' });
      return this.state;
    }
    const roots = this.hooks.roots();
    if (roots.length === 0) {
      this.set({ ...idle() });
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
    const worker = new Worker(WORKER_URL, { workerData: data });
    this.worker = worker;
    this.stopAs = undefined;
    this.set({ ...idle(), state: 'running', phase: 'scan' });
    let settled = false;
    worker.on('message', (m: IndexWorkerMessage) => {
      if (m.type === 'progress') {
        const p = m.progress;
        this.set({ ...this.current, phase: p.phase, done: p.done, total: p.total, rate: p.rate, etaMs: p.etaMs });
      } else if (m.type === 'batch') {
        this.hooks.onBatch(m.ids);
      } else if (m.type === 'done') {
        settled = true;
        void this.finish(worker, m.summary);
      } else if (m.type === 'error') {
        settled = true;
        this.worker = undefined;
        this.set({ ...this.current, state: 'error', etaMs: null, error: m.message });
        this.settle(undefined, true);
      }
    });
    worker.on('error', (err) => {
      if (settled) return;
      settled = true;
      this.worker = undefined;
      this.set({ ...this.current, state: 'error', etaMs: null, error: err.message });
      this.settle(undefined, true);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      this.worker = undefined;
      this.set({ ...this.current, state: 'error', etaMs: null, error: `The indexer stopped unexpectedly (exit ${code}).` });
      this.settle(undefined, true);
    });
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
      if (this.worker || this.holds > 0) this.pending = true;
      else this.start();
    });
  }

  /**
   * Keeps the indexer from running until the returned release is called:
   * a running worker stops after the photos in flight (and is run again on
   * release). Resolves once no worker is running.
   */
  async hold(): Promise<() => void> {
    this.holds++;
    const w = this.worker;
    if (w) {
      this.pending = true;
      this.stopAs = 'held';
      const exited = new Promise<void>((r) => w.once('exit', () => r()));
      w.postMessage({ type: 'abort' });
      this.set({ ...this.current, phase: 'waiting', rate: 0, etaMs: null });
      await exited;
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
    this.set({ ...idle(), state });
  }

  /** Stops the worker (after the photos in flight) and waits for it. */
  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.stopAs = 'cancelled';
    this.settle(undefined, true);
    const exited = new Promise<void>((r) => w.once('exit', () => r()));
    w.postMessage({ type: 'abort' });
    const timer = setTimeout(() => void w.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private stop(as: 'paused' | 'cancelled'): IndexState {
    // The user's pause wins over runs the watcher or a hold asked for; resuming indexes everything anyway.
    this.pending = false;
    if (!this.worker) this.settle(undefined, true);
    if (this.worker) {
      this.stopAs = as;
      this.worker.postMessage({ type: 'abort' });
      // Say so at once; the worker finishes the photos in flight and the state stays.
      this.set({ ...this.current, state: as, rate: 0, etaMs: null });
    } else if (as === 'paused' && (this.current.state !== 'running' || this.current.phase === 'waiting')) {
      this.set({ ...this.current, state: 'paused', rate: 0, etaMs: null });
    } else if (as === 'cancelled') {
      this.set({ ...this.current, state: 'cancelled', rate: 0, etaMs: null });
    }
    return this.state;
  }

  private async finish(worker: Worker, summary: IndexSummary): Promise<void> {
    if (this.worker === worker) this.worker = undefined;
    const stopAs = this.stopAs;
    this.stopAs = undefined;
    if (stopAs === 'restart' || stopAs === 'held') {
      // Its waiters want a run that sees everything: the next one.
      this.waiting.unshift(...this.inRun.splice(0));
      if (stopAs === 'restart') this.start();
      return;
    }
    if (stopAs === 'paused' || stopAs === 'cancelled' || summary.cancelled) {
      this.set({ ...this.current, state: stopAs ?? 'cancelled', rate: 0, etaMs: null });
      this.settle(undefined);
      return;
    }
    try {
      await this.hooks.onFinished(summary);
      this.set({ ...this.current, state: 'done', done: this.current.total, etaMs: 0, errors: summary.errors });
      this.settle(summary);
    } catch (err) {
      this.set({ ...this.current, state: 'error', etaMs: null, error: (err as Error).message });
      this.settle(undefined);
    }
    if (this.pending && !this.worker) this.start();
  }

  /** Answers the request() callers of the run that just ended; those who asked during it wait for the next. */
  private settle(summary: IndexSummary | undefined, all = false): void {
    if (all) this.pending = false;
    for (const r of this.inRun.splice(0)) r(summary);
    if (!this.worker && !this.pending) for (const r of this.waiting.splice(0)) r(summary);
  }

  private set(s: IndexState): void {
    this.current = s;
    this.hooks.onState(this.state);
  }
}

function idle(): IndexState {
  return { state: 'idle', phase: 'index', done: 0, total: 0, rate: 0, etaMs: null };
}
