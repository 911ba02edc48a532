/**
 * Models: the catalog with what is installed, download (with the licence
 * gate), import, use (the first model is simply chosen; another is switched
 * to by re-embedding the library), remove, and where the model runs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogEntry, entryBytes, loadCatalog, type Catalog, type CatalogEntry } from '../../core/models/catalog.js';
import {
  discardPartialDownload,
  downloadModel,
  importModel,
  installedDir,
  listInstalled,
  readManifest,
  removeModel,
  verifyModelDir,
  type InstalledModel,
  type ModelDownloadProgress,
} from '../../core/models/install.js';
import { chooseModel, modelSettings } from '../../core/models/active-model.js';
import { readModelFolder } from '../../core/models/model-folder.js';
import { pendingSwitch, switchModel, type SwitchResult } from '../../core/models/switch.js';
import { TextTokenizer } from '../../core/models/tokenizer.js';
import { isModelId, licenceAccepted, type Accelerator } from '../../core/domain/models.js';
import { errorInfo, errorMessage, fail } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';
import type { RetryInfo } from '../../core/models/download.js';
import type { CatalogModel, InstalledModelInfo, ModelJobState, ModelList } from '../shapes.js';
import type { AppContext } from '../app-context.js';

export interface DownloadOptions {
  acceptLicence: boolean;
  /** download again even if it is installed and intact */
  force?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ModelDownloadProgress) => void) | undefined;
  onRetry?: ((r: RetryInfo) => void) | undefined;
}

export interface Downloaded {
  entry: CatalogEntry;
  id: string;
  dir: string;
  bytes: number;
  dim: number;
  alreadyInstalled: boolean;
}

export class Models {
  constructor(
    private readonly app: AppContext,
    /** the catalog file; the bundled one (or SHOEBOX_CATALOG) when undefined */
    private readonly catalogFile?: string | undefined,
  ) {
    app.jobs.models.onDiscard = (id) => void discardPartialDownload(app.ctx.dir, id).catch(() => undefined);
  }

  catalog(): Catalog {
    return loadCatalog(this.catalogFile);
  }

  /** The folder of the model in use, if any. */
  activeDir(): string | null {
    const dir = modelSettings(this.app.ctx)?.dir;
    return dir ? resolve(dir) : null;
  }

  private isActive(dir: string): boolean {
    const active = this.activeDir();
    return active !== null && resolve(dir) === active;
  }

  list(): ModelList {
    const installed = listInstalled(this.app.ctx.dir);
    let catalog: Catalog | undefined;
    let catalogError: string | null = null;
    let catalogErrorInfo: ModelList['catalogErrorInfo'] = null;
    try {
      catalog = this.catalog();
    } catch (err) {
      catalogError = errorMessage(err);
      catalogErrorInfo = errorInfo(err);
    }
    const rows: CatalogModel[] = (catalog?.models ?? []).map((m) => {
      const inst = installed.find((i) => i.id === m.id);
      return {
        id: m.id,
        name: m.name,
        description: m.description,
        text: m.text,
        languages: m.languages,
        licence: m.licence,
        requiresLicenceAcceptance: m.requiresLicenceAcceptance,
        downloadBytes: entryBytes(m),
        quality: m.quality,
        recommendedFor: m.recommendedFor,
        default: m.id === catalog?.default,
        pinned: m.pinned,
        installed: inst ? ('incomplete' in inst ? 'incomplete' : 'yes') : 'no',
        active: inst ? this.isActive(inst.dir) : false,
      };
    });
    const others: InstalledModelInfo[] = installed.map((i) =>
      'incomplete' in i
        ? { id: i.id, name: i.id, dir: i.dir, layout: null, dim: null, bytes: null, source: null, incomplete: true, active: this.isActive(i.dir) }
        : {
            id: i.id,
            name: i.manifest.name,
            dir: i.dir,
            layout: i.manifest.layout,
            dim: i.manifest.dim,
            bytes: i.manifest.files.reduce((a, f) => a + f.size, 0),
            source: i.manifest.source.kind,
            incomplete: false,
            active: this.isActive(i.dir),
          },
    );
    return {
      catalog: rows,
      installed: others,
      active: this.activeDir(),
      defaultId: catalog?.default ?? '',
      pendingSwitch: pendingSwitch(this.app.ctx)?.dir ?? null,
      catalogError,
      catalogErrorInfo,
    };
  }

  /** The catalog entry, refused unless its licence needs no yes or was accepted. */
  private gated(id: string, acceptLicence: boolean): CatalogEntry {
    const entry = catalogEntry(this.catalog(), id);
    if (!licenceAccepted(entry, acceptLicence)) {
      throw fail(entry.licence.commercialUse ? 'models.licence' : 'models.licence_noncommercial', { name: entry.name, licence: entry.licence.name });
    }
    return entry;
  }

  /** Downloads a catalog model here (the CLI); an installed, intact one is not fetched again unless `force`. */
  async download(id: string, opts: DownloadOptions): Promise<Downloaded> {
    const entry = this.gated(id, opts.acceptLicence);
    const libraryDir = this.app.ctx.dir;
    const dir = installedDir(libraryDir, id);
    const have = readManifest(dir);
    if (have && !opts.force) {
      await verifyModelDir(dir, { libraryDir });
      return { entry, id, dir, bytes: manifestBytes(have), dim: have.dim, alreadyInstalled: true };
    }
    const r: InstalledModel = await downloadModel(entry, { libraryDir, signal: opts.signal, acceptLicence: opts.acceptLicence, onProgress: opts.onProgress, onRetry: opts.onRetry });
    return { entry, id: r.id, dir: r.dir, bytes: manifestBytes(r.manifest), dim: r.manifest.dim, alreadyInstalled: false };
  }

  /** The same download in the background (the window), with progress events; `use`: then use it. */
  startDownload(id: string, opts: { acceptLicence: boolean; use: boolean }): ModelJobState {
    const entry = this.gated(id, opts.acceptLicence);
    this.app.jobs.models.assertIdle();
    return this.app.jobs.models.download({
      id,
      total: entryBytes(entry),
      libraryDir: this.app.ctx.dir,
      run: async ({ signal, onProgress, onRetry }) => (await this.download(id, { acceptLicence: opts.acceptLicence, signal, onProgress, onRetry })).bytes,
      then: opts.use ? () => this.choose(installedDir(this.app.ctx.dir, id)) : undefined,
    });
  }

  /** Validates a model folder on disk and copies it into the library. */
  async import(path: string, id?: string): Promise<InstalledModel> {
    this.app.jobs.models.assertIdle();
    return importModel(path, { libraryDir: this.app.ctx.dir, id });
  }

  async remove(id: string): Promise<{ name: string }> {
    const dir = installedDir(this.app.ctx.dir, id);
    if (this.isActive(dir)) throw fail('models.in_use', { id });
    if (this.app.jobs.models.busyWith() === id) throw fail('models.busy', { id });
    const name = readManifest(dir)?.name ?? id;
    await removeModel(this.app.ctx.dir, id);
    return { name };
  }

  /** An installed model's id, or a model folder: the folder to use (coded not_found otherwise). */
  resolveTarget(target: string): string {
    const asId = installedDir(this.app.ctx.dir, target);
    if (isModelId(target) && existsSync(asId)) return asId;
    if (existsSync(target)) return resolve(target);
    let inCatalog = false;
    try {
      inCatalog = this.catalog().models.some((m) => m.id === target);
    } catch {
      // no catalog: say what we can
    }
    throw inCatalog ? fail('models.not_installed_yet', { id: target }) : fail('models.unknown_target', { target });
  }

  /** Makes the model in `dir` the library's, at once (nothing indexed with another yet), and loads it. */
  async choose(dir: string, accelerator?: Accelerator): Promise<void> {
    readModelFolder(dir); // the folder's problem, now, in words
    chooseModel(this.app.ctx, dir, accelerator);
    await this.app.session.reloadModel();
    this.app.modelChanged();
  }

  /** The window's "use": the first model is chosen; another is switched to in the background. */
  async use(id: string): Promise<ModelJobState> {
    const dir = installedDir(this.app.ctx.dir, id);
    if (!existsSync(dir)) throw fail('models.not_installed_yet', { id });
    const current = modelSettings(this.app.ctx);
    if (current && resolve(current.dir) === resolve(dir)) return this.app.jobs.models.state;
    if (!current || this.app.ctx.photos.count().photos === 0) {
      await this.choose(dir);
      return this.app.jobs.models.state;
    }
    this.app.jobs.models.assertIdle();
    return this.app.jobs.models.switchTo(id, { libraryDir: this.app.ctx.dir, dir, accelerator: current.accelerator }, (r) => this.switched(r));
  }

  /** The CLI's "use": re-embeds here, in the foreground; pausing (the signal) keeps what is done. */
  async switchHere(dir: string, opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void; threads?: number | undefined; batchSize?: number | undefined }): Promise<SwitchResult> {
    const r = await switchModel(this.app.ctx, dir, opts);
    if (r.state === 'switched') await this.app.session.reloadModel();
    return r;
  }

  /** A background switch finished: the library uses the new model now. */
  private async switched(_r: SwitchResult): Promise<void> {
    await this.app.session.reloadModel();
    await this.app.folders.sort();
    this.app.modelChanged();
  }

  /** Where the model runs: the user's choice, remembered; a running indexer restarts so it applies now. */
  async setAccelerator(accelerator: Accelerator): Promise<void> {
    const s = modelSettings(this.app.ctx);
    if (!s) throw fail('models.accelerator_needs_model');
    this.app.ctx.settings.set('model', { ...s, accelerator });
    await this.app.session.reloadModel();
    if (this.app.jobs.indexing.running) this.app.jobs.indexing.start();
  }

  /** The model's tokenizer's ids for a text (for checking a tokenizer). */
  tokenize(text: string): number[] {
    const settings = modelSettings(this.app.ctx);
    if (!settings) throw fail('models.none_chosen');
    return new TextTokenizer(readModelFolder(settings.dir)).encode(text);
  }
}

function manifestBytes(m: { files: { size: number }[] }): number {
  return m.files.reduce((a, f) => a + f.size, 0);
}

