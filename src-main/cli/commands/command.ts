import type { ParseArgsConfig } from 'node:util';
import type { CliSession } from '../session.js';

/** One `shoebox <name>` command. */
export interface Command {
  name: string;
  /** one line for `shoebox --help` */
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** commands that need no library (tokenize) say so */
  noLibrary?: boolean;
  /** puts right an interrupted apply itself (serve: the app's service does, and tells the window) instead of before run */
  recoversItself?: boolean;
  run(session: CliSession, positionals: string[], values: Record<string, unknown>): Promise<void>;
}
