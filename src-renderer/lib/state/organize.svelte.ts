/**
 * Organize on disk, as the window shows it: the choices (destination, mode,
 * which folders), the preview the backend computed, the apply or undo running
 * in the background (organize.progress events), and the history.
 */
import { ORGANIZE_MODES } from '../../../src-main/api/contract.js';
import { api, call } from '../api/client.js';
import { app } from './app.svelte.js';
import type { OrganizeHistoryEntry, OrganizeMode, OrganizePlan, OrganizeState } from '../../../src-main/api/contract.js';

export const MODES: readonly OrganizeMode[] = ORGANIZE_MODES;
/** rows of the preview drawn at first; "show more" adds as many again (a plan can list 100k files) */
const PAGE = 500;

class OrganizeStore {
  destRoot = $state('');
  mode = $state<OrganizeMode>('copy');
  /** all folders, or only those in `chosen` */
  which = $state<'all' | 'some'>('all');
  chosen = $state.raw<ReadonlySet<number>>(new Set());
  unsorted = $state(false);

  plan = $state.raw<OrganizePlan | null>(null);
  previewing = $state(false);
  rowsShown = $state(PAGE);
  job = $state.raw<OrganizeState | null>(null);
  history = $state.raw<OrganizeHistoryEntry[]>([]);

  running = $derived(this.job?.state === 'running');

  init(): void {
    api.on('organize.progress', (s) => {
      const was = this.job?.state;
      this.job = s;
      if (was === 'running' && s.state !== 'running') void app.guard(() => this.refreshHistory());
    });
  }

  async open(): Promise<void> {
    app.show('organize');
    await app.guard(async () => {
      this.job = await call('organize.state', {});
      await this.refreshHistory();
    });
  }

  async refreshHistory(): Promise<void> {
    this.history = (await call('organize.history', {})).entries;
  }

  toggle(folderId: number): void {
    const next = new Set(this.chosen);
    if (next.has(folderId)) next.delete(folderId);
    else next.add(folderId);
    this.chosen = next;
  }

  /** The native folder dialog (desktop app only). */
  async chooseDestination(): Promise<void> {
    const r = await app.guard(() => call('roots.choose', {}));
    if (r?.path) this.destRoot = r.path;
  }

  async preview(): Promise<void> {
    this.previewing = true;
    this.job = null;
    const plan = await app.guard(() =>
      call('organize.preview', {
        destRoot: this.destRoot.trim(),
        mode: this.mode,
        ...(this.which === 'some' ? { folders: [...this.chosen] } : {}),
        unsorted: this.unsorted,
      }),
    );
    this.previewing = false;
    this.plan = plan ?? null;
    this.rowsShown = PAGE;
  }

  showMore(): void {
    this.rowsShown += PAGE;
  }

  /** Back from the preview to the choices; nothing was written. */
  discard(): void {
    this.plan = null;
  }

  async confirm(): Promise<void> {
    const plan = this.plan;
    if (!plan) return;
    const started = await app.guard(() => call('organize.apply', { planId: plan.planId }));
    if (started) {
      this.job = started;
      this.plan = null;
    }
  }

  async cancel(): Promise<void> {
    await app.guard(async () => (this.job = await call('organize.cancel', {})));
  }

  async undo(batchId: number): Promise<void> {
    const started = await app.guard(() => call('organize.undo', { batchId }));
    if (started) {
      this.job = started;
      await app.guard(() => this.refreshHistory());
    }
  }

  /** Done reading the result: back to the choices. */
  dismissResult(): void {
    this.job = null;
  }
}

export const organize = new OrganizeStore();
