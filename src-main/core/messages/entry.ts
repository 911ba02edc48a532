import type { ErrorCode } from '../util/error-code.js';

/** One message: the kind of failure (CLI exit code, API result) and its text in each language. */
export interface Entry {
  code: ErrorCode;
  en: string;
  ko: string;
}
