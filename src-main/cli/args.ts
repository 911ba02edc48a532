/** Command-line parsing (node:util parseArgs) with the global options every command takes, before or after it. */
import { resolve } from 'node:path';
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

/**
 * The command's name and its arguments, with the global options given before
 * the name moved after it (`shoebox --model m index ~/Pictures`, as git and
 * docker take them). Anything else before the name is a usage error.
 */
export function splitCommand(argv: string[]): { name: string | undefined; args: string[]; help: boolean } {
  const before: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return { name: a, args: [...argv.slice(i + 1), ...before], help };
    const [flag, inline] = a.startsWith('--') ? (a.slice(2).split(/=(.*)/s) as [string, string?]) : [a, undefined];
    const spec = (GLOBAL_OPTIONS as Record<string, { type: string }>)[flag];
    if (a === '-h' || flag === 'help') {
      help = true;
      before.push('--help');
    }
    else if (spec?.type === 'boolean' && inline === undefined) before.push(a);
    else if (spec?.type === 'string') {
      if (inline !== undefined) before.push(a);
      else if (i + 1 < argv.length) before.push(a, argv[++i]!);
      else throw new ShoeboxError('usage', `Option '--${flag} <value>' argument missing`);
    } else throw new ShoeboxError('usage', `Unknown option "${a}" before the command. Run \`shoebox --help\`.`);
  }
  return { name: undefined, args: before, help };
}

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

/** A file option's value as an absolute path, or undefined. */
export function pathOption(value: unknown): string | undefined {
  return value === undefined ? undefined : resolve(String(value));
}
