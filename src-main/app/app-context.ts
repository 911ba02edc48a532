/** What the use-cases share: the library, the loaded model, the events, the jobs, and each other where one follows another. */
import type { LibraryContext } from '../core/context.js';
import type { LibrarySession } from './library-session.js';
import type { EventBus } from './events.js';
import type { JobCoordinator } from './jobs/coordinator.js';
import type { IndexingJob } from './jobs/indexing-job.js';
import type { OrganizeJob } from './jobs/organize-job.js';
import type { ModelJob } from './jobs/model-job.js';
import type { Folders } from './use-cases/folders.js';
import type { Indexing } from './use-cases/indexing.js';
import type { Backups } from './use-cases/backups.js';

export interface AppJobs {
  coordinator: JobCoordinator;
  indexing: IndexingJob;
  organize: OrganizeJob;
  models: ModelJob;
}

export interface AppContext {
  readonly ctx: LibraryContext;
  readonly session: LibrarySession;
  readonly events: EventBus;
  readonly jobs: AppJobs;
  readonly folders: Folders;
  readonly indexing: Indexing;
  readonly backups: Backups;
  /** the photo folders changed: the app indexes (unless `index: false`) and watches them */
  rootsChanged(opts?: { index?: boolean }): void;
  /** the model in use changed: the app indexes with it, watches, and tells the window */
  modelChanged(): void;
}
