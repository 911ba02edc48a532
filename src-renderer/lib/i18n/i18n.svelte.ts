/**
 * The window's language: the OS's (navigator.language) unless the user chose
 * one in Settings. Components call t('key', {param}) and never hold text.
 */
import { en, type MessageKey } from './en.js';
import { ko } from './ko.js';
import { describeError } from '../../../src-main/core/messages/catalog.js';
import type { ApiError } from '../../../src-main/api/contract.js';

export type { MessageKey };

export type Locale = 'en' | 'ko';
export type LocaleChoice = Locale | 'system';
export const LOCALES: readonly Locale[] = ['en', 'ko'];
/** Each language's own name, shown as is in the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' };

const TABLES: Record<Locale, Record<MessageKey, string>> = { en, ko };
const KEY = 'shoebox.lang';

function systemLocale(): Locale {
  const first = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language ?? '') : '';
  return first.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

function stored(): LocaleChoice {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return v === 'en' || v === 'ko' ? v : 'system';
}

class I18n {
  choice = $state<LocaleChoice>(stored());
  locale = $derived<Locale>(this.choice === 'system' ? systemLocale() : this.choice);

  constructor() {
    // Chosen in another window of the app (the browser's storage event): this one follows.
    if (typeof window !== 'undefined')
      window.addEventListener('storage', (e) => {
        if (e.key === KEY || e.key === null) this.choice = stored();
      });
  }

  set(choice: LocaleChoice): void {
    this.choice = choice;
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  }
}

export const i18n = new I18n();

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const s = TABLES[i18n.locale][key] ?? en[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** A command's error in the window's language, from its message code (the English message only as a fallback detail). */
export function errorText(err: ApiError): string {
  return describeError(err, i18n.locale);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18n.locale).format(n);
}

const DATE_STYLES: Record<'year' | 'month' | 'day' | 'full', Intl.DateTimeFormatOptions> = {
  year: { year: 'numeric', timeZone: 'UTC' },
  month: { year: 'numeric', month: 'long', timeZone: 'UTC' },
  day: { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' },
  full: { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' },
};

export function formatDate(ms: number, style: 'year' | 'month' | 'day' | 'full'): string {
  const opts = DATE_STYLES[style];
  return new Intl.DateTimeFormat(i18n.locale, opts).format(new Date(ms));
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Decimal units (1 MB = 10^6 bytes), as the CLI, the model catalog and most file managers count. */
export function formatBytes(n: number): string {
  if (n < 1000) return t('unit.bytes', { n });
  if (n < 1e6) return t('unit.kb', { n: formatNumber(Math.round(n / 1000)) });
  if (n < 1e9) return t('unit.mb', { n: (n / 1e6).toFixed(1) });
  return t('unit.gb', { n: (n / 1e9).toFixed(2) });
}
