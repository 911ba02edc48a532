/** The kinds of failure. Stable: CLI exit codes and API results depend on them. Browser-safe. */
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
