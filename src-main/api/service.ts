/**
 * The backend of one open window: the library, the model (loaded on first
 * need), the in-memory vector index the Searcher uses, and the background
 * indexing job. Handlers (handlers.ts) call it; transports subscribe to its
 * events. It holds no transport-specific code.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LibraryContext } from '../core/context.js';
import { chooseModel, loadActiveModel, modelSettings, type ActiveModel } from '../core/models/active-model.js';
import { readModelFolder } from '../core/models/model-folder.js';
import type { Accelerator } from '../core/models/accelerators.js';
import { Searcher } from '../core/search/search.js';
import { loadModelAndIndex } from '../core/search/load-index.js';
import type { VectorIndex } from '../core/search/vector-index.js';
import { encodeTexts } from '../core/search/text-vectors.js';
import { backgroundVectors, sortLibrary } from '../core/sorting/sort-library.js';
import { previewFolder } from '../core/sorting/preview.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';
import { describeRecovery, needsRecovery, recoverInterruptedBatches } from '../core/organize/index.js';
import { watchLibrary, type LibraryWatcher } from '../core/library/watch.js';
import { installedDir } from '../core/models/install.js';
import {
  unsupportedCommands,
  type AcceleratorChoice,
  type AppStatus,
  type EventName,
  type Events,
  type FolderList,
  type Hit,
  type IndexState,
  type Notice,
  type TransportKind,
} from './contract.js';
import { IndexJob } from './index-job.js';
import { OrganizeJob } from './organize-job.js';
import { ModelJob } from './model-job.js';

export interface ServiceOptions {
  transport: TransportKind;
  /** photos per inference call in the indexer */
  batchSize?: number | undefined;
  /** the model catalog file (default: the bundled one, or SHOEBOX_CATALOG) */
  catalogFile?: string | undefined;
  /** keep the library in step with its folders while the app runs (default true) */
  watch?: boolean | undefined;
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Remembered across launches: a paused or cancelled job stays so until the user resumes. */
const JOB_SETTING = 'app.indexing';

export class ShoeboxService {
  readonly transport: TransportKind;
  readonly job: IndexJob;
  readonly organize: OrganizeJob;
  readonly models: ModelJob;
  /** read once by the user, then dismissed (app.dismissNotices) */
  private notices: Notice[] = [];
  private watcher: { roots: string; watcher: LibraryWatcher } | undefined;
  private watching: Promise<void> = Promise.resolve();
  private readonly watchEnabled: boolean;
  private closed = false;
  private readonly listeners = new Set<Listener>();
  private active: Promise<ActiveModel> | undefined;
  private searcher: Searcher | undefined;
  private addedSinceEmit = 0;
  private addedTimer: NodeJS.Timeout | undefined;
  private sorting: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ctx: LibraryContext,
    opts: ServiceOptions,
  ) {
    this.transport = opts.transport;
    this.job = new IndexJob({
      libraryDir: ctx.dir,
      roots: () => ctx.settings.roots(),
      accelerator: () => modelSettings(ctx)?.accelerator,
      batchSize: opts.batchSize,
      onState: (s) => this.emit('index.progress', s),
      onBatch: (ids) => void this.addToIndex(ids),
      onFinished: () => this.afterIndexing(),
    });
    this.watchEnabled = opts.watch ?? true;
    this.organize = new OrganizeJob(ctx, {
      hold: () => this.job.hold(),
      assertFree: () => {
        if (this.models.switching) throw new ShoeboxError('conflict', 'The library is being re-read with another model; wait for it (or pause it) first.');
      },
      onState: (s) => this.emit('organize.progress', s),
      onFinished: async (report) => {
        // A move changes paths (and may add the destination as a library folder).
        if (report.mode === 'move') {
          if (this.searcher) this.searcher.vectors(true);
          this.emit('status.changed', {});
          await this.restartWatcher();
        }
        this.emit('folders.changed', this.folderList());
      },
    });
    this.models = new ModelJob(ctx, {
      catalogFile: opts.catalogFile,
      hold: () => this.job.hold(),
      assertFree: () => {
        if (this.organize.state.state === 'running') throw new ShoeboxError('conflict', 'Photos are being written to disk; wait for that to finish first.');
      },
      onState: (s) => this.emit('models.progress', s),
      use: (dir) => this.useModelDir(dir),
      onSwitched: async () => {
        await this.reloadModel();
        await this.resort();
        this.emit('status.changed', {});
      },
    });
  }

  // ---------------------------------------------------------------- events

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // a closed window or connection must not break the others
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * At launch: first put right an apply or undo that a crash interrupted (and
   * tell the user once), then continue indexing unless the user paused or
   * cancelled it last time, and watch the folders.
   */
  start(): Promise<void> {
    // Without an interrupted batch (the usual case) the job's state is set before this returns.
    if (!needsRecovery(this.ctx)) {
      this.resumeIndexing();
      return this.restartWatcher();
    }
    return (async () => {
      try {
        for (const r of await recoverInterruptedBatches(this.ctx)) {
          this.notices.push({
            kind: 'recovery',
            outcome: r.outcome,
            batch: { id: r.batchId, kind: r.kind, mode: r.mode, destRoot: r.destRoot },
            kept: r.kept.map((k) => ({ path: k.path, reason: k.reason })),
            text: describeRecovery(r),
          });
        }
      } catch (err) {
        const message = errorMessage(err);
        this.notices.push({ kind: 'recovery-failed', message, text: `An interrupted apply could not be put right: ${message}` });
      }
      this.emit('status.changed', {}); // a window already open reads the notices
      this.resumeIndexing();
      await this.restartWatcher();
    })();
  }

  private resumeIndexing(): void {
    const stopped = this.ctx.settings.get<'paused' | 'cancelled'>(JOB_SETTING);
    if (stopped) this.job.restore(stopped);
    else if (this.ctx.settings.roots().length > 0 && modelSettings(this.ctx)) this.job.start();
  }

  dismissNotices(): void {
    this.notices = [];
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.addedTimer);
    await this.watching;
    await this.watcher?.watcher.close();
    this.watcher = undefined;
    await this.organize.close();
    await this.models.close();
    await this.job.close();
    const active = await this.active?.catch(() => undefined);
    await active?.model.release();
    this.listeners.clear();
  }

  // ---------------------------------------------------------------- model and index

  model(): Promise<ActiveModel> {
    if (!this.active) {
      this.active = loadActiveModel(this.ctx);
      this.active.catch(() => (this.active = undefined)); // try again next time
    }
    return this.active;
  }

  private async search(): Promise<Searcher> {
    if (this.searcher) return this.searcher;
    // The first search loads the model and the vector index side by side (load-index.ts).
    const { active, index } = await loadModelAndIndex(this.ctx, () => this.model());
    if (this.searcher) {
      index.close(); // a concurrent first search got there first
      return this.searcher;
    }
    return (this.searcher = new Searcher(this.ctx, active, index));
  }

  async index(): Promise<VectorIndex> {
    return (await this.search()).vectors();
  }

  async chooseModel(dir: string, accelerator?: Accelerator): Promise<void> {
    readModelFolder(dir); // the folder's problem, now, in words
    chooseModel(this.ctx, dir, accelerator);
    await this.reloadModel();
    this.startIndexing();
    void this.restartWatcher();
  }

  /** Drops the loaded model and loads the one the settings name now. */
  private async reloadModel(): Promise<void> {
    const old = await this.active?.catch(() => undefined);
    this.active = undefined;
    this.searcher = undefined;
    try {
      await this.model();
    } catch (err) {
      throw err instanceof ShoeboxError ? err : new ShoeboxError('bad_model', errorMessage(err));
    } finally {
      await old?.model.release().catch(() => undefined);
    }
  }

  /** An installed model: the first one is simply chosen; another is switched to in the background. */
  async useModel(id: string): Promise<void> {
    const dir = installedDir(this.ctx.dir, id);
    if (!existsSync(dir)) throw new ShoeboxError('not_found', `The model "${id}" is not installed; download or import it first.`);
    const current = modelSettings(this.ctx);
    if (current && resolve(current.dir) === resolve(dir)) return;
    if (!current || this.ctx.photos.count().photos === 0) await this.useModelDir(dir);
    else this.models.switchTo(id, dir, current.accelerator);
  }

  private async useModelDir(dir: string): Promise<void> {
    await this.chooseModel(dir);
    this.emit('status.changed', {});
  }

  async setAccelerator(accelerator: AcceleratorChoice): Promise<void> {
    const s = modelSettings(this.ctx);
    if (!s) throw new ShoeboxError('no_model', 'Choose a model first; the accelerator is where it runs.');
    this.ctx.settings.set('model', { ...s, accelerator });
    await this.reloadModel();
    // A running indexer keeps its provider until it restarts; restart it so the choice applies now.
    if (this.job.running) this.job.start();
  }

  // ---------------------------------------------------------------- watching the folders

  /**
   * Watches the library's folders while the app runs. Each change is handed to
   * the indexing job (the same worker, one run at a time), so the watcher and
   * the indexer never index side by side; a pass that arrives while the user
   * paused indexing waits for the resume (which indexes everything anyway).
   */
  restartWatcher(): Promise<void> {
    this.watching = this.watching.then(async () => {
      const roots = this.ctx.settings.roots();
      const key = roots.join('\n');
      if (this.watcher?.roots === key) return;
      await this.watcher?.watcher.close();
      this.watcher = undefined;
      if (this.closed || !this.watchEnabled || roots.length === 0 || !modelSettings(this.ctx)) return;
      const active = await this.model().catch(() => undefined);
      if (!active || this.closed) return;
      const watcher = watchLibrary(this.ctx, active, {
        catchUp: false, // the indexing job at start does that
        indexFolders: async () => {
          if (this.ctx.settings.get(JOB_SETTING)) return undefined;
          return this.job.request();
        },
        onError: (err) => {
          if (process.env.SHOEBOX_DEBUG) console.error(err);
        },
      });
      this.watcher = { roots: key, watcher };
      await watcher.ready;
    }).catch((err) => {
      if (process.env.SHOEBOX_DEBUG) console.error(err);
    });
    return this.watching;
  }

  private async addToIndex(ids: number[]): Promise<void> {
    const active = await this.model().catch(() => undefined);
    if (active && this.searcher) {
      const index = this.searcher.vectors();
      for (const id of ids) {
        const v = this.ctx.vectors.get(id, active.record.id);
        if (v && this.ctx.photos.byId(id)?.error === null) index.set(id, v);
      }
    }
    // Many batches a second on a fast machine: tell the window at most ~4 times a second.
    this.addedSinceEmit += ids.length;
    this.addedTimer ??= setTimeout(() => {
      this.addedTimer = undefined;
      this.emit('photos.added', { count: this.addedSinceEmit });
      this.addedSinceEmit = 0;
    }, 250);
  }

  private async afterIndexing(): Promise<void> {
    if (this.searcher) this.searcher.vectors(true); // moves and removals too
    await this.resort();
  }

  // ---------------------------------------------------------------- indexing

  startIndexing(): IndexState {
    this.ctx.settings.set(JOB_SETTING, null);
    if (!modelSettings(this.ctx)) return this.job.state;
    return this.job.start();
  }

  pauseIndexing(): IndexState {
    this.ctx.settings.set(JOB_SETTING, 'paused');
    return this.job.pause();
  }

  cancelIndexing(): IndexState {
    this.ctx.settings.set(JOB_SETTING, 'cancelled');
    return this.job.cancel();
  }

  // ---------------------------------------------------------------- roots

  addRoot(pathArg: string): void {
    const path = resolve(pathArg);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new ShoeboxError('not_found', existsSync(path) ? `${path} is not a folder.` : `There is no folder at ${path}.`);
    this.ctx.settings.addRoot(path);
    this.startIndexing();
    void this.restartWatcher();
  }

  /** Forgets a folder and what Shoebox knew of its photos; the photos on disk stay as they are. */
  async removeRoot(pathArg: string): Promise<void> {
    const path = resolve(pathArg);
    if (!this.ctx.settings.roots().includes(path)) throw new ShoeboxError('not_found', `${path} is not one of the library's folders.`);
    this.ctx.settings.removeRoot(path);
    const others = this.ctx.settings.roots();
    const rows = this.ctx.photos.under(path).filter((r) => !others.some((o) => r.path.startsWith(o + '/') || r.path.startsWith(o + '\\')));
    this.ctx.db.transaction(() => rows.forEach((r) => this.ctx.photos.remove(r.id)))();
    if (this.searcher) for (const r of rows) this.searcher.vectors().delete(r.id);
    if (this.job.running) this.job.start(); // restart without that folder
    void this.restartWatcher();
    this.emit('folders.changed', this.folderList());
  }

  // ---------------------------------------------------------------- folders

  folderList(): FolderList {
    const counts = this.ctx.categories.counts();
    const { photos, errors } = this.ctx.photos.count();
    return {
      folders: this.ctx.categories.list().map((c) => ({ id: c.id, name: c.name, prompts: c.prompts, count: counts.get(c.id) ?? 0 })),
      unsorted: counts.get(null) ?? 0,
      all: photos - errors,
      errors,
    };
  }

  folderName(id: number): string {
    const c = this.ctx.categories.list().find((f) => f.id === id);
    if (!c) throw new ShoeboxError('not_found', `There is no folder ${id}; it may have been deleted.`);
    return c.name;
  }

  /** Sorts every photo again (manual choices stay) and tells the window. Skipped while there is no model or no photo. */
  resort(): Promise<FolderList> {
    // One sort at a time, each reading the folders when it starts: the last one always reflects the
    // latest folders (a sort started by the indexer cannot overwrite one started by an edit).
    const run = this.sorting.then(async () => {
      if (modelSettings(this.ctx) && this.ctx.photos.count().photos > 0) {
        const active = await this.model();
        await sortLibrary(this.ctx, active, await this.index());
      }
      const list = this.folderList();
      this.emit('folders.changed', list);
      return list;
    });
    this.sorting = run.catch(() => undefined);
    return run;
  }

  async preview(prompts: string[], folderId?: number): Promise<Hit[]> {
    if (folderId !== undefined) this.folderName(folderId);
    const active = await this.model();
    const index = await this.index();
    const others = [];
    for (const c of this.ctx.categories.list()) {
      if (c.id !== folderId) others.push({ id: c.id, prompts: await encodeTexts(this.ctx, active, c.prompts) });
    }
    const vectors = await encodeTexts(this.ctx, active, prompts);
    const background = await backgroundVectors(this.ctx, active);
    const hits = previewFolder(index, others, vectors, active.model.folder.scoring, this.ctx.categories.manual(), folderId, background);
    return hits.map((h) => ({ id: h.photoId, score: h.score }));
  }

  // ---------------------------------------------------------------- search

  async searchText(query: string, limit: number): Promise<Hit[]> {
    const s = await this.search();
    return (await s.byText(query, limit)).map((r) => ({ id: r.photoId, score: r.score }));
  }

  async similar(id: number, limit: number): Promise<Hit[]> {
    if (!this.ctx.photos.byId(id)) throw new ShoeboxError('not_found', `There is no photo ${id}.`);
    const s = await this.search();
    return (await s.similar({ photoId: id }, limit)).map((r) => ({ id: r.photoId, score: r.score }));
  }

  // ---------------------------------------------------------------- status

  async status(): Promise<AppStatus> {
    const counts = this.ctx.photos.count();
    const settings = modelSettings(this.ctx);
    let model: AppStatus['model'] = null;
    let modelError: string | null = null;
    let accelerator: string | null = null;
    let skipped: AppStatus['acceleratorsSkipped'] = [];
    if (settings) {
      try {
        const active = await this.model();
        model = { dir: active.model.folder.dir, name: active.model.folder.name };
        const choice = await active.model.provider();
        accelerator = choice.provider;
        skipped = choice.skipped;
      } catch (err) {
        model = { dir: settings.dir, name: settings.dir };
        modelError = errorMessage(err);
      }
    }
    return {
      library: this.ctx.dir,
      roots: this.ctx.settings.roots(),
      photos: counts.photos - counts.errors,
      errors: counts.errors,
      model,
      modelError,
      accelerator,
      acceleratorsSkipped: skipped,
      indexing: this.job.state,
      acceleratorChoice: settings?.accelerator ?? 'auto',
      notices: [...this.notices],
      unsupported: unsupportedCommands(this.transport),
    };
  }
}
