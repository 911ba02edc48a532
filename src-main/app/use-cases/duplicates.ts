/**
 * Duplicates and similar shots: the groups (largest saving first), which photo
 * of a group to keep (the suggestion, or the user's choice), a group marked
 * "not duplicates", and resolving groups: keep one, move the others to the
 * trash or a folder through the organize journal, so `undo` and crash
 * recovery apply. The CLI and the window's API both call this.
 */
import { findLibraryGroups } from '../../core/duplicates/library.js';
import { planResolve, resolveGroups, type ResolveChoice } from '../../core/duplicates/resolve.js';
import type { Group } from '../../core/duplicates/groups.js';
import type { ApplyPlan, BatchReport } from '../../core/organize/index.js';
import { fail } from '../../core/util/errors.js';
import type { AppContext } from '../app-context.js';
import type { DuplicateGroup, DuplicateKind, DuplicatesPlan, OrganizeState } from '../shapes.js';
import type { RunOptions } from './organize.js';

export type { DuplicateKind };

export interface ResolveRequest {
  kind?: DuplicateKind | undefined;
  /** 1-based group numbers (the CLI), group keys (the window), or every group */
  groups: (number | string)[] | 'all';
  /** a folder outside the library; absent: the operating system's trash */
  to?: string | undefined;
}

const keyOf = (g: Group): string => g.photos.map((p) => p.id).sort((a, b) => a - b).join(',');

/**
 * The library setting that holds the user's keeper per group key (the window's
 * click), so a reload, a restart and `shoebox duplicates resolve` keep it too.
 * A key names the group's photos: a group that changes (a new copy indexed)
 * starts again from the suggestion. An entry is a few bytes and made only by a
 * click, so entries of groups gone since are not worth a search to prune.
 */
const KEEPERS = 'duplicates.keepers';

export class Duplicates {
  private planSeq = 0;
  private lastPlan: { id: number; plan: ApplyPlan; choices: ResolveChoice[] } | undefined;

  constructor(private readonly app: AppContext) {}

  groups(kind: DuplicateKind = 'duplicates'): Group[] {
    const ctx = this.app.ctx;
    // The model whose codes cover the library (the active one, once indexed).
    const model = ctx.vectors.models().map((m) => ({ m, n: ctx.vectors.codesCount(m.id) })).sort((a, b) => b.n - a.n)[0];
    return findLibraryGroups(ctx, model && model.n > 0 ? model.m : undefined, { kind });
  }

  list(kind: DuplicateKind = 'duplicates'): DuplicateGroup[] {
    const keepers = this.keepers();
    return this.groups(kind).map((g, i) => {
      const keep = this.keeperOf(g, keepers);
      return {
        group: i + 1,
        key: keyOf(g),
        kind: g.kind,
        photos: g.photos.map((p) => ({
          id: p.id, path: p.path, keep: p.id === keep, suggested: p.id === g.keep, width: p.width, height: p.height, size: p.size,
          format: p.format, takenAt: p.takenAt, camera: p.camera,
        })),
        saving: g.photos.reduce((s, p) => s + (p.id === keep ? 0 : p.size), 0),
      };
    });
  }

  /** Keep `photoId` instead of the suggestion when its group is resolved. */
  keep(kind: DuplicateKind, key: string, photoId: number): DuplicateGroup[] {
    const g = this.pick(kind, [key])[0]!.group;
    if (!g.photos.some((p) => p.id === photoId)) throw fail('duplicates.not_in_group', { id: photoId });
    const keepers = this.keepers();
    if (photoId === g.keep) delete keepers[key];
    else keepers[key] = photoId;
    this.app.ctx.settings.set(KEEPERS, keepers);
    return this.list(kind);
  }

  /** "Not duplicates" (or "not similar shots"): the group never comes back, a new copy of one of them still would. */
  dismiss(kind: DuplicateKind, group: number | string): void {
    const g = this.pick(kind, [group])[0]!.group;
    const keepers = this.keepers();
    this.app.ctx.db.transaction(() => {
      this.app.ctx.fingerprints.dismiss(g.kind === 'similar' ? 'similar' : 'duplicates', g.photos.map((p) => p.hash));
      if (delete keepers[keyOf(g)]) this.app.ctx.settings.set(KEEPERS, keepers);
    })();
  }

  plan(req: ResolveRequest): ApplyPlan {
    return planResolve(this.app.ctx, this.pick(req.kind, req.groups), req.to);
  }

  /** The window's preview: kept by id, so that what runs is exactly what the user saw. */
  preview(req: ResolveRequest): DuplicatesPlan {
    const choices = this.pick(req.kind, req.groups);
    const plan = planResolve(this.app.ctx, choices, req.to);
    const id = ++this.planSeq;
    this.lastPlan = { id, plan, choices };
    return {
      planId: id, toTrash: req.to === undefined, destRoot: plan.destRoot, groups: choices.length,
      moves: plan.ops.map((o) => ({ photoId: o.photoId, path: o.source, to: o.dest, size: o.size })), bytes: plan.totals.bytes,
    };
  }

  /** Runs a previewed resolve in the background, as an organize batch (organize.progress, organize.undo). */
  apply(planId: number): OrganizeState {
    const last = this.lastPlan;
    if (!last || last.id !== planId) throw fail('organize.stale_plan');
    this.lastPlan = undefined; // a plan runs once
    return this.app.jobs.organize.run(
      'apply',
      last.plan.totals.files,
      (opts) => resolveGroups(this.app.ctx, last.choices, undefined, opts, last.plan),
      async () => this.changed(),
    );
  }

  async resolveHere(req: ResolveRequest, opts: RunOptions = {}): Promise<BatchReport> {
    const report = await resolveGroups(this.app.ctx, this.pick(req.kind, req.groups), req.to, opts);
    this.changed();
    return report;
  }

  private changed(): void {
    this.app.session.refreshIndex();
    this.app.folders.notify();
    this.app.events.emit('status.changed', {});
  }

  private keepers(): Record<string, number> {
    return { ...(this.app.ctx.settings.get<Record<string, number>>(KEEPERS) ?? {}) };
  }

  private keeperOf(g: Group, keepers = this.keepers()): number {
    const k = keepers[keyOf(g)];
    return k !== undefined && g.photos.some((p) => p.id === k) ? k : g.keep;
  }

  private pick(kind: DuplicateKind | undefined, which: (number | string)[] | 'all'): ResolveChoice[] {
    const groups = this.groups(kind);
    const keepers = this.keepers();
    const choice = (group: Group): ResolveChoice => ({ group, keep: this.keeperOf(group, keepers) });
    if (which === 'all') return groups.map(choice);
    return which.map((n) => {
      const group = typeof n === 'number' ? groups[n - 1] : groups.find((g) => keyOf(g) === n);
      if (!group) throw typeof n === 'number' ? fail('duplicates.no_such_group', { group: n, count: groups.length }) : fail('duplicates.group_gone');
      return choice(group);
    });
  }
}
