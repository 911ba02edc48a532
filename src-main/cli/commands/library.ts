/** shoebox index | status */
import type { Command } from './command.js';
import { positiveInt } from '../args.js';

export const indexCommand: Command = {
  name: 'index',
  summary: 'index [folders…]   add photo folders and index every photo in them (all known folders when none given)',
  options: { 'batch-size': { type: 'string' } },
  async run(s, positionals, values) {
    const { app, out } = s;
    for (const p of positionals) app.photoFolders.add(p);
    const batchSize = values['batch-size'] === undefined ? undefined : positiveInt(String(values['batch-size']), 'batch-size', 1);
    const stop = s.stopOnSigint('Stopping after the current photos… (Ctrl-C again to quit at once)');
    const summary = await app.indexing.runHere({ signal: stop.signal, onProgress: (p) => out.progress(p), batchSize }).finally(stop.dispose);
    out.endProgress();
    const roots = app.photoFolders.list();
    out.result(summary, () =>
      [
        `${summary.files} photos found in ${roots.length} folder(s) in ${summary.seconds.toFixed(1)} s:`,
        `  ${summary.added} added, ${summary.updated} updated, ${summary.moved} moved, ${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.errors} could not be read`,
        ...summary.offlineRoots.map((r) => `  offline (missing, unplugged or empty; its photos are kept): ${r}`),
        ...(summary.errors ? ['  `shoebox status` lists the photos that could not be read.'] : []),
        ...(summary.cancelled ? ['  Stopped early: run the same command again to continue.'] : []),
      ],
    );
  },
};

export const statusCommand: Command = {
  name: 'status',
  summary: 'status             photos, errors, model and accelerator in use',
  options: {},
  async run(s) {
    const { app, out } = s;
    const st = await app.status.get();
    const errors = app.photos.unreadable().map(({ path, error }) => ({ path, error }));
    const value = {
      library: st.library,
      roots: st.roots,
      photos: st.photos,
      errors,
      model: st.model?.dir ?? null,
      accelerator: st.accelerator,
      acceleratorsSkipped: st.acceleratorsSkipped,
      modelError: st.modelError,
    };
    out.result(value, () =>
      [
        `Library:     ${value.library}`,
        `Folders:     ${value.roots.join(', ') || '(none yet)'}`,
        `Photos:      ${value.photos}`,
        `Model:       ${value.model ?? '(none: pass --model <folder>)'}${value.modelError ? `  ✗ ${value.modelError}` : ''}`,
        `Accelerator: ${value.accelerator ?? '-'}${value.acceleratorsSkipped.length ? `  (not used: ${value.acceleratorsSkipped.map((x) => `${x.provider}: ${x.reason}`).join('; ')})` : ''}`,
        `Errors:      ${errors.length}`,
        ...errors.map((e) => `  ${e.path}: ${e.error}`),
      ],
    );
  },
};
