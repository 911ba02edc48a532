/**
 * What the window shows and the actions on it, in one place: the library's
 * status, the folders and their counts, the current view (all, unsorted, a
 * folder, or search results), the selection, and the photo open in the viewer.
 * Components read it and call its methods; only this file and its siblings
 * (organize.svelte.ts, models.svelte.ts, duplicates.svelte.ts) talk to the API.
 */
import { api, call, ApiFailure } from '../api/client.js';
import type {
  ApiError,
  AppStatus,
  FolderList,
  Hit,
  IndexState,
  PhotoCorrections,
  PhotoLabel,
  PhotoList,
  PhotoSort,
  PhotoView,
  SearchHitShape,
} from '../../../src-main/api/contract.js';

export type Screen = 'library' | 'settings' | 'errors' | 'folder-editor' | 'organize' | 'suggestions' | 'duplicates';

export type SearchState =
  /** the matches first, then the weaker ones (shown once asked for); `matches` in the library, not only those listed */
  | { kind: 'text'; query: string; hits: SearchHitShape[]; matches: number; weaker: boolean }
  /** photos like one or several (`ids`), with words or not ("at night") */
  | { kind: 'similar'; id: number; ids: number[]; text: string; hits: Hit[] };

/** Without a match, this many of the closest photos are offered. */
export const CLOSEST_FEW = 5;

/** The photos of a search on screen: the matches (the weaker ones too once asked for); without a match, the closest few. */
export function visibleHits(s: SearchState): Hit[] {
  if (s.kind !== 'text') return s.hits;
  if (s.matches === 0 || !s.hits.some((h) => h.match)) return s.hits.slice(0, CLOSEST_FEW);
  return s.weaker ? s.hits : s.hits.filter((h) => h.match);
}

export interface MenuState {
  x: number;
  y: number;
  ids: number[];
  /** 'folders': only the folder choices (the selection bar's Put in folder ▾) */
  placement?: 'folders';
}

/** One re-filing, with the photos' corrections before and after it, for undo and redo. */
export interface Refile {
  /** 'to': put in a folder; 'out': taken out of every folder; 'auto': left to sorting */
  kind: 'to' | 'out' | 'auto';
  count: number;
  folder: string;
  before: PhotoCorrections[];
  after: PhotoCorrections[];
}

/** What the toast says: the last re-filing, or its undo or redo. */
export interface RefileToast {
  refile: Refile;
  undone: boolean;
  seq: number;
}

const EMPTY_FOLDERS: FolderList = { folders: [], unsorted: 0, all: 0, errors: 0 };

class AppState {
  loaded = $state(false);
  status = $state.raw<AppStatus | null>(null);
  folders = $state.raw<FolderList>(EMPTY_FOLDERS);
  progress = $state.raw<IndexState | null>(null);

  screen = $state<Screen>('library');
  view = $state.raw<PhotoView>({ kind: 'all' });
  sort = $state<PhotoSort>('date-desc');
  list = $state.raw<PhotoList>({ ids: [], dates: [], ratios: [] });
  search = $state.raw<SearchState | null>(null);
  searching = $state(false);

  selection = $state.raw<ReadonlySet<number>>(new Set());
  focus = $state<number | null>(null);
  viewer = $state<number | null>(null);
  menu = $state.raw<MenuState | null>(null);
  /** the folder being edited (undefined id: a new one) */
  editing = $state.raw<{ folderId?: number } | null>(null);
  /** the folder whose suggestions are on screen */
  suggesting = $state<number | null>(null);
  /** re-filings that can be undone (last is newest), and undone ones that can be redone */
  undoStack = $state.raw<Refile[]>([]);
  redoStack = $state.raw<Refile[]>([]);
  toast = $state.raw<RefileToast | null>(null);
  private toastSeq = 0;
  /** file name and date per photo, fetched in batches as tiles appear (their accessible names) */
  labels = $state.raw<ReadonlyMap<number, PhotoLabel>>(new Map());
  private wantLabels = new Set<number>();
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  /** kept as the error itself, not text, so the banner follows a change of language */
  error = $state.raw<ApiError | null>(null);

  /** The photos on screen, in order: search results, or the current view. */
  shown = $derived<number[]>(this.search ? visibleHits(this.search).map((h) => h.id) : this.list.ids);

  private anchor: number | null = null;
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private searchSeq = 0;

  async init(): Promise<void> {
    api.on('index.progress', (p) => {
      const was = this.progress?.state;
      this.progress = p;
      if (p.state !== was && (p.state === 'done' || p.state === 'error')) void this.refreshStatus();
    });
    api.on('photos.added', () => this.scheduleRefresh());
    api.on('folders.changed', (f) => {
      this.folders = f;
      const v = this.view;
      // The folder on screen was deleted: show all photos rather than ask for a folder that is gone.
      if (v.kind === 'folder' && !f.folders.some((x) => x.id === v.folderId)) this.view = { kind: 'all' };
      if (this.view.kind !== 'all' || v !== this.view) this.scheduleRefresh(0);
    });
    // The model, the accelerator, the folders or a notice changed behind the window's back (a switch finished, recovery ran).
    api.on('status.changed', () => {
      void this.guard(async () => {
        await this.refreshStatus();
        await Promise.all([this.refreshFolders(), this.refreshList()]);
      });
    });
    await this.guard(async () => {
      await this.refreshStatus();
      await Promise.all([this.refreshFolders(), this.refreshList()]);
    });
    this.loaded = true;
  }

  /** Runs an action; an error result is shown to the user instead of breaking the window. */
  async guard<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.error = err instanceof ApiFailure ? err.error : { code: 'internal', message: String((err as Error)?.message ?? err) };
      return undefined;
    }
  }

  async refreshStatus(): Promise<void> {
    this.status = await call('app.status', {});
    this.progress ??= this.status.indexing;
  }

  async refreshFolders(): Promise<void> {
    this.folders = await call('folders.list', {});
  }

  async refreshList(): Promise<void> {
    const view = this.view;
    const list = await call('photos.list', { view, sort: this.sort });
    if (view === this.view) this.list = list;
  }

  /** New photos arrive in bursts while indexing: refresh the grid and counts at most twice a second (less often for big libraries). */
  private scheduleRefresh(delay = this.list.ids.length > 20_000 ? 3000 : 500): void {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      void this.guard(async () => {
        await Promise.all([this.refreshList(), this.refreshFolders()]);
        if (this.status && this.status.photos === 0) await this.refreshStatus();
      });
    }, delay);
  }

  /** Asks for a photo's label; the tiles on screen are asked for together. */
  requestLabel(id: number): void {
    if (this.labels.has(id) || this.wantLabels.has(id)) return;
    this.wantLabels.add(id);
    this.labelTimer ??= setTimeout(() => {
      this.labelTimer = undefined;
      const ids = [...this.wantLabels].slice(0, 2000);
      for (const id of ids) this.wantLabels.delete(id);
      void this.guard(async () => {
        const { labels } = await call('photos.labels', { ids });
        const next = new Map(this.labels);
        for (const l of labels) next.set(l.id, l);
        this.labels = next;
      });
    }, 30);
  }

  // ---------------------------------------------------------------- navigation

  async setView(view: PhotoView): Promise<void> {
    this.view = view;
    this.screen = 'library';
    this.search = null;
    this.clearSelection();
    await this.guard(() => this.refreshList());
  }

  async setSort(sort: PhotoSort): Promise<void> {
    this.sort = sort;
    await this.guard(() => this.refreshList());
  }

  show(screen: Screen): void {
    this.screen = screen;
    this.menu = null;
  }

  editFolder(folderId?: number): void {
    this.editing = folderId === undefined ? {} : { folderId };
    this.screen = 'folder-editor';
  }

  // ---------------------------------------------------------------- search

  /** Shows a text search's answer (lib/state/search.svelte.ts runs them). */
  showResults(query: string, hits: SearchHitShape[], matches: number): void {
    this.searching = false;
    this.screen = 'library';
    this.search = { kind: 'text', query, hits, matches, weaker: false };
    this.clearSelection();
  }

  /** "Show weaker results": the rest after the matches. */
  showWeaker(): void {
    if (this.search?.kind === 'text') this.search = { ...this.search, weaker: true };
  }

  /** A new search is on its way: answers to older ones are dropped. */
  nextSearch(): number {
    this.searching = true;
    return ++this.searchSeq;
  }

  isLatestSearch(seq: number): boolean {
    return seq === this.searchSeq;
  }

  async findSimilar(id: number): Promise<void> {
    const seq = ++this.searchSeq;
    this.menu = null;
    this.viewer = null;
    this.screen = 'library';
    const r = await api.invoke('search.similar', { id, limit: 200 });
    if (seq !== this.searchSeq) return;
    if (r.ok) {
      this.search = { kind: 'similar', id, ids: [id], text: '', hits: [{ id, score: 1 }, ...r.value.hits] };
      this.clearSelection();
    } else this.error = r.error;
  }

  /** "More like these" (several photos), or a photo plus words ("like this, but at night"). */
  async findLike(ids: number[], text: string): Promise<void> {
    if (ids.length === 0) return;
    const seq = ++this.searchSeq;
    this.menu = null;
    this.viewer = null;
    this.screen = 'library';
    const r = await api.invoke('search.similar', { ids, text: text.trim() || undefined, limit: 200 });
    if (seq !== this.searchSeq) return;
    if (r.ok) {
      this.search = { kind: 'similar', id: ids[0]!, ids, text: text.trim(), hits: [...ids.map((id) => ({ id, score: 1 })), ...r.value.hits] };
      this.clearSelection();
    } else this.error = r.error;
  }

  /** Back to the view that was showing before the search. */
  clearSearch(): void {
    this.searchSeq++;
    this.searching = false;
    this.search = null;
    this.clearSelection();
  }

  // ---------------------------------------------------------------- selection

  clearSelection(): void {
    this.selection = new Set();
    this.anchor = null;
  }

  /** Click: select one; with shift: the range from the last click; with ctrl/cmd: add or remove one. */
  select(id: number, mods: { shift?: boolean; toggle?: boolean } = {}): void {
    const order = this.shown;
    if (mods.shift && this.anchor !== null) {
      const a = order.indexOf(this.anchor);
      const b = order.indexOf(id);
      if (a >= 0 && b >= 0) {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const next = new Set(mods.toggle ? this.selection : []);
        for (let i = lo; i <= hi; i++) next.add(order[i]!);
        this.selection = next;
        this.focus = id;
        return;
      }
    }
    if (mods.toggle) {
      const next = new Set(this.selection);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.selection = next;
    } else this.selection = new Set([id]);
    this.anchor = id;
    this.focus = id;
  }

  selectAll(): void {
    this.selection = new Set(this.shown);
  }

  /** The photos an action applies to: the selection if `id` is in it, else just `id`. */
  targets(id: number): number[] {
    return this.selection.has(id) ? [...this.selection] : [id];
  }

  // ---------------------------------------------------------------- corrections

  async assign(ids: number[], folderId: number | null): Promise<void> {
    this.menu = null;
    if (ids.length === 0) return;
    const from = this.view.kind === 'folder' && !this.search ? this.view.folderId : null;
    const name = (id: number | null): string => this.folders.folders.find((f) => f.id === id)?.name ?? '';
    await this.refile(ids, folderId === null ? 'out' : 'to', folderId === null ? name(from) : name(folderId), () => call('photos.assign', { ids, folderId }));
  }

  /** Runs a re-filing and remembers the photos' corrections before and after it, so it can be undone and redone. */
  private async refile(ids: number[], kind: Refile['kind'], folder: string, change: () => Promise<FolderList>): Promise<void> {
    await this.guard(async () => {
      const before = (await call('photos.corrections', { ids })).photos;
      this.folders = await change();
      const after = (await call('photos.corrections', { ids })).photos;
      const refile: Refile = { kind, count: ids.length, folder, before, after };
      this.undoStack = [...this.undoStack.slice(-49), refile];
      this.redoStack = [];
      this.toast = { refile, undone: false, seq: ++this.toastSeq };
      await this.refreshList();
    });
  }

  /** Ctrl/⌘-Z: puts the last re-filing's photos back as they were. */
  async undo(): Promise<void> {
    const last = this.undoStack.at(-1);
    if (!last) return;
    this.undoStack = this.undoStack.slice(0, -1);
    await this.guard(async () => {
      this.folders = await call('photos.setCorrections', { photos: last.before });
      this.redoStack = [...this.redoStack, last];
      this.toast = { refile: last, undone: true, seq: ++this.toastSeq };
      await this.refreshList();
    });
  }

  /** Ctrl/⌘-Shift-Z (or Ctrl-Y): does the last undone re-filing again. */
  async redo(): Promise<void> {
    const last = this.redoStack.at(-1);
    if (!last) return;
    this.redoStack = this.redoStack.slice(0, -1);
    await this.guard(async () => {
      this.folders = await call('photos.setCorrections', { photos: last.after });
      this.undoStack = [...this.undoStack, last];
      this.toast = { refile: last, undone: false, seq: ++this.toastSeq };
      await this.refreshList();
    });
  }

  /** Shows the photo's file in the system file manager (the desktop app only). */
  async reveal(id: number): Promise<void> {
    await this.guard(() => call('photos.reveal', { id }));
  }

  /** The folder's questions: the photos sorting is least sure about for it. */
  openSuggestions(folderId: number): void {
    this.suggesting = folderId;
    this.search = null;
    this.screen = 'suggestions';
  }

  /** A Yes (put it in the folder) or No (not in it) to a suggestion: a correction the folder learns from at once. */
  async answer(photoId: number, folderId: number, yes: boolean): Promise<boolean> {
    const done = await this.guard(async () => {
      this.folders = yes ? await call('photos.assign', { ids: [photoId], folderId }) : await call('folders.reject', { ids: [photoId], id: folderId });
      return true;
    });
    return done === true;
  }

  async letSortingDecide(ids: number[]): Promise<void> {
    this.menu = null;
    if (ids.length === 0) return;
    await this.refile(ids, 'auto', '', () => call('photos.unassign', { ids }));
  }

  // ---------------------------------------------------------------- folders

  async saveFolder(name: string, prompts: string[], folderId?: number): Promise<boolean> {
    const saved = await this.guard(async () => {
      this.folders =
        folderId === undefined
          ? await call('folders.create', { name, prompts })
          : await call('folders.update', { id: folderId, name, prompts });
      return true;
    });
    if (!saved) return false;
    const folder = this.folders.folders.find((f) => f.name.toLowerCase() === name.trim().toLowerCase());
    this.editing = null;
    await this.setView(folder ? { kind: 'folder', folderId: folder.id } : { kind: 'all' });
    return true;
  }

  /** Moves a folder to a place in the order (1 = first): keys 1–9 follow the order, kept in the library. */
  async moveFolder(folderId: number, position: number): Promise<boolean> {
    const done = await this.guard(async () => {
      this.folders = await call('folders.move', { id: folderId, position });
      return true;
    });
    return done === true;
  }

  async removeFolder(folderId: number): Promise<void> {
    await this.guard(async () => {
      this.folders = await call('folders.remove', { id: folderId });
    });
    this.editing = null;
    await this.setView({ kind: 'all' });
  }

  // ---------------------------------------------------------------- library setup

  async addRoot(path: string): Promise<boolean> {
    const r = await this.guard(async () => (this.status = await call('roots.add', { path })));
    if (r) void this.guard(() => this.refreshFolders());
    return r !== undefined;
  }

  async removeRoot(path: string): Promise<void> {
    await this.guard(async () => {
      this.status = await call('roots.remove', { path });
      await Promise.all([this.refreshFolders(), this.refreshList()]);
    });
  }

  async chooseRoot(): Promise<void> {
    const r = await this.guard(() => call('roots.choose', {}));
    if (r?.path) await this.addRoot(r.path);
  }

  async chooseModel(dir: string): Promise<boolean> {
    const r = await this.guard(async () => (this.status = await call('model.choose', { dir })));
    return r !== undefined;
  }

  /** Puts the newest good backup of the library's database in place (offered when it was found damaged). */
  async restoreBackup(): Promise<void> {
    await this.guard(async () => (this.status = await call('library.restore', {})));
  }

  async dismissNotices(): Promise<void> {
    await this.guard(async () => (this.status = await call('app.dismissNotices', {})));
  }

  async indexing(action: 'pause' | 'resume' | 'cancel' | 'start'): Promise<void> {
    await this.guard(async () => {
      this.progress = await call(`index.${action}`, {});
    });
  }

  canChooseFolders = $derived(this.status !== null && !this.status.unsupported.includes('roots.choose'));
}

export const app = new AppState();
