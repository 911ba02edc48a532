/**
 * What the CLI prints: one JSON document on stdout with --json, text otherwise; progress and logs on stderr.
 * Every human-readable line goes through terminalSafe here, so a file or folder name cannot send
 * terminal escape sequences or start a line of its own (JSON escapes them itself).
 */
import type { Progress } from '../core/util/progress.js';

/**
 * Text for the terminal: an array is one line per item (a newline inside an item is
 * data, e.g. in a file name, and is escaped); a string's newlines separate lines.
 */
export type Lines = string | readonly string[];

export interface Output {
  json: boolean;
  /** the command's result: JSON document, or the text lines */
  result(value: unknown, text: () => Lines): void;
  log(msg: Lines): void;
  progress(p: Progress): void;
  endProgress(): void;
}

export function makeOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  const tty = Boolean(stderr.isTTY);
  let drawn = false;
  return {
    json,
    result(value, text) {
      if (drawn) this.endProgress();
      stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : terminalText(text()));
    },
    log(msg) {
      if (drawn) this.endProgress();
      stderr.write(terminalText(msg));
    },
    progress(p) {
      if (!tty) return;
      stderr.write('\r\x1b[K' + progressLine(p, stderr.columns ?? 80));
      drawn = true;
    },
    endProgress() {
      if (drawn) stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** C0 controls (tab and newline included), DEL and C1 controls, as \\xNN: shown, never obeyed by the terminal. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/** One line, safe to print: its control characters written as `\x1b`, `\x0a`… */
export function terminalSafe(line: string): string {
  return line.replace(CONTROL, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** Lines made safe and ended with a newline each (a string's own trailing newline adds no empty line). */
export function terminalText(text: Lines): string {
  const lines = typeof text === 'string' ? text.replace(/\n$/, '').split('\n') : text;
  return lines.map(terminalSafe).join('\n') + '\n';
}

export function progressLine(p: Progress, columns: number): string {
  const width = 24;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
  const eta = p.etaMs === null ? '--:--' : formatDuration(p.etaMs);
  const head = `${p.phase} ${bar} ${p.done}/${p.total}  ${p.rate.toFixed(1)}/s  ${eta} left`;
  const room = columns - head.length - 3;
  const tail = p.current && room > 10 ? '  ' + ellipsize(terminalSafe(p.current), room) : '';
  return head + tail;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function ellipsize(s: string, n: number): string {
  return s.length <= n ? s : '…' + s.slice(s.length - n + 1);
}
