/** Progress of a long job, as the CLI's bar and the app's progress bar show it. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  /** items per second over the recent window */
  rate: number;
  /** estimated milliseconds left, or null when unknown */
  etaMs: number | null;
  /** what is being worked on now (a path), if anything */
  current?: string | undefined;
}

export type ProgressListener = (p: Progress) => void;

/** Tracks rate and ETA with an exponential moving average, so a slow first batch does not skew it. */
export class ProgressMeter {
  private done = 0;
  private rate = 0;
  private lastT = performance.now();
  private lastDone = 0;

  constructor(
    private readonly phase: string,
    private total: number,
    private readonly listener: ProgressListener | undefined,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  advance(n = 1, current?: string): void {
    this.done += n;
    const now = performance.now();
    const dt = (now - this.lastT) / 1000;
    if (dt >= 0.25 || this.done === this.total) {
      const instant = (this.done - this.lastDone) / Math.max(dt, 1e-3);
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
      this.lastT = now;
      this.lastDone = this.done;
      this.emit(current);
    }
  }

  emit(current?: string): void {
    const left = this.total - this.done;
    this.listener?.({
      phase: this.phase,
      done: this.done,
      total: this.total,
      rate: this.rate,
      etaMs: this.rate > 0 ? (left / this.rate) * 1000 : null,
      current,
    });
  }
}
