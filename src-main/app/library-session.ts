/**
 * One open library and what is loaded for it: the model (on first need) and
 * the in-memory vector index that search and sorting read. The CLI and the
 * window each hold one; nothing else loads a model or an index.
 */
import type { LibraryContext } from '../core/context.js';
import { loadActiveModel, type ActiveModel } from '../core/models/active-model.js';
import type { Accelerator } from '../core/domain/models.js';
import { Searcher } from '../core/search/search.js';
import { loadModelAndIndex } from '../core/search/load-index.js';
import type { VectorIndex } from '../core/search/vector-index.js';
import { ShoeboxError, errorMessage } from '../core/util/errors.js';

export class LibrarySession {
  private active: Promise<ActiveModel> | undefined;
  private searching: Searcher | undefined;

  constructor(
    readonly ctx: LibraryContext,
    /** where the model runs for this session only (the CLI's --accelerator); else the library's setting */
    private readonly accelerator?: Accelerator | undefined,
  ) {}

  model(): Promise<ActiveModel> {
    if (!this.active) {
      const loading = loadActiveModel(this.ctx, this.accelerator ? { accelerator: this.accelerator } : {});
      this.active = loading;
      loading.catch(() => {
        if (this.active === loading) this.active = undefined; // try again next time
      });
    }
    return this.active;
  }

  /** The searcher; the first one loads the model and the vector index side by side (load-index.ts). */
  async searcher(): Promise<Searcher> {
    if (this.searching) return this.searching;
    const { active, index } = await loadModelAndIndex(this.ctx, () => this.model());
    if (this.searching) {
      index.close(); // a concurrent first search got there first
      return this.searching;
    }
    return (this.searching = new Searcher(this.ctx, active, index));
  }

  async index(): Promise<VectorIndex> {
    return (await this.searcher()).vectors();
  }

  /** The index if it is loaded, without loading it. */
  loadedIndex(): VectorIndex | undefined {
    return this.searching?.vectors();
  }

  /** Reads the index again (photos moved or removed underneath), if it is loaded. */
  refreshIndex(): void {
    this.searching?.vectors(true);
  }

  /** Drops the loaded model and index and loads the model the settings name now. */
  async reloadModel(): Promise<void> {
    const old = await this.active?.catch(() => undefined);
    this.active = undefined;
    this.searching = undefined;
    try {
      await this.model();
    } catch (err) {
      // A coded error keeps its code; anything else from loading a model means the model is bad.
      throw err instanceof ShoeboxError ? err : new ShoeboxError('bad_model', errorMessage(err));
    } finally {
      await old?.model.release().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const active = await this.active?.catch(() => undefined);
    this.active = undefined;
    this.searching = undefined;
    await active?.model.release().catch(() => undefined);
  }
}
