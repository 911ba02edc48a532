/**
 * An apply or undo on disk in the background, one at a time, with progress
 * and cancel. Indexing is held while files move (coordinator.ts), so it never
 * reads a folder half-way through an apply. The work itself runs in this
 * thread: it is file I/O, journaled step by step (core/organize).
 */
import type { BatchReport } from '../../core/organize/index.js';
import type { Progress } from '../../core/util/progress.js';
import type { OrganizeReport, OrganizeState } from '../shapes.js';
import { JobState } from './job-state.js';
import type { JobCoordinator } from './coordinator.js';
import { fail } from '../../core/util/errors.js';

const IDLE: OrganizeState = { state: 'idle', kind: null, done: 0, total: 0, rate: 0, etaMs: null };

export type BatchWork = (opts: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<BatchReport>;

export class OrganizeJob {
  private readonly status: JobState<OrganizeState>;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly jobs: JobCoordinator,
    onState: (s: OrganizeState) => void,
  ) {
    this.status = new JobState(IDLE, onState);
  }

  get state(): OrganizeState {
    return this.status.get();
  }

  get busy(): boolean {
    return this.status.state === 'running';
  }

  run(kind: 'apply' | 'undo', total: number, work: BatchWork, finished: (r: OrganizeReport) => Promise<void>): OrganizeState {
    if (this.busy) throw fail('organize.busy');
    const claim = this.jobs.claim('organize');
    const controller = new AbortController();
    this.controller = controller;
    this.status.set({ state: 'running', kind, total }, { reset: true });
    this.running = (async () => {
      try {
        await claim.held;
        const report = toReport(await work({ signal: controller.signal, onProgress: (p) => this.status.progress(p, {}, false) }));
        await finished(report).catch(() => undefined);
        this.status.set({ state: 'done', done: report.done, rate: 0, etaMs: null, report });
      } catch (err) {
        this.status.fail(err);
      } finally {
        claim.release();
        this.controller = undefined;
      }
    })();
    return this.state;
  }

  cancel(): OrganizeState {
    if (!this.busy) throw fail('organize.idle');
    this.controller?.abort();
    return this.state;
  }

  /** Waits for a running batch (closing the app). */
  async close(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }
}

function toReport(r: BatchReport): OrganizeReport {
  return {
    batchId: r.batchId,
    kind: r.kind,
    mode: r.mode,
    destRoot: r.destRoot,
    state: r.state,
    done: r.done,
    skipped: r.skipped,
    kept: r.kept.map((k) => ({ path: k.path, reason: k.reason })),
    message: r.message,
  };
}
