/**
 * Duplicates and similar shots: the groups (largest saving first), a group
 * marked "not duplicates", and resolving groups (keep one, move the others out
 * to the trash or a folder, through the organize journal, so `undo` and crash
 * recovery apply). Used by the CLI; the window's API commands are still to come.
 */
import { findLibraryGroups } from '../../core/duplicates/library.js';
import { planResolve, resolveGroups, type ResolveChoice } from '../../core/duplicates/resolve.js';
import type { Group } from '../../core/duplicates/groups.js';
import type { ApplyPlan, BatchReport } from '../../core/organize/index.js';
import { fail } from '../../core/util/errors.js';
import type { AppContext } from '../app-context.js';
import type { RunOptions } from './organize.js';

export type DuplicateKind = 'duplicates' | 'similar' | 'all';

export interface DuplicateGroupShape {
  /** 1-based, in the order listed (largest saving first) */
  group: number;
  kind: Group['kind'];
  photos: { id: number; path: string; keep: boolean; width: number | null; height: number | null; size: number; format: string | null; takenAt: string | null; camera: string | null }[];
  saving: number;
}

export interface ResolveRequest {
  kind?: DuplicateKind | undefined;
  /** 1-based group numbers, or every group */
  groups: number[] | 'all';
  /** a folder outside the library; absent: the operating system's trash */
  to?: string | undefined;
}

export class Duplicates {
  constructor(private readonly app: AppContext) {}

  groups(kind: DuplicateKind = 'duplicates'): Group[] {
    const ctx = this.app.ctx;
    // The model whose codes cover the library (the active one, once indexed).
    const model = ctx.vectors.models().map((m) => ({ m, n: ctx.vectors.codesCount(m.id) })).sort((a, b) => b.n - a.n)[0];
    return findLibraryGroups(ctx, model && model.n > 0 ? model.m : undefined, { kind });
  }

  list(kind: DuplicateKind = 'duplicates'): DuplicateGroupShape[] {
    return this.groups(kind).map((g, i) => ({
      group: i + 1,
      kind: g.kind,
      photos: g.photos.map((p) => ({
        id: p.id, path: p.path, keep: p.id === g.keep, width: p.width, height: p.height, size: p.size, format: p.format, takenAt: p.takenAt, camera: p.camera,
      })),
      saving: g.saving,
    }));
  }

  /** "Not duplicates" (or "not similar shots"): the group never comes back, a new copy of one of them still would. */
  dismiss(kind: DuplicateKind, group: number): void {
    const g = this.pick(kind, [group])[0]!.group;
    this.app.ctx.fingerprints.dismiss(g.kind === 'similar' ? 'similar' : 'duplicates', g.photos.map((p) => p.hash));
  }

  plan(req: ResolveRequest): ApplyPlan {
    return planResolve(this.app.ctx, this.pick(req.kind, req.groups), req.to);
  }

  async resolveHere(req: ResolveRequest, opts: RunOptions = {}): Promise<BatchReport> {
    const report = await resolveGroups(this.app.ctx, this.pick(req.kind, req.groups), req.to, opts);
    this.app.session.refreshIndex();
    this.app.folders.notify();
    this.app.events.emit('status.changed', {});
    return report;
  }

  private pick(kind: DuplicateKind | undefined, which: number[] | 'all'): ResolveChoice[] {
    const groups = this.groups(kind);
    if (which === 'all') return groups.map((group) => ({ group }));
    return which.map((n) => {
      const group = groups[n - 1];
      if (!group) throw fail('duplicates.no_such_group', { group: n, count: groups.length });
      return { group };
    });
  }
}
