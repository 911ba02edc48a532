/** shoebox index | status */
import type { Command } from './command.js';
import { indexRoots } from '../../core/indexer/indexer.js';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { ShoeboxError } from '../../core/util/errors.js';
import { loadIndex } from '../../core/search/load-index.js';
import { sortLibrary } from '../../core/sorting/sort-library.js';
import { batchSizeFor, modelSettings } from '../../core/models/active-model.js';
import { positiveInt } from '../args.js';

export const indexCommand: Command = {
  name: 'index',
  summary: 'index [folders…]   add photo folders and index every photo in them (all known folders when none given)',
  options: { 'batch-size': { type: 'string' } },
  async run(s, positionals, values) {
    const { ctx, out } = s;
    for (const p of positionals) {
      if (!existsSync(p)) throw new ShoeboxError('not_found', `No folder at ${resolve(p)}.`);
      ctx.settings.addRoot(resolve(p));
    }
    const roots = ctx.settings.roots();
    if (roots.length === 0) throw new ShoeboxError('usage', 'No photo folders yet: `shoebox index <folder>` adds one.');
    const active = await s.model();
    const controller = new AbortController();
    const onSigint = (): void => {
      out.log('Stopping after the current photos… (Ctrl-C again to quit at once)');
      process.off('SIGINT', onSigint);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const summary = await indexRoots(ctx, active, roots, {
      onProgress: (p) => out.progress(p),
      signal: controller.signal,
      batchSize: positiveInt(values['batch-size'] as string | undefined, 'batch-size', await batchSizeFor(ctx, active)),
    }).finally(() => process.off('SIGINT', onSigint));
    out.endProgress();
    if (!summary.cancelled && ctx.categories.list().length > 0) {
      await sortLibrary(ctx, active, loadIndex(ctx, active.record.id, active.record.dim));
    }
    out.result(summary, () =>
      [
        `${summary.files} photos found in ${roots.length} folder(s) in ${summary.seconds.toFixed(1)} s:`,
        `  ${summary.added} added, ${summary.updated} updated, ${summary.moved} moved, ${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.errors} could not be read`,
        ...summary.offlineRoots.map((r) => `  offline (not found, photos kept): ${r}`),
        ...(summary.errors ? ['  `shoebox status` lists the photos that could not be read.'] : []),
        ...(summary.cancelled ? ['  Stopped early: run the same command again to continue.'] : []),
      ].join('\n'),
    );
  },
};

export const statusCommand: Command = {
  name: 'status',
  summary: 'status             photos, errors, model and accelerator in use',
  options: {},
  async run(s) {
    const { ctx, out } = s;
    const counts = ctx.photos.count();
    const errors = ctx.photos.errors();
    const settings = modelSettings(ctx);
    let model: string | null = null;
    let accelerator: string | null = null;
    let skipped: { provider: string; reason: string }[] = [];
    let modelError: string | null = null;
    if (settings) {
      try {
        const active = await s.model();
        model = active.model.folder.dir;
        const choice = await active.model.provider();
        accelerator = choice.provider;
        skipped = choice.skipped;
      } catch (err) {
        model = settings.dir;
        modelError = (err as Error).message;
      }
    }
    const value = {
      library: ctx.dir,
      roots: ctx.settings.roots(),
      photos: counts.photos - counts.errors,
      errors,
      model,
      accelerator,
      acceleratorsSkipped: skipped,
      modelError,
    };
    out.result(value, () =>
      [
        `Library:     ${ctx.dir}`,
        `Folders:     ${value.roots.join(', ') || '(none yet)'}`,
        `Photos:      ${value.photos}`,
        `Model:       ${model ?? '(none: pass --model <folder>)'}${modelError ? `  ✗ ${modelError}` : ''}`,
        `Accelerator: ${accelerator ?? '-'}${skipped.length ? `  (not used: ${skipped.map((x) => `${x.provider}: ${x.reason}`).join('; ')})` : ''}`,
        `Errors:      ${errors.length}`,
        ...errors.map((e) => `  ${e.path}: ${e.error}`),
      ].join('\n'),
    );
  },
};
