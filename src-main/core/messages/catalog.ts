/**
 * Every error a user can see, by message code, in every language the app
 * speaks. The core throws `fail(key, params)`; the code, key and params cross
 * the API unchanged, so the window words the error in the user's language
 * (describeError) and the CLI prints the English text.
 *
 * Browser-safe: no imports but types, so the renderer bundles it as is.
 */
import type { Entry } from './entry.js';
import { FOLDER_MESSAGES } from './folders.js';
import { APP_MESSAGES } from './app.js';

export type Params = Record<string, string | number>;

/** Keep keys grouped by area and sorted within a group; `{name}` is a parameter. */
export const ERROR_MESSAGES = {
  // ------------------------------------------------------------ generic fallbacks, one per code
  'generic.usage': { code: 'usage', en: 'That request was not understood: {detail}', ko: '요청을 이해하지 못했습니다: {detail}' },
  'generic.not_found': { code: 'not_found', en: 'Not found: {detail}', ko: '찾을 수 없습니다: {detail}' },
  'generic.no_model': { code: 'no_model', en: 'No model chosen yet. Choose one in Settings.', ko: '아직 모델을 고르지 않았습니다. 설정에서 고르세요.' },
  'generic.bad_model': { code: 'bad_model', en: 'The model cannot be used: {detail}', ko: '이 모델은 쓸 수 없습니다: {detail}' },
  'generic.bad_photo': { code: 'bad_photo', en: 'The photo cannot be read: {detail}', ko: '사진을 읽을 수 없습니다: {detail}' },
  'generic.conflict': { code: 'conflict', en: 'Not now: {detail}', ko: '지금은 할 수 없습니다: {detail}' },
  'generic.io': { code: 'io', en: 'A file could not be read or written: {detail}', ko: '파일을 읽거나 쓸 수 없습니다: {detail}' },
  'generic.network': { code: 'network', en: 'The download failed: {detail}', ko: '내려받기에 실패했습니다: {detail}' },
  'generic.cancelled': { code: 'cancelled', en: 'Stopped.', ko: '멈췄습니다.' },
  'generic.internal': { code: 'internal', en: 'Something went wrong: {detail}', ko: '문제가 생겼습니다: {detail}' },
  ...FOLDER_MESSAGES,
  ...APP_MESSAGES,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof ERROR_MESSAGES;
export type Locale = 'en' | 'ko';

export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, key);
}

/** The message for `key` in `locale`, its `{param}`s filled in. */
export function formatMessage(key: MessageKey, params: Params = {}, locale: Locale = 'en'): string {
  const entry: Entry = ERROR_MESSAGES[key];
  return entry[locale].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/**
 * What a window shows for an error that crossed the API: its own message
 * code's text in `locale`, else the generic text of its code with the
 * English message as the detail.
 */
export function describeError(err: { code: string; message: string; key?: string | undefined; params?: Params | undefined }, locale: Locale): string {
  if (isMessageKey(err.key)) return formatMessage(err.key, err.params ?? {}, locale);
  const generic = `generic.${err.code}`;
  if (isMessageKey(generic)) return formatMessage(generic, { detail: err.message }, locale);
  return formatMessage('generic.internal', { detail: err.message }, locale);
}
