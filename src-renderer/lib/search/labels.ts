/** What a search chip says, in the window's language: "July 2023", "2023년 7월", "Camera: Canon", "“사람” 빼고". */
import { i18n, t } from '../i18n/i18n.svelte.js';

/** One date as the chips write it: a year, a month, a day. */
export function dateText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || Number.isNaN(y)) return date;
  if (m === undefined) return i18n.locale === 'ko' ? `${y}년` : String(y);
  const opts: Intl.DateTimeFormatOptions = d === undefined ? { year: 'numeric', month: 'long', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(i18n.locale, opts).format(new Date(Date.UTC(y, m - 1, d ?? 1)));
}

/** A date filter's bounds as one label: "2023", "June 2023 – August 2023", "since 2020", "until 2019". */
export function dateRangeText(from: string | undefined, to: string | undefined): string {
  if (from && to) return from === to ? dateText(from) : t('chip.dateRange', { from: dateText(from), to: dateText(to) });
  if (from) return t('chip.dateFrom', { from: dateText(from) });
  if (to) return t('chip.dateTo', { to: dateText(to) });
  return '';
}

export function chipText(kind: string, value: string, from?: string, to?: string): string {
  switch (kind) {
    case 'date':
      return dateRangeText(from, to);
    case 'camera':
      return t('chip.camera', { value });
    case 'place':
      return t('chip.place', { value });
    case 'folder':
      return t('chip.folder', { value });
    case 'kind':
      return value === 'screenshot' ? t('chip.screenshots') : t('chip.photos');
    case 'exclude':
      return t('chip.without', { value });
    default:
      return value;
  }
}
