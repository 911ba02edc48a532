/**
 * The search box: what is typed, the chips (what the search understood of the
 * text, and the filters picked by hand), the folder the search is scoped to,
 * the pickers' vocabulary and the recent searches (kept in this window's
 * local storage). It runs text searches and hands their answers to `app`.
 *
 * Removing a chip is exact: the box's text loses the chip's words (a date,
 * an exclusion) or keeps them in quotes (a place, a camera, a folder, a kind:
 * words for the model, never understood again), and the search runs with the
 * remaining chips as explicit filters and nothing parsed (`parse: false`).
 */
import { api } from '../api/client.js';
import { app } from './app.svelte.js';
import {
  UNSORTED,
  chipFilters,
  removeChip,
  restText,
  type PhotoKind,
  type SearchVocabularyShape,
  type Understood,
} from '../../../src-main/api/contract.js';

/** Filters picked by hand (the pickers): explicit, they win over what the text says. */
export interface Picked {
  from?: string | undefined;
  to?: string | undefined;
  camera?: string | undefined;
  folder?: string | undefined;
  place?: string | undefined;
  kind?: PhotoKind | undefined;
}
export type PickedKind = 'date' | 'camera' | 'folder' | 'place' | 'kind';

const RECENT_KEY = 'shoebox.recentSearches';
const RECENT_MAX = 8;
const DEBOUNCE_MS = 250;
/** A search stays on screen this long without typing before it counts as a recent search. */
const REMEMBER_MS = 1500;
export const SEARCH_LIMIT = 200;

function loadRecent(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

class SearchBoxState {
  /** the text in the box */
  typed = $state('');
  /** what the last answer understood of the text (spans into `typed`) */
  understood = $state.raw<Understood[]>([]);
  picked = $state.raw<Picked>({});
  /** the folder open when the search began (Unsorted too): searched inside it until its chip is removed */
  scope = $state<string | null>(null);
  vocabulary = $state.raw<SearchVocabularyShape | null>(null);
  recent = $state.raw<string[]>(loadRecent());
  /** after a chip was removed: the chips are the filters and the text is not parsed again until it is edited */
  private exact = false;
  private scopeDismissed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rememberTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether anything would be searched. */
  get active(): boolean {
    return this.typed.trim() !== '' || Object.values(this.picked).some(Boolean);
  }

  /** The box's text changed (typing): searched after a pause. */
  input(text: string): void {
    this.typed = text;
    this.exact = false;
    clearTimeout(this.timer);
    clearTimeout(this.rememberTimer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /** Enter: at once, and remembered. */
  submit(): void {
    clearTimeout(this.timer);
    void this.run().then(() => this.remember(this.typed));
  }

  /** A recent search again. */
  use(text: string): void {
    this.typed = text;
    this.exact = false;
    this.submit();
  }

  async run(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.active) {
      this.clearResults();
      return;
    }
    if (!this.scopeDismissed && this.scope === null && !app.search) this.scope = this.openFolder();
    const seq = app.nextSearch();
    const base = { limit: SEARCH_LIMIT, all: true };
    const r = this.exact
      ? await api.invoke('search.text', {
          ...base,
          ...this.filters(chipFilters(this.understood)),
          exclude: chipFilters(this.understood).exclude,
          query: restText(this.typed, this.understood),
          parse: false,
        })
      : await api.invoke('search.text', { ...base, ...this.filters({}), query: this.typed.trim() });
    if (!app.isLatestSearch(seq)) return;
    if (!r.ok) {
      app.searching = false;
      app.error = r.error;
      return;
    }
    if (!this.exact) this.understood = r.value.understood;
    app.showResults(this.typed.trim(), r.value.hits, r.value.matches);
    clearTimeout(this.rememberTimer);
    const text = this.typed;
    this.rememberTimer = setTimeout(() => this.remember(text), REMEMBER_MS);
  }

  /** The explicit filters: the chips' (after a chip was removed), the pickers' over them, the scope's folder unless one was picked. */
  private filters(chips: Picked): Picked {
    const p = this.picked;
    const dated = Boolean(p.from || p.to);
    const f: Picked = {
      from: dated ? p.from : chips.from,
      to: dated ? p.to : chips.to,
      camera: p.camera ?? chips.camera,
      place: p.place ?? chips.place,
      folder: p.folder ?? chips.folder ?? this.scope ?? undefined,
      kind: p.kind ?? chips.kind,
    };
    return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as Picked;
  }

  /** × on a chip understood from the text. */
  async removeUnderstood(index: number): Promise<void> {
    const next = removeChip(this.typed, this.understood, index);
    this.typed = next.text;
    this.understood = next.understood;
    this.exact = true;
    await this.run();
  }

  /** A picker's choice (undefined: none). */
  async pick(kind: PickedKind, value: string | undefined, to?: string | undefined): Promise<void> {
    const p = { ...this.picked };
    if (kind === 'date') {
      p.from = value || undefined;
      p.to = to || undefined;
    } else if (kind === 'kind') p.kind = (value || undefined) as PhotoKind | undefined;
    else p[kind] = value || undefined;
    this.picked = p;
    await this.run();
  }

  /** × on the scope chip: the whole library. */
  async removeScope(): Promise<void> {
    this.scope = null;
    this.scopeDismissed = true;
    await this.run();
  }

  /** The pickers' lists: the library's cameras, folders and places with their counts. */
  async loadVocabulary(): Promise<void> {
    const r = await api.invoke('search.vocabulary', {});
    if (r.ok) this.vocabulary = r.value;
  }

  /** Clears the box, the chips and the results: back to the view before. */
  clear(): void {
    this.reset();
    app.clearSearch();
  }

  /** The search ended elsewhere ("find similar", another view): forget its text and chips. */
  reset(): void {
    clearTimeout(this.timer);
    clearTimeout(this.rememberTimer);
    this.typed = '';
    this.understood = [];
    this.picked = {};
    this.scope = null;
    this.scopeDismissed = false;
    this.exact = false;
  }

  clearRecent(): void {
    this.recent = [];
    localStorage.removeItem(RECENT_KEY);
  }

  private clearResults(): void {
    this.understood = [];
    this.exact = false;
    app.clearSearch();
  }

  private remember(text: string): void {
    const q = text.trim();
    if (q.length < 2) return;
    // "dog on the be" then "dog on the beach": keep the finished one
    const rest = this.recent.filter((r) => r !== q && !q.startsWith(r));
    this.recent = [q, ...rest].slice(0, RECENT_MAX);
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(this.recent));
    } catch {
      // storage full or off: recent searches are a convenience
    }
  }

  private openFolder(): string | null {
    const v = app.view;
    if (v.kind === 'unsorted') return UNSORTED;
    if (v.kind === 'folder') return app.folders.folders.find((f) => f.id === v.folderId)?.name ?? null;
    return null;
  }
}

export const searchBox = new SearchBoxState();
