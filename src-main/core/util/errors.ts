/**
 * Errors the user can act on. `code` is stable (CLI exit codes, API results);
 * `key` names the message in core/messages/catalog.ts, so a window can say it
 * in the user's language; `message` is the English text (CLI, logs).
 */
import { ERROR_MESSAGES, formatMessage, type MessageKey, type Params } from '../messages/catalog.js';
import type { ErrorCode } from './error-code.js';

export type { ErrorCode, MessageKey, Params };

export class ShoeboxError extends Error {
  readonly key: MessageKey | undefined;
  readonly params: Params | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    detail?: { key: MessageKey; params?: Params | undefined },
  ) {
    super(message);
    this.name = 'ShoeboxError';
    this.key = detail?.key;
    this.params = detail?.params;
  }
}

/** The error for message `key`: its code and English text from the catalog. */
export function fail(key: MessageKey, params: Params = {}): ShoeboxError {
  return new ShoeboxError(ERROR_MESSAGES[key].code, formatMessage(key, params), { key, params });
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** What an error keeps when it crosses a thread or the API: code, message code and params, English text. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  key?: MessageKey | undefined;
  params?: Params | undefined;
}

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof ShoeboxError) return { code: err.code, message: err.message, ...(err.key ? { key: err.key, params: err.params } : {}) };
  return { code: 'internal', message: errorMessage(err) };
}

/** The error again, on this side of a worker thread or the API. */
export function fromErrorInfo(info: ErrorInfo): ShoeboxError {
  return new ShoeboxError(info.code, info.message, info.key ? { key: info.key, params: info.params } : undefined);
}
