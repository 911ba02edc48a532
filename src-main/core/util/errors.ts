/**
 * Errors the user can act on. `code` is stable (CLI exit codes, API results);
 * `message` says what went wrong and what to do.
 */
export type ErrorCode =
  | 'usage'
  | 'not_found'
  | 'no_model'
  | 'bad_model'
  | 'bad_photo'
  | 'conflict'
  | 'io'
  | 'network'
  | 'cancelled'
  | 'internal';

export class ShoeboxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ShoeboxError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
