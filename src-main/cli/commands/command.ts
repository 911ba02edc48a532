import type { ParseArgsConfig } from 'node:util';
import type { CliSession } from '../session.js';
import type { AppOptions } from '../../app/shoebox-app.js';

/** One `shoebox <name>` command: it parses its arguments, calls the app, formats the answer. */
export interface Command {
  name: string;
  /** other names that run it (`categories` for `category`) */
  aliases?: string[];
  /** one line for `shoebox --help` */
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** puts right an interrupted apply itself (serve: the app does, and tells the window) instead of before run */
  recoversItself?: boolean;
  /** how the app runs for this command (serve: as the window's, with background jobs) */
  appOptions?(values: Record<string, unknown>): AppOptions;
  /** the exit code when the answer printed says the command failed (1); none means 0 */
  run(session: CliSession, positionals: string[], values: Record<string, unknown>): Promise<number | void>;
}
