/**
 * What a search can be narrowed to, the same for the CLI, the API and the
 * window. Browser-safe (no Node imports): the contract validates with it and
 * the renderer shows the chips with it.
 */

export const PHOTO_KINDS = ['photo', 'screenshot'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** A date as the CLI and the chips take it: a year, a month or a day (inclusive). */
export const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface SearchFilters {
  /** YYYY, YYYY-MM or YYYY-MM-DD: taken on or after the start of it */
  from?: string | undefined;
  /** YYYY, YYYY-MM or YYYY-MM-DD: taken on or before the end of it */
  to?: string | undefined;
  /** part of the camera's make or model, any case */
  camera?: string | undefined;
  /** a place's name: a city, a region or a country */
  place?: string | undefined;
  /** a sorting folder's name, or a photo folder (its path or its name) */
  folder?: string | undefined;
  kind?: PhotoKind | undefined;
}

/** What a search understood: the words for the model, the excluded terms, and the filters. */
export interface UnderstoodQuery extends SearchFilters {
  text: string;
  exclude: string[];
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The first day (from) or the last day (to) a date stands for, as YYYYMMDD
 * (20230701), or undefined when it is not a real date.
 */
export function dateBound(date: string, side: 'from' | 'to'): number | undefined {
  const m = DATE_PATTERN.exec(date.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (year < 1800 || year > 2999) return undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (month !== undefined && day !== undefined && (day < 1 || day > daysIn(year, month))) return undefined;
  const mm = month ?? (side === 'from' ? 1 : 12);
  const dd = day ?? (side === 'from' ? 1 : daysIn(year, mm));
  return year * 10000 + mm * 100 + dd;
}

/** Whether the filters narrow anything. */
export function hasFilters(f: SearchFilters): boolean {
  return Boolean(f.from || f.to || f.camera || f.place || f.folder || f.kind);
}
