/**
 * Indexing the photo folders: in the window, a background job with pause,
 * resume and cancel that survive a restart; in the CLI, the same pipeline in
 * the foreground with a progress bar. After a run, the rule is the same for
 * both: the index is read again (moves and removals) and folders are sorted.
 */
import { indexRoots, type IndexSummary } from '../../core/indexer/indexer.js';
import { batchSizeFor, modelSettings } from '../../core/models/active-model.js';
import { fail } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';
import type { IndexState } from '../shapes.js';
import type { AppContext } from '../app-context.js';

/** Remembered across launches: a paused or cancelled job stays so until the user resumes. */
const STOPPED_SETTING = 'app.indexing';

export interface IndexHereOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  batchSize?: number | undefined;
}

export class Indexing {
  private addedSinceEmit = 0;
  private addedTimer: NodeJS.Timeout | undefined;

  constructor(private readonly app: AppContext) {}

  state(): IndexState {
    return this.app.jobs.indexing.state;
  }

  /** Starts (or resumes) background indexing of every photo folder; forgets a pause. */
  start(): IndexState {
    this.app.ctx.settings.set(STOPPED_SETTING, null);
    if (!modelSettings(this.app.ctx)) return this.state();
    return this.app.jobs.indexing.start();
  }

  pause(): IndexState {
    this.app.ctx.settings.set(STOPPED_SETTING, 'paused');
    return this.app.jobs.indexing.pause();
  }

  cancel(): IndexState {
    this.app.ctx.settings.set(STOPPED_SETTING, 'cancelled');
    return this.app.jobs.indexing.cancel();
  }

  /** At launch: continue unless the user paused or cancelled last time. */
  resumeAtLaunch(): void {
    const stopped = this.app.ctx.settings.get<'paused' | 'cancelled'>(STOPPED_SETTING);
    if (stopped) this.app.jobs.indexing.restore(stopped);
    else if (this.app.ctx.settings.roots().length > 0 && modelSettings(this.app.ctx)) this.app.jobs.indexing.start();
  }

  /** Whether the user stopped indexing (the watcher then leaves changes for the resume). */
  stoppedByUser(): boolean {
    return Boolean(this.app.ctx.settings.get(STOPPED_SETTING));
  }

  /** Indexes every photo folder here, in the foreground (the CLI), then sorts. */
  async runHere(opts: IndexHereOptions = {}): Promise<IndexSummary> {
    const { ctx, session } = this.app;
    const roots = ctx.settings.roots();
    if (roots.length === 0) throw fail('root.none');
    const active = await session.model();
    const summary = await indexRoots(ctx, active, roots, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      batchSize: opts.batchSize ?? (await batchSizeFor(ctx, active)),
    });
    if (!summary.cancelled) await this.afterRun();
    return summary;
  }

  /** After a finished run, wherever it ran: moves and removals reach the index, and folders are sorted again. */
  async afterRun(): Promise<void> {
    this.app.session.refreshIndex();
    if (this.app.ctx.categories.list().length > 0) await this.app.folders.sort();
    else this.app.folders.notify(); // the counts changed
  }

  /** Photos a background run just stored: into the loaded index, and the window is told (at most ~4 times a second). */
  async stored(ids: number[]): Promise<void> {
    const { ctx, session } = this.app;
    const index = session.loadedIndex();
    if (index) {
      const active = await session.model().catch(() => undefined);
      if (active) {
        for (const id of ids) {
          const v = ctx.vectors.get(id, active.record.id);
          if (v && ctx.photos.byId(id)?.error === null) index.set(id, v);
        }
      }
    }
    this.addedSinceEmit += ids.length;
    this.addedTimer ??= setTimeout(() => {
      this.addedTimer = undefined;
      this.app.events.emit('photos.added', { count: this.addedSinceEmit });
      this.addedSinceEmit = 0;
    }, 250);
  }

  close(): void {
    clearTimeout(this.addedTimer);
  }
}
