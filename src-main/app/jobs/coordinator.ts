/**
 * Which background jobs may run together, written down once.
 *
 *   job        refused while              stops and holds while it runs
 *   indexing   (never refused)            —
 *   organize   organize, switch           indexing (it must not read a folder half-way through an apply)
 *   switch     organize, switch, download indexing (the two would embed at once)
 *   download   switch, download           —
 *
 * The watcher never runs beside anything: it hands its passes to the indexing job.
 */
import { fail } from '../../core/util/errors.js';
import type { MessageKey } from '../../core/util/errors.js';

export type JobKind = 'indexing' | 'organize' | 'switch' | 'download';

const RULES: Record<JobKind, { refusedWhile: readonly JobKind[]; holds: readonly JobKind[] }> = {
  indexing: { refusedWhile: [], holds: [] },
  organize: { refusedWhile: ['organize', 'switch'], holds: ['indexing'] },
  switch: { refusedWhile: ['organize', 'switch', 'download'], holds: ['indexing'] },
  download: { refusedWhile: ['switch', 'download'], holds: [] },
};

/** Why a job cannot start while another runs, in the user's words. */
const BUSY: Record<Exclude<JobKind, 'indexing'>, MessageKey> = {
  organize: 'job.busy_organize',
  switch: 'job.busy_switch',
  download: 'job.busy_model',
};

/** A job that others can hold: it stops after the work in flight and waits for the release. */
export interface Holdable {
  hold(): Promise<() => void>;
}

export interface Claim {
  /** resolves once every job this one holds has stopped */
  held: Promise<void>;
  release(): void;
}

export class JobCoordinator {
  private readonly running = new Map<JobKind, number>();
  private readonly holdable = new Map<JobKind, Holdable>();

  register(kind: JobKind, job: Holdable): void {
    this.holdable.set(kind, job);
  }

  isRunning(kind: JobKind): boolean {
    return (this.running.get(kind) ?? 0) > 0;
  }

  /** Throws the coded conflict if `kind` may not start now. */
  check(kind: JobKind): void {
    for (const other of RULES[kind].refusedWhile) {
      if (this.isRunning(other)) throw fail(BUSY[other as Exclude<JobKind, 'indexing'>]);
    }
  }

  /** Checks, then marks `kind` running and holds what it must; release() when it ends. */
  claim(kind: JobKind): Claim {
    this.check(kind);
    this.running.set(kind, (this.running.get(kind) ?? 0) + 1);
    const holds = RULES[kind].holds.flatMap((k) => {
      const job = this.holdable.get(k);
      return job ? [job.hold()] : [];
    });
    const releases = Promise.all(holds);
    let released = false;
    return {
      held: releases.then(() => undefined),
      release: () => {
        if (released) return;
        released = true;
        this.running.set(kind, (this.running.get(kind) ?? 1) - 1);
        void releases.then((rs) => rs.forEach((r) => r()));
      },
    };
  }
}
