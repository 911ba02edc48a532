/**
 * The Duplicates view: the groups (duplicates or similar shots, largest saving
 * first), the photo kept of each (the suggestion or the user's click), and
 * resolving (preview then apply by id: the others go to the Trash, an
 * organize batch whose result offers Undo).
 */
import { api, call } from '../api/client.js';
import { app } from './app.svelte.js';
import type { DuplicateGroup, DuplicateKind, OrganizeState } from '../../../src-main/api/contract.js';

/** groups drawn at first; "show more" adds as many again */
const PAGE = 40;

export interface Resolved {
  batchId: number;
  done: number;
  bytes: number;
  undone: boolean;
}

class DuplicatesStore {
  kind = $state<Exclude<DuplicateKind, 'all'>>('duplicates');
  groups = $state.raw<DuplicateGroup[]>([]);
  loading = $state(false);
  shown = $state(PAGE);
  /** the group whose keeper the arrow keys change */
  focus = $state<string | null>(null);
  job = $state.raw<OrganizeState | null>(null);
  /** bytes the resolve running now frees (for its result) */
  private pendingBytes = 0;
  resolved = $state.raw<Resolved | null>(null);

  total = $derived(this.groups.reduce((s, g) => s + g.saving, 0));
  busy = $derived(this.job?.state === 'running');

  init(): void {
    api.on('organize.progress', (s) => {
      if (!this.job) return; // an organize apply, not ours
      const was = this.job.state;
      this.job = s;
      if (was === 'running' && s.state !== 'running') void this.finished(s);
    });
  }

  async open(): Promise<void> {
    app.show('duplicates');
    await this.load();
  }

  async setKind(kind: Exclude<DuplicateKind, 'all'>): Promise<void> {
    this.kind = kind;
    this.shown = PAGE;
    await this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    const r = await app.guard(() => call('duplicates.list', { kind: this.kind }));
    this.loading = false;
    if (r) this.groups = r.groups;
  }

  async keep(key: string, photoId: number): Promise<void> {
    this.focus = key;
    const r = await app.guard(() => call('duplicates.keep', { kind: this.kind, key, photoId }));
    if (r) this.groups = r.groups;
    else await this.load(); // the group changed underneath: show what is there now
  }

  /** The arrow keys: the next or previous photo of the group becomes the one kept. */
  async step(group: DuplicateGroup, by: number): Promise<void> {
    const i = group.photos.findIndex((p) => p.keep);
    const next = group.photos[(i + by + group.photos.length) % group.photos.length]!;
    await this.keep(group.key, next.id);
  }

  async dismiss(key: string): Promise<void> {
    const r = await app.guard(() => call('duplicates.dismiss', { kind: this.kind, key }));
    if (r) this.groups = r.groups;
    else await this.load();
  }

  /** Keeps the marked photo of each group (all groups, or one) and moves the others to the Trash. */
  async resolve(keys: string[] | 'all'): Promise<void> {
    this.resolved = null;
    const plan = await app.guard(() => call('duplicates.preview', { kind: this.kind, groups: keys }));
    if (!plan) return void this.load();
    if (plan.moves.length === 0) return;
    this.pendingBytes = plan.bytes;
    this.job = { state: 'running', kind: 'apply', done: 0, total: plan.moves.length, rate: 0, etaMs: null };
    const started = await app.guard(() => call('duplicates.apply', { planId: plan.planId }));
    if (!started) this.job = null;
    else if (started.state !== 'running') await this.finished(started);
    else this.job = started;
  }

  async undo(): Promise<void> {
    const r = this.resolved;
    if (!r) return;
    this.job = { state: 'running', kind: 'undo', done: 0, total: r.done, rate: 0, etaMs: null };
    const started = await app.guard(() => call('organize.undo', { batchId: r.batchId }));
    if (!started) this.job = null;
    else if (started.state !== 'running') await this.finished(started);
    else this.job = started;
  }

  dismissResult(): void {
    this.resolved = null;
  }

  private async finished(s: OrganizeState): Promise<void> {
    this.job = null;
    if (s.state === 'error' && s.error) app.error = s.error;
    const r = s.report;
    if (r?.kind === 'apply') this.resolved = { batchId: r.batchId, done: r.done, bytes: this.pendingBytes, undone: false };
    else if (r?.kind === 'undo' && this.resolved) this.resolved = { ...this.resolved, undone: true };
    await this.load();
  }
}

export const duplicates = new DuplicatesStore();
