/**
 * The application: every operation a user can do on one open library, for
 * the CLI and the window alike. Transports (CLI, IPC, HTTP) translate to and
 * from these calls and never touch a store; the rules live in the core.
 *
 *   photoFolders  add / remove / list the places photos live
 *   indexing      index (foreground or as a background job), pause, resume, cancel
 *   folders       category folders: create, rename, describe, delete, assign, unassign, sort, preview
 *   photos        a view's photos, one photo, the unreadable ones, their images
 *   search        by words, by a photo
 *   models        catalog, download, import, use, remove, where the model runs
 *   organize      plan, apply, undo, history, recovery after a crash
 *   watching      keeping the library in step with its photo folders
 *   status        the library at a glance, and notices
 *   backups       the database's daily backup, and restoring one
 *
 * `background: true` (the window) runs long work as jobs and watches the
 * folders; the CLI leaves it off and runs the same work in the foreground.
 */
import type { LibraryContext } from '../core/context.js';
import type { Accelerator } from '../core/domain/models.js';
import { modelSettings } from '../core/models/active-model.js';
import { errorMessage } from '../core/util/errors.js';
import { LibrarySession } from './library-session.js';
import { EventBus } from './events.js';
import { JobCoordinator } from './jobs/coordinator.js';
import { IndexingJob } from './jobs/indexing-job.js';
import { OrganizeJob } from './jobs/organize-job.js';
import { ModelJob } from './jobs/model-job.js';
import type { AppContext, AppJobs } from './app-context.js';
import { PhotoFolders } from './use-cases/photo-folders.js';
import { Indexing } from './use-cases/indexing.js';
import { Folders } from './use-cases/folders.js';
import { Photos } from './use-cases/photos.js';
import { Search } from './use-cases/search.js';
import { Models } from './use-cases/models.js';
import { Organize } from './use-cases/organize.js';
import { Duplicates } from './use-cases/duplicates.js';
import { Watching } from './use-cases/watching.js';
import { Status } from './use-cases/status.js';
import { Backups } from './use-cases/backups.js';

export interface AppOptions {
  /** run long work as background jobs and watch the folders (the window); the CLI runs it in the foreground */
  background?: boolean | undefined;
  /** photos per inference call in the background indexer */
  batchSize?: number | undefined;
  /** the model catalog file (default: the bundled one, or SHOEBOX_CATALOG) */
  catalogFile?: string | undefined;
  /** keep the library in step with its folders while the app runs (default true; background only) */
  watch?: boolean | undefined;
  /** where the model runs for this process only (the CLI's --accelerator) */
  accelerator?: Accelerator | undefined;
}

export class ShoeboxApp implements AppContext {
  readonly session: LibrarySession;
  readonly events = new EventBus();
  readonly jobs: AppJobs;
  readonly background: boolean;

  readonly photoFolders: PhotoFolders;
  readonly indexing: Indexing;
  readonly folders: Folders;
  readonly photos: Photos;
  readonly search: Search;
  readonly models: Models;
  readonly organize: Organize;
  readonly duplicates: Duplicates;
  readonly watching: Watching;
  readonly status: Status;
  readonly backups: Backups;

  constructor(
    readonly ctx: LibraryContext,
    opts: AppOptions = {},
  ) {
    this.background = opts.background ?? false;
    this.session = new LibrarySession(ctx, opts.accelerator);
    const coordinator = new JobCoordinator();
    const indexingJob = new IndexingJob({
      libraryDir: ctx.dir,
      roots: () => ctx.settings.roots(),
      accelerator: () => modelSettings(ctx)?.accelerator,
      batchSize: opts.batchSize,
      onState: (s) => this.events.emit('index.progress', s),
      onBatch: (ids) => void this.indexing.stored(ids),
      onFinished: () => this.indexing.afterRun(),
    });
    coordinator.register('indexing', indexingJob);
    this.jobs = {
      coordinator,
      indexing: indexingJob,
      organize: new OrganizeJob(coordinator, (s) => this.events.emit('organize.progress', s)),
      models: new ModelJob(coordinator, (s) => this.events.emit('models.progress', s)),
    };
    this.photoFolders = new PhotoFolders(this);
    this.indexing = new Indexing(this);
    this.folders = new Folders(this);
    this.photos = new Photos(this, this.folders);
    this.search = new Search(this);
    this.models = new Models(this, opts.catalogFile);
    this.organize = new Organize(this);
    this.duplicates = new Duplicates(this);
    this.watching = new Watching(this, this.background && (opts.watch ?? true));
    this.status = new Status(this);
    this.backups = new Backups(this);
    // Once a day, right after the full check at open (core/context.ts): a backup of a sound database.
    this.backups.autoBackup();
  }

  // ---------------------------------------------------------------- what follows a change

  rootsChanged(opts: { index?: boolean } = {}): void {
    if (!this.background) return;
    if (opts.index !== false) this.indexing.start();
    void this.watching.restart();
  }

  modelChanged(): void {
    if (this.background) {
      this.indexing.start();
      void this.watching.restart();
    }
    this.events.emit('status.changed', {});
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * At launch (the window): first put right an apply or undo that a crash
   * interrupted (and tell the user once), then continue indexing unless the
   * user paused or cancelled it last time, and watch the folders. Without an
   * interrupted batch (the usual case) the indexing state is set before this returns.
   */
  start(): Promise<void> {
    if (!this.organize.needsRecovery()) {
      this.indexing.resumeAtLaunch();
      return this.watching.restart();
    }
    return (async () => {
      try {
        for (const r of await this.organize.recover()) {
          this.status.notify({
            kind: 'recovery',
            outcome: r.outcome,
            batch: { id: r.batchId, kind: r.kind, mode: r.mode, destRoot: r.destRoot },
            kept: r.kept.map((k) => ({ path: k.path, reason: k.reason })),
            waiting: { ...r.waiting, folders: [...r.waiting.folders] },
            text: r.text,
          });
        }
      } catch (err) {
        const message = errorMessage(err);
        this.status.notify({ kind: 'recovery-failed', message, text: `An interrupted apply could not be put right: ${message}` });
      }
      this.events.emit('status.changed', {}); // a window already open reads the notices
      this.indexing.resumeAtLaunch();
      await this.watching.restart();
    })();
  }

  async close(): Promise<void> {
    this.indexing.close();
    await this.watching.close();
    await this.jobs.organize.close();
    await this.jobs.models.close();
    await this.jobs.indexing.close();
    await this.backups.settle();
    await this.session.close();
    this.events.clear();
  }
}
