/**
 * Organize on disk for the window: the preview (dry run), then the apply or an
 * undo running in the background with progress and cancel, and the history.
 * The window confirms a preview by its id, so what runs is exactly what the
 * user saw. The indexer is held while files move (hooks.hold), so it never
 * reads a folder half-way through an apply.
 */
import type { LibraryContext } from '../core/context.js';
import { applyPlan, listHistory, planApply, undoBatch, type ApplyPlan, type BatchReport } from '../core/organize/index.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';
import type { Progress } from '../core/util/progress.js';
import type { OrganizeHistoryEntry, OrganizeMode, OrganizePlan, OrganizeReport, OrganizeState } from './contract.js';

export interface OrganizeHooks {
  /** stops and keeps the indexer from running until the returned release is called */
  hold(): Promise<() => void>;
  /** throws when other work that reads the photo folders (a model switch) is running */
  assertFree(): void;
  onState(state: OrganizeState): void;
  /** after a batch ended (files moved: the library's paths and roots may have changed) */
  onFinished(report: OrganizeReport): Promise<void>;
}

const IDLE: OrganizeState = { state: 'idle', kind: null, done: 0, total: 0, rate: 0, etaMs: null };

export class OrganizeJob {
  private current: OrganizeState = IDLE;
  private controller: AbortController | undefined;
  private planSeq = 0;
  private lastPlan: { id: number; plan: ApplyPlan } | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: LibraryContext,
    private readonly hooks: OrganizeHooks,
  ) {}

  get state(): OrganizeState {
    return { ...this.current };
  }

  async preview(args: { destRoot: string; mode: OrganizeMode; folders?: number[] | undefined; unsorted: boolean }): Promise<OrganizePlan> {
    let names: string[] | undefined;
    if (args.folders) {
      const cats = this.ctx.categories.list();
      names = args.folders.map((id) => {
        const c = cats.find((f) => f.id === id);
        if (!c) throw new ShoeboxError('not_found', `There is no folder ${id}; it may have been deleted.`);
        return c.name;
      });
      if (names.length === 0 && !args.unsorted) throw new ShoeboxError('usage', 'Choose at least one folder to write, or Unsorted.');
      // An empty choice with Unsorted means Unsorted alone; planApply reads [] as "all".
      if (names.length === 0) names = ['Unsorted'];
    }
    const plan = await planApply(this.ctx, { destRoot: args.destRoot, mode: args.mode, folders: names, unsorted: args.unsorted });
    const id = ++this.planSeq;
    this.lastPlan = { id, plan };
    return {
      planId: id,
      destRoot: plan.destRoot,
      mode: plan.mode,
      folders: plan.folders,
      ops: plan.ops.map((o) => ({ photoId: o.photoId, source: o.source, dest: o.dest, folder: o.folder, action: o.action, reason: o.reason, size: o.size })),
      totals: plan.totals,
      bytesNeeded: plan.bytesNeeded,
      freeBytes: plan.freeBytes,
      problems: plan.problems,
    };
  }

  apply(planId: number): OrganizeState {
    const last = this.lastPlan;
    if (!last || last.id !== planId) throw new ShoeboxError('conflict', 'This preview is out of date: preview again before applying.');
    if (last.plan.problems.length) throw new ShoeboxError('conflict', last.plan.problems.join('\n'));
    this.lastPlan = undefined; // a plan runs once
    const plan = last.plan;
    return this.run('apply', plan.totals.files, (opts) => applyPlan(this.ctx, plan, opts));
  }

  undo(batchId: number): OrganizeState {
    return this.run('undo', 0, (opts) => undoBatch(this.ctx, batchId, opts));
  }

  cancel(): OrganizeState {
    if (this.current.state !== 'running') throw new ShoeboxError('conflict', 'Nothing is being written to disk now.');
    this.controller?.abort();
    return this.state;
  }

  history(): OrganizeHistoryEntry[] {
    const busy = this.current.state === 'running';
    // Any apply that changed files and is not undone yet can be undone (undoBatch's rule), not only the last.
    return listHistory(this.ctx).map((e) => ({
      ...e,
      undoable: !busy && e.kind === 'apply' && ['done', 'cancelled', 'failed'].includes(e.state) && (e.files.done ?? 0) > 0,
    }));
  }

  /** Waits for a running batch (closing the app). */
  async close(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  private run(
    kind: 'apply' | 'undo',
    total: number,
    work: (opts: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<BatchReport>,
  ): OrganizeState {
    if (this.current.state === 'running') throw new ShoeboxError('conflict', 'Another apply or undo is running; wait for it to finish.');
    this.hooks.assertFree();
    const controller = new AbortController();
    this.controller = controller;
    this.set({ ...IDLE, state: 'running', kind, total });
    this.running = (async () => {
      const release = await this.hooks.hold();
      try {
        const report = toReport(
          await work({
            signal: controller.signal,
            onProgress: (p) => this.set({ ...this.current, done: p.done, total: p.total, rate: p.rate, etaMs: p.etaMs }),
          }),
        );
        await this.hooks.onFinished(report).catch(() => undefined);
        this.set({ ...this.current, state: 'done', done: report.done, rate: 0, etaMs: null, report });
      } catch (err) {
        this.set({ ...this.current, state: 'error', rate: 0, etaMs: null, error: errorMessage(err) });
      } finally {
        release();
        this.controller = undefined;
      }
    })();
    return this.state;
  }

  private set(s: OrganizeState): void {
    this.current = s;
    this.hooks.onState(this.state);
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
