/**
 * Writing category folders to disk: the plan (a dry run of every file), the
 * apply and its undo (journaled, in the background in the window, in the
 * foreground in the CLI), the history, and putting right at start what a crash
 * interrupted. What an apply changes in the library (a move changes paths and
 * may add a photo folder) is followed up here, once, for both.
 */
import {
  applyPlan,
  describeRecovery,
  listHistory,
  needsRecovery,
  planApply,
  recoverInterruptedBatches,
  undoBatch,
  undoTarget,
  type ApplyPlan,
  type BatchReport,
  type RecoveryReport,
} from '../../core/organize/index.js';
import { UNSORTED, type OrganizeMode } from '../../core/domain/index.js';
import { fail } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';
import type { OrganizeHistoryEntry, OrganizePlan, OrganizeReport, OrganizeState } from '../shapes.js';
import type { AppContext } from '../app-context.js';

export interface PlanRequest {
  destRoot: string;
  mode: OrganizeMode;
  /** folder names (the CLI) or ids (the window); all folders when absent or empty */
  folders?: (string | number)[] | undefined;
  /** also the photos in no folder, into "Unsorted" */
  unsorted: boolean;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
}

export class Organize {
  private planSeq = 0;
  private lastPlan: { id: number; plan: ApplyPlan } | undefined;

  constructor(private readonly app: AppContext) {}

  /** The dry run: every file operation, the space needed, and why it cannot run if it cannot. */
  async plan(req: PlanRequest): Promise<ApplyPlan> {
    const names = req.folders?.map((f) => (typeof f === 'number' ? this.app.folders.get(f).name : f));
    return planApply(this.app.ctx, { destRoot: req.destRoot, mode: req.mode, folders: names, unsorted: req.unsorted });
  }

  /** The window's preview: the plan, kept by id so that what runs is exactly what the user saw. */
  async preview(req: { destRoot: string; mode: OrganizeMode; folders?: number[] | undefined; unsorted: boolean }): Promise<OrganizePlan> {
    let folders: (string | number)[] | undefined = req.folders;
    if (folders && folders.length === 0) {
      // An empty choice with Unsorted means Unsorted alone (an empty list would mean "all").
      if (!req.unsorted) throw fail('folder.no_choice');
      folders = [UNSORTED];
    }
    const plan = await this.plan({ ...req, folders });
    const id = ++this.planSeq;
    this.lastPlan = { id, plan };
    return {
      planId: id,
      destRoot: plan.destRoot,
      mode: plan.mode,
      folders: plan.folders,
      ops: plan.ops.map((o) => ({ photoId: o.photoId, source: o.source, dest: o.dest, folder: o.folder, action: o.action === 'trash' ? 'move' : o.action, reason: o.reason, size: o.size })),
      totals: plan.totals,
      bytesNeeded: plan.bytesNeeded,
      freeBytes: plan.freeBytes,
      problems: plan.problems,
    };
  }

  /** Runs a previewed plan in the background (once). */
  apply(planId: number): OrganizeState {
    const last = this.lastPlan;
    if (!last || last.id !== planId) throw fail('organize.stale_plan');
    const plan = runnable(last.plan);
    this.lastPlan = undefined; // a plan runs once
    return this.app.jobs.organize.run('apply', plan.totals.files, (opts) => applyPlan(this.app.ctx, plan, opts), (r) => this.after(r));
  }

  /** Runs a plan here, in the foreground (the CLI). */
  async applyHere(plan: ApplyPlan, opts: RunOptions = {}): Promise<BatchReport> {
    const report = await applyPlan(this.app.ctx, runnable(plan), opts);
    await this.after(report);
    return report;
  }

  /** Undoes an apply in the background (the last undoable one when no id). */
  undo(batchId: number): OrganizeState {
    // Answer at once when there is nothing to undo (no such apply, already undone…), not as a failed job later.
    undoTarget(this.app.ctx, batchId);
    return this.app.jobs.organize.run('undo', 0, (opts) => undoBatch(this.app.ctx, batchId, opts), (r) => this.after(r));
  }

  /** Undoes here (the CLI). An undo is not stopped half-way: each file is quick and a half-undo helps no one. */
  async undoHere(batchId: number | undefined, opts: Pick<RunOptions, 'onProgress'> = {}): Promise<BatchReport> {
    const report = await undoBatch(this.app.ctx, batchId, opts);
    await this.after(report);
    return report;
  }

  cancel(): OrganizeState {
    return this.app.jobs.organize.cancel();
  }

  state(): OrganizeState {
    return this.app.jobs.organize.state;
  }

  history(): OrganizeHistoryEntry[] {
    const busy = this.app.jobs.organize.busy;
    // Any apply that changed files and is not undone yet can be undone (undoBatch's rule), not only the last.
    return listHistory(this.app.ctx).map((e) => ({
      ...e,
      undoable: !busy && e.kind === 'apply' && ['done', 'cancelled', 'failed'].includes(e.state) && (e.files.done ?? 0) > 0,
    }));
  }

  needsRecovery(): boolean {
    return needsRecovery(this.app.ctx);
  }

  /** Puts right an apply or undo that a crash interrupted; returns what was done, each with its English text. */
  async recover(): Promise<(RecoveryReport & { text: string })[]> {
    return (await recoverInterruptedBatches(this.app.ctx)).map((r) => ({ ...r, text: describeRecovery(r) }));
  }

  /** A move changes paths (and may add the destination as a photo folder); every batch changes counts. */
  private async after(report: Pick<OrganizeReport, 'mode'>): Promise<void> {
    if (report.mode === 'move') {
      this.app.session.refreshIndex();
      this.app.rootsChanged({ index: false });
      this.app.events.emit('status.changed', {});
    }
    this.app.folders.notify();
  }
}

/** A plan with problems never runs: they are the reasons, in the user's words. */
function runnable(plan: ApplyPlan): ApplyPlan {
  if (plan.problems.length) throw fail('organize.plan_problems', { detail: plan.problems.join('\n') });
  return plan;
}
