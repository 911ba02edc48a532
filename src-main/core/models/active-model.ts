/** Which model the library uses: named once with --model (or in settings), then remembered. */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import { ClipModel } from './clip-model.js';
import { defaultBatchSize, type Accelerator } from './accelerators.js';
import { checkTowers, readManifest, verifyModelDir } from './install.js';
import type { ModelRecord } from '../store/vectors.js';
import { fail } from '../util/errors.js';

export interface ModelSettings {
  dir: string;
  accelerator?: Accelerator;
  /** ONNX Runtime intra-op threads; unset: defaultThreads() */
  threads?: number;
  /** photos per inference call when indexing; unset: defaultBatchSize(provider) */
  batchSize?: number;
}

export interface ActiveModel {
  model: ClipModel;
  record: ModelRecord;
}

export function modelSettings(ctx: LibraryContext): ModelSettings | undefined {
  return ctx.settings.get<ModelSettings>('model');
}

/** Remembers the model folder (and accelerator) for later commands. */
export function chooseModel(ctx: LibraryContext, dir: string, accelerator?: Accelerator): void {
  const prev = modelSettings(ctx);
  ctx.settings.set('model', { ...prev, dir: resolve(dir), ...(accelerator ? { accelerator } : {}) });
}

export async function loadActiveModel(ctx: LibraryContext, overrides: { accelerator?: Accelerator | undefined } = {}): Promise<ActiveModel> {
  const s = modelSettings(ctx);
  if (!s) {
    throw fail('models.none_chosen');
  }
  // A model installed under <library>/models must be complete and undamaged (its manifest says so).
  await verifyModelDir(s.dir, { libraryDir: ctx.dir });
  // cacheDir: the text tower's optimised graph, saved once (session-cache.ts): launch loads it faster.
  const model = ClipModel.open(s.dir, { accelerator: overrides.accelerator ?? s.accelerator, threads: s.threads, cacheDir: join(ctx.dir, 'cache', 'onnx') });
  try {
    if (!readManifest(s.dir)) await checkOnFirstUse(ctx, model);
  } catch (err) {
    await model.release();
    throw err;
  }
  const dim = await model.dim();
  const record = ctx.vectors.model(model.key, model.folder.name, dim);
  return { model, record };
}

/** Settings key: which model folder (as its files were) has passed checkTowers here. */
const CHECKED = 'modelChecked';

/**
 * A folder named with --model (not imported, so never validated) runs both
 * towers once before its first use, so a model that gives NaN or cannot take
 * a batch is refused in words now, not found out photo by photo later. Done
 * again only when the folder's files change. (Installed models were checked
 * when they were downloaded or imported.)
 */
async function checkOnFirstUse(ctx: LibraryContext, model: ClipModel): Promise<void> {
  const f = model.folder;
  const stamp = (file: string): string => {
    const st = statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  };
  const key = JSON.stringify([f.dir, stamp(f.visionFile), stamp(f.textFile), f.preprocess]);
  if (ctx.settings.get<string>(CHECKED) === key) return;
  await checkTowers(model);
  ctx.settings.set(CHECKED, key);
}

/** Photos per inference call for this library: the setting, else what suits the provider in use. */
export async function batchSizeFor(ctx: LibraryContext, active: ActiveModel): Promise<number> {
  return modelSettings(ctx)?.batchSize ?? defaultBatchSize((await active.model.provider()).provider);
}
