/**
 * How the grid is drawn, remembered on this computer (localStorage, as the
 * theme is): the thumbnail size (the rows' height, Ctrl/⌘ +/- or the slider)
 * and the grouping of the photos under day, month or year headers.
 */
import { call } from '../api/client.js';
import type { Grouping } from '../grid/layout.js';

const SIZE_KEY = 'shoebox.grid.size';
const GROUP_KEY = 'shoebox.grid.grouping';
export const SIZE_MIN = 80;
export const SIZE_MAX = 320;
export const SIZE_DEFAULT = 180;
/** Ctrl/⌘ +/- steps: about 20% a step, as Google Photos' zoom levels go */
const STEPS = [80, 100, 120, 150, 180, 220, 260, 320];

class GridSettings {
  size = $state(readSize());
  grouping = $state<Grouping>(readGrouping());

  setSize(px: number): void {
    this.size = Math.round(Math.min(SIZE_MAX, Math.max(SIZE_MIN, px)));
    localStorage.setItem(SIZE_KEY, String(this.size));
  }

  /** One step bigger (1) or smaller (-1). */
  zoom(dir: 1 | -1): void {
    const next = dir > 0 ? STEPS.find((s) => s > this.size) : [...STEPS].reverse().find((s) => s < this.size);
    if (next !== undefined) this.setSize(next);
  }

  reset(): void {
    this.setSize(SIZE_DEFAULT);
  }

  setGrouping(g: Grouping): void {
    this.grouping = g;
    localStorage.setItem(GROUP_KEY, g);
  }
}

function readSize(): number {
  const v = Number(typeof localStorage !== 'undefined' ? localStorage.getItem(SIZE_KEY) : NaN);
  return Number.isFinite(v) && v >= SIZE_MIN && v <= SIZE_MAX ? v : SIZE_DEFAULT;
}

function readGrouping(): Grouping {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(GROUP_KEY) : null;
  return v === 'day' || v === 'year' ? v : 'month';
}

export const grid = new GridSettings();

/** Width / height of photos not in a view's list (search results), from the library. */
export async function ratiosOf(ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i < ids.length; i += 10_000) out.push(...(await call('photos.ratios', { ids: ids.slice(i, i + 10_000) })).ratios);
  return out;
}
