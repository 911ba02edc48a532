/**
 * Switching the library to another model. Every photo is embedded with the new
 * model next to its old vectors (the store keeps one vector per photo and
 * model); search and sorting keep using the old model until the new vectors are
 * complete. Then the category descriptions are encoded with the new model, the
 * automatic sorting is recomputed, and the library's model setting changes.
 * Manual assignments are never touched. Stopping (AbortSignal) is a pause: the
 * vectors written so far stay, and calling switchModel again continues.
 */
import { resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import { ClipModel } from './clip-model.js';
import { chooseModel, modelSettings, type ActiveModel } from './active-model.js';
import { defaultBatchSize, type Accelerator } from './accelerators.js';
import { validateModelFolder, verifyModelDir } from './install.js';
import { indexRoots } from '../indexer/indexer.js';
import { encodeTexts } from '../search/text-vectors.js';
import { loadIndex } from '../search/load-index.js';
import { sortLibrary } from '../sorting/sort-library.js';
import type { ProgressListener } from '../util/progress.js';

/** Settings key of a switch in progress, so the app can offer to resume it after a restart. */
export const PENDING_SWITCH = 'modelSwitch';

export interface PendingSwitch {
  dir: string;
  startedAt: string;
}

export interface SwitchOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** after each stored batch, with the photo ids now embedded by the new model */
  onBatch?: ((photoIds: number[]) => void) | undefined;
  accelerator?: Accelerator | undefined;
  threads?: number | undefined;
  batchSize?: number | undefined;
}

export interface SwitchResult {
  state: 'switched' | 'paused';
  /** the model folder in use after the call */
  activeDir: string;
  /** photos with a vector of the new model / photos that need one */
  embedded: number;
  total: number;
  /** photos on folders that are offline now: embedded when they come back */
  offline: number;
  seconds: number;
}

export function pendingSwitch(ctx: LibraryContext): PendingSwitch | undefined {
  return ctx.settings.get<PendingSwitch>(PENDING_SWITCH) ?? undefined;
}

/** How far the library is from having every readable photo embedded with `modelId`. */
export function switchCoverage(ctx: LibraryContext, modelId: number): { embedded: number; total: number } {
  const row = ctx.db
    .prepare(
      `SELECT count(*) AS total, sum(EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ?)) AS embedded
       FROM photos p WHERE p.error IS NULL AND p.offline = 0`,
    )
    .get(modelId) as { total: number; embedded: number | null };
  return { embedded: row.embedded ?? 0, total: row.total };
}

export async function switchModel(ctx: LibraryContext, targetDir: string, opts: SwitchOptions = {}): Promise<SwitchResult> {
  const t0 = performance.now();
  const dir = resolve(targetDir);
  await verifyModelDir(dir, { libraryDir: ctx.dir });
  await validateModelFolder(dir); // a broken model must fail here, before any work
  const settings = modelSettings(ctx);
  const accelerator = opts.accelerator ?? settings?.accelerator;
  const threads = opts.threads ?? settings?.threads;
  const model = ClipModel.open(dir, { accelerator, threads });
  try {
    const record = ctx.vectors.model(model.key, model.folder.name, await model.dim());
    const active: ActiveModel = { model, record };
    ctx.settings.set(PENDING_SWITCH, { dir, startedAt: new Date().toISOString() } satisfies PendingSwitch);

    const roots = ctx.settings.roots();
    const batchSize = opts.batchSize ?? settings?.batchSize ?? defaultBatchSize((await model.provider()).provider);
    const summary = roots.length
      ? await indexRoots(ctx, active, roots, { signal: opts.signal, onProgress: opts.onProgress, onBatch: opts.onBatch, batchSize })
      : { cancelled: false };
    const cover = switchCoverage(ctx, record.id);
    const offline = (ctx.db.prepare('SELECT count(*) AS n FROM photos WHERE offline = 1 AND error IS NULL').get() as { n: number }).n;
    const base = { ...cover, offline };
    if (summary.cancelled || opts.signal?.aborted) {
      return { state: 'paused', activeDir: settings?.dir ?? dir, ...base, seconds: (performance.now() - t0) / 1000 };
    }

    // Complete: category descriptions in the new model's space, then the automatic sorting.
    for (const c of ctx.categories.list()) await encodeTexts(ctx, active, c.prompts);
    if (ctx.categories.list().length > 0) await sortLibrary(ctx, active, loadIndex(ctx, record.id, record.dim));
    chooseModel(ctx, dir);
    ctx.settings.set('model', {
      ...modelSettings(ctx)!,
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    });
    ctx.settings.set(PENDING_SWITCH, null);
    return { state: 'switched', activeDir: dir, ...base, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await model.release();
  }
}
