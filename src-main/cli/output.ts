/** What the CLI prints: one JSON document on stdout with --json, text otherwise; progress and logs on stderr. */
import type { Progress } from '../core/util/progress.js';

export interface Output {
  json: boolean;
  /** the command's result: JSON document, or the text lines */
  result(value: unknown, text: () => string): void;
  log(msg: string): void;
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
      stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text() + (text().endsWith('\n') ? '' : '\n'));
    },
    log(msg) {
      if (drawn) this.endProgress();
      stderr.write(msg + '\n');
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

export function progressLine(p: Progress, columns: number): string {
  const width = 24;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
  const eta = p.etaMs === null ? '--:--' : formatDuration(p.etaMs);
  const head = `${p.phase} ${bar} ${p.done}/${p.total}  ${p.rate.toFixed(1)}/s  ${eta} left`;
  const room = columns - head.length - 3;
  const tail = p.current && room > 10 ? '  ' + ellipsize(p.current, room) : '';
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
