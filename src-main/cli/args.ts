/** Command-line parsing (node:util parseArgs) with the global options every command takes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ShoeboxError } from '../core/util/errors.js';

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', default: false },
  library: { type: 'string' },
  model: { type: 'string' },
  accelerator: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export type Parsed<O extends ParseArgsConfig['options']> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O): Parsed<O & typeof GLOBAL_OPTIONS> {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true }) as Parsed<O & typeof GLOBAL_OPTIONS>;
  } catch (err) {
    throw new ShoeboxError('usage', (err as Error).message);
  }
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ShoeboxError('usage', `--${name} must be a positive whole number, not "${value}".`);
  return n;
}
