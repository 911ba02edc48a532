/**
 * Models for the window: the catalog with what is installed, and one
 * background job at a time — a download (streamed in this thread: it is I/O)
 * or a switch to another model (re-embedding every photo, in a worker thread
 * like the indexer, with the indexer held meanwhile so the two never index at
 * once). Pause keeps what is done (a download's partial files, a switch's new
 * vectors) and starting again continues; cancel of a download discards its
 * partial files.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LibraryContext } from '../core/context.js';
import { catalogEntry, entryBytes, loadCatalog, type Catalog } from '../core/models/catalog.js';
import { discardPartialDownload, downloadModel, importModel, installedDir, listInstalled, readManifest, removeModel } from '../core/models/install.js';
import { modelSettings } from '../core/models/active-model.js';
import { pendingSwitch, type SwitchResult } from '../core/models/switch.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';
import type { CatalogModel, InstalledModelInfo, ModelJobState, ModelList } from './contract.js';
import type { SwitchWorkerData, SwitchWorkerMessage } from './switch-worker.js';

export interface ModelJobHooks {
  /** the catalog file; the default one (or SHOEBOX_CATALOG) when undefined */
  catalogFile?: string | undefined;
  hold(): Promise<() => void>;
  /** throws when a switch must not start now (files are being moved on disk) */
  assertFree(): void;
  onState(state: ModelJobState): void;
  /** a model was installed and should be used (first run, "download and use") */
  use(dir: string): Promise<void>;
  /** a switch finished: the library uses `dir` now */
  onSwitched(result: SwitchResult): Promise<void>;
}

const IDLE: ModelJobState = { kind: null, id: null, state: 'idle', done: 0, total: null, rate: 0, etaMs: null };
const SWITCH_WORKER = new URL('./switch-worker.js', import.meta.url);
/** progress events at most this often: a fast download calls back for every chunk */
const EMIT_MS = 150;

export class ModelJob {
  private current: ModelJobState = IDLE;
  private controller: AbortController | undefined;
  private worker: Worker | undefined;
  private stopAs: 'paused' | 'cancelled' | undefined;
  private lastEmit = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: LibraryContext,
    private readonly hooks: ModelJobHooks,
  ) {}

  get state(): ModelJobState {
    return { ...this.current };
  }

  /** re-embedding the library (it reads every photo folder) */
  get switching(): boolean {
    return this.current.kind === 'switch' && this.current.state === 'running';
  }

  catalog(): Catalog {
    return loadCatalog(this.hooks.catalogFile);
  }

  list(): ModelList {
    const activeDir = modelSettings(this.ctx)?.dir ?? null;
    const isActive = (dir: string): boolean => activeDir !== null && resolve(dir) === resolve(activeDir);
    const installed = listInstalled(this.ctx.dir);
    let catalog: Catalog | undefined;
    let catalogError: string | null = null;
    try {
      catalog = this.catalog();
    } catch (err) {
      catalogError = errorMessage(err);
    }
    const rows: CatalogModel[] = (catalog?.models ?? []).map((m) => {
      const inst = installed.find((i) => i.id === m.id);
      return {
        id: m.id,
        name: m.name,
        description: m.description,
        languages: m.languages,
        licence: m.licence,
        requiresLicenceAcceptance: m.requiresLicenceAcceptance,
        downloadBytes: entryBytes(m),
        quality: m.quality,
        recommendedFor: m.recommendedFor,
        default: m.id === catalog?.default,
        pinned: m.pinned,
        installed: inst ? ('incomplete' in inst ? 'incomplete' : 'yes') : 'no',
        active: inst ? isActive(inst.dir) : false,
      };
    });
    const others: InstalledModelInfo[] = installed.map((i) =>
      'incomplete' in i
        ? { id: i.id, name: i.id, dir: i.dir, layout: null, dim: null, bytes: null, source: null, incomplete: true, active: isActive(i.dir) }
        : {
            id: i.id,
            name: i.manifest.name,
            dir: i.dir,
            layout: i.manifest.layout,
            dim: i.manifest.dim,
            bytes: i.manifest.files.reduce((a, f) => a + f.size, 0),
            source: i.manifest.source.kind,
            incomplete: false,
            active: isActive(i.dir),
          },
    );
    return {
      catalog: rows,
      installed: others,
      active: activeDir,
      defaultId: catalog?.default ?? '',
      pendingSwitch: pendingSwitch(this.ctx)?.dir ?? null,
      catalogError,
    };
  }

  async importFolder(path: string): Promise<void> {
    this.assertIdle();
    await importModel(path, { libraryDir: this.ctx.dir });
  }

  async remove(id: string): Promise<void> {
    const active = modelSettings(this.ctx)?.dir;
    if (active && resolve(active) === resolve(installedDir(this.ctx.dir, id))) {
      throw new ShoeboxError('conflict', `"${id}" is the model in use. Use another model first.`);
    }
    if (this.current.state === 'running' && this.current.id === id) throw new ShoeboxError('conflict', `"${id}" is being downloaded or switched to; stop that first.`);
    await removeModel(this.ctx.dir, id);
  }

  download(id: string, opts: { acceptLicence: boolean; use: boolean }): ModelJobState {
    this.assertIdle();
    const entry = catalogEntry(this.catalog(), id);
    if (entry.requiresLicenceAcceptance && !opts.acceptLicence) {
      throw new ShoeboxError('usage', `${entry.name} is under "${entry.licence.name}": accept its licence to download it.`);
    }
    const controller = new AbortController();
    this.controller = controller;
    this.stopAs = undefined;
    this.set({ ...IDLE, kind: 'download', id, state: 'running', total: entryBytes(entry) });
    this.running = (async () => {
      try {
        let dir = installedDir(this.ctx.dir, id);
        if (!readManifest(dir)) {
          const r = await downloadModel(entry, {
            libraryDir: this.ctx.dir,
            signal: controller.signal,
            acceptLicence: opts.acceptLicence,
            onProgress: (p) =>
              this.set({ ...this.current, done: p.bytesDone, total: p.bytesTotal, rate: p.rate, etaMs: p.etaMs, file: p.file }, true),
          });
          dir = r.dir;
        }
        const bytes = readManifest(dir)?.files.reduce((a, f) => a + f.size, 0) ?? this.current.done;
        this.set({ ...this.current, state: 'done', done: bytes, total: bytes, rate: 0, etaMs: 0, file: undefined });
        if (opts.use) await this.hooks.use(dir);
      } catch (err) {
        if (controller.signal.aborted) {
          if (this.stopAs === 'cancelled') await discardPartialDownload(this.ctx.dir, id).catch(() => undefined);
          this.set({ ...this.current, state: this.stopAs ?? 'paused', rate: 0, etaMs: null });
        } else this.set({ ...this.current, state: 'error', rate: 0, etaMs: null, error: errorMessage(err) });
      } finally {
        this.controller = undefined;
      }
    })();
    return this.state;
  }

  /** Re-embeds the library with the model in `dir` (an installed model's folder), then switches to it. */
  switchTo(id: string, dir: string, accelerator: SwitchWorkerData['accelerator']): ModelJobState {
    this.assertIdle();
    this.hooks.assertFree();
    if (!existsSync(dir)) throw new ShoeboxError('not_found', `The model "${id}" is not installed.`);
    this.stopAs = undefined;
    this.set({ ...IDLE, kind: 'switch', id, state: 'running' });
    this.running = (async () => {
      const release = await this.hooks.hold();
      try {
        const result = await this.runSwitchWorker({ libraryDir: this.ctx.dir, dir, accelerator });
        if (result.state === 'switched') {
          await this.hooks.onSwitched(result);
          this.set({ ...this.current, state: 'done', done: result.embedded, total: result.total, rate: 0, etaMs: 0 });
        } else {
          this.set({ ...this.current, state: 'paused', done: result.embedded, total: result.total, rate: 0, etaMs: null });
        }
      } catch (err) {
        this.set({ ...this.current, state: 'error', rate: 0, etaMs: null, error: errorMessage(err) });
      } finally {
        this.worker = undefined;
        release();
      }
    })();
    return this.state;
  }

  pause(): ModelJobState {
    return this.stop('paused');
  }

  cancel(): ModelJobState {
    return this.stop('cancelled');
  }

  async close(): Promise<void> {
    if (this.current.state === 'running') this.stop('paused');
    await this.running?.catch(() => undefined);
  }

  private stop(as: 'paused' | 'cancelled'): ModelJobState {
    if (this.current.state !== 'running') {
      // A paused download can still be discarded.
      if (as === 'cancelled' && this.current.kind === 'download' && this.current.state === 'paused' && this.current.id) {
        void discardPartialDownload(this.ctx.dir, this.current.id).catch(() => undefined);
        this.set({ ...this.current, state: 'cancelled' });
      }
      return this.state;
    }
    // A switch has nothing to throw away: its new vectors are kept either way, and using the model again continues.
    this.stopAs = as;
    this.controller?.abort();
    this.worker?.postMessage({ type: 'abort' });
    return this.state;
  }

  private runSwitchWorker(data: SwitchWorkerData): Promise<SwitchResult> {
    return new Promise((resolvePromise, reject) => {
      const worker = new Worker(SWITCH_WORKER, { workerData: data });
      this.worker = worker;
      let settled = false;
      worker.on('message', (m: SwitchWorkerMessage) => {
        if (m.type === 'progress') {
          const p = m.progress;
          this.set({ ...this.current, done: p.done, total: p.total, rate: p.rate, etaMs: p.etaMs }, true);
        } else if (m.type === 'done') {
          settled = true;
          resolvePromise(m.result);
        } else {
          settled = true;
          reject(new ShoeboxError('bad_model', m.message));
        }
      });
      worker.on('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`The re-embedding stopped unexpectedly (exit ${code}).`));
        settled = true;
      });
    });
  }

  private assertIdle(): void {
    if (this.current.state === 'running') throw new ShoeboxError('conflict', 'A model download or switch is running; wait for it or pause it first.');
  }

  private set(s: ModelJobState, throttle = false): void {
    this.current = s;
    const now = Date.now();
    if (throttle && now - this.lastEmit < EMIT_MS) return;
    this.lastEmit = now;
    this.hooks.onState(this.state);
  }
}
