/**
 * Keeping the library in step with its photo folders while the app runs (or
 * `shoebox watch`). In the app each change is handed to the indexing job (the
 * same worker, one run at a time), so the watcher and the indexer never index
 * side by side; a pass that arrives while the user paused indexing waits for
 * the resume (which indexes everything anyway).
 */
import { modelSettings } from '../../core/models/active-model.js';
import { watchLibrary, type LibraryWatcher, type WatchPass } from '../../core/library/watch.js';
import { fail } from '../../core/util/errors.js';
import type { AppContext } from '../app-context.js';

export class Watching {
  private current: { roots: string; watcher: LibraryWatcher } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly app: AppContext,
    private readonly enabled: boolean,
  ) {}

  /** (Re)starts the app's watcher for the current photo folders; nothing changes if they are the same. */
  restart(): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        const { ctx, session } = this.app;
        const roots = ctx.settings.roots();
        const key = roots.join('\n');
        if (this.current?.roots === key) return;
        await this.current?.watcher.close();
        this.current = undefined;
        if (this.closed || !this.enabled || roots.length === 0 || !modelSettings(ctx)) return;
        const active = await session.model().catch(() => undefined);
        if (!active || this.closed) return;
        const watcher = watchLibrary(ctx, active, {
          catchUp: false, // the indexing job at start does that
          indexFolders: async () => (this.app.indexing.stoppedByUser() ? undefined : this.app.jobs.indexing.request()),
          onError: debug,
        });
        this.current = { roots: key, watcher };
        await watcher.ready;
      })
      .catch(debug);
    return this.queue;
  }

  /**
   * Watches here until `until` resolves (the CLI's `watch`): passes index in
   * this process, and folders are sorted again after photos were added or changed.
   */
  async runHere(until: Promise<void>, on: { pass(p: WatchPass): void; error(err: Error): void; ready(roots: string[]): void }): Promise<void> {
    const { ctx, session } = this.app;
    const roots = ctx.settings.roots();
    if (roots.length === 0) throw fail('root.none');
    const active = await session.model();
    const watcher = watchLibrary(ctx, active, {
      onPass: (p) => {
        on.pass(p);
        const m = p.summary;
        if (m.added + m.updated > 0 && ctx.categories.list().length > 0) void this.app.folders.sort().catch((err: Error) => on.error(err));
      },
      onError: on.error,
    });
    await watcher.ready;
    on.ready(roots);
    await until;
    await watcher.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.current?.watcher.close();
    this.current = undefined;
  }
}

function debug(err: unknown): void {
  if (process.env.SHOEBOX_DEBUG) console.error(err);
}
