/**
 * What every background job shares: its state as the window sees it, read as
 * a copy, progress with rate and ETA, failures kept with their codes, and
 * progress events no more often than the window can use.
 */
import { errorInfo } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';
import type { ErrorInfo } from '../shapes.js';

/** The fields every job state has (IndexState, OrganizeState and ModelJobState add their own). */
export interface JobProgress {
  state: string;
  done: number;
  total: number | null;
  /** items per second */
  rate: number;
  etaMs: number | null;
  error?: ErrorInfo | undefined;
}

/** progress events at most this often: a download calls back for every chunk */
const EMIT_MS = 150;

export class JobState<S extends JobProgress> {
  private current: S;
  private lastEmit = 0;

  constructor(
    readonly idle: S,
    private readonly onChange: (state: S) => void,
  ) {
    this.current = { ...idle };
  }

  /** A copy: callers cannot change the job through it. */
  get(): S {
    return { ...this.current };
  }

  get state(): S['state'] {
    return this.current.state;
  }

  /** Replaces the state (with `patch` over the current one) and tells the listeners; `throttle` for progress. */
  set(patch: Partial<S>, opts: { throttle?: boolean; reset?: boolean } = {}): void {
    this.current = { ...(opts.reset ? this.idle : this.current), ...patch };
    const now = Date.now();
    if (opts.throttle && now - this.lastEmit < EMIT_MS) return;
    this.lastEmit = now;
    this.onChange(this.get());
  }

  progress(p: Pick<Progress, 'done' | 'total' | 'rate' | 'etaMs'>, extra: Partial<S> = {}, throttle = true): void {
    this.set({ done: p.done, total: p.total, rate: p.rate, etaMs: p.etaMs, ...extra } as Partial<S>, { throttle });
  }

  /** Stopped (paused, cancelled, done): no rate, no ETA. */
  stop(state: S['state'], extra: Partial<S> = {}): void {
    this.set({ state, rate: 0, etaMs: state === 'done' ? 0 : null, ...extra } as Partial<S>);
  }

  /** Failed: the error keeps its code and message code. */
  fail(err: unknown, extra: Partial<S> = {}): void {
    this.set({ state: 'error', rate: 0, etaMs: null, error: errorInfo(err), ...extra } as Partial<S>);
  }
}
