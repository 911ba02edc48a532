/**
 * What every command starts from: the app on the library (from --library,
 * SHOEBOX_LIBRARY or the OS default), with the model named by --model
 * remembered, and where output goes.
 */
import { openLibrary, closeLibrary, defaultLibraryDir } from '../core/context.js';
import { chooseModel } from '../core/models/active-model.js';
import { readModelFolder } from '../core/models/model-folder.js';
import { ACCELERATORS, isAccelerator } from '../core/domain/models.js';
import { ShoeboxError } from '../core/util/errors.js';
import { ShoeboxApp, type AppOptions } from '../app/shoebox-app.js';
import type { Output } from './output.js';

export interface GlobalFlags {
  json: boolean;
  library?: string | undefined;
  model?: string | undefined;
  accelerator?: string | undefined;
}

export class CliSession {
  readonly app: ShoeboxApp;

  constructor(
    flags: GlobalFlags,
    readonly out: Output,
    opts: AppOptions = {},
  ) {
    if (flags.accelerator !== undefined && !isAccelerator(flags.accelerator)) {
      throw new ShoeboxError('usage', `--accelerator must be one of ${ACCELERATORS.join(', ')}.`);
    }
    const ctx = openLibrary(flags.library ?? defaultLibraryDir());
    try {
      if (flags.model) {
        readModelFolder(flags.model); // fail now, with the folder's problem, rather than later
        chooseModel(ctx, flags.model, flags.accelerator);
      }
    } catch (err) {
      closeLibrary(ctx);
      throw err;
    }
    this.app = new ShoeboxApp(ctx, { ...opts, accelerator: flags.accelerator });
  }

  /**
   * Ctrl-C stops the work gracefully (after the items in flight); a second
   * Ctrl-C quits at once (the journal and the indexer's batches make that safe).
   */
  stopOnSigint(message: string): { signal: AbortSignal; dispose(): void } {
    const controller = new AbortController();
    const onSigint = (): void => {
      this.out.log(message);
      process.off('SIGINT', onSigint);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
  }

  async close(): Promise<void> {
    await this.app.close();
    closeLibrary(this.app.ctx);
  }
}
