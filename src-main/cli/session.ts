/** What every command starts from: the library (from --library, SHOEBOX_LIBRARY or the OS default) and, on demand, the model. */
import { openLibrary, closeLibrary, defaultLibraryDir, type LibraryContext } from '../core/context.js';
import { chooseModel, loadActiveModel, type ActiveModel } from '../core/models/active-model.js';
import { readModelFolder } from '../core/models/model-folder.js';
import { ACCELERATORS, type Accelerator } from '../core/models/accelerators.js';
import { ShoeboxError } from '../core/util/errors.js';
import type { Output } from './output.js';

export interface GlobalFlags {
  json: boolean;
  library?: string | undefined;
  model?: string | undefined;
  accelerator?: string | undefined;
}

export class CliSession {
  readonly ctx: LibraryContext;
  private active: Promise<ActiveModel> | undefined;
  private readonly accelerator: Accelerator | undefined;

  constructor(
    flags: GlobalFlags,
    readonly out: Output,
  ) {
    if (flags.accelerator !== undefined && !ACCELERATORS.includes(flags.accelerator as Accelerator)) {
      throw new ShoeboxError('usage', `--accelerator must be one of ${ACCELERATORS.join(', ')}.`);
    }
    this.accelerator = flags.accelerator as Accelerator | undefined;
    this.ctx = openLibrary(flags.library ?? defaultLibraryDir());
    if (flags.model) {
      readModelFolder(flags.model); // fail now, with the folder's problem, rather than later
      chooseModel(this.ctx, flags.model, this.accelerator);
    }
  }

  model(): Promise<ActiveModel> {
    return (this.active ??= loadActiveModel(this.ctx, { accelerator: this.accelerator }));
  }

  async close(): Promise<void> {
    if (this.active) await (await this.active.catch(() => undefined))?.model.release();
    closeLibrary(this.ctx);
  }
}
