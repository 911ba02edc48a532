/**
 * The domain's rules and vocabulary, written once: the core enforces them, the
 * contract validates with them, the renderer shows them. Browser-safe.
 */
export * from './folders.js';
export * from './models.js';
export * from './organize.js';
export * from './search.js';
export * from './query-parser.js';
