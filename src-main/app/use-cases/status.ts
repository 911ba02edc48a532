/** The library at a glance: photo folders, photos, unreadable ones, the model and where it runs, what to tell the user once. */
import { modelSettings } from '../../core/models/active-model.js';
import { errorInfo, errorMessage } from '../../core/util/errors.js';
import type { LibraryStatus, Notice } from '../shapes.js';
import type { AppContext } from '../app-context.js';

export class Status {
  /** read once by the user, then dismissed */
  private notices: Notice[] = [];

  constructor(private readonly app: AppContext) {}

  async get(): Promise<LibraryStatus> {
    const { ctx, session } = this.app;
    let counts: { photos: number; errors: number };
    try {
      counts = ctx.photos.count();
    } catch (err) {
      // A damaged database: the status still answers, with the notice that offers a backup.
      if (this.app.backups.explain(err) === err) throw err;
      counts = { photos: 0, errors: 0 };
    }
    const settings = modelSettings(ctx);
    let model: LibraryStatus['model'] = null;
    let modelError: string | null = null;
    let modelErrorInfo: LibraryStatus['modelErrorInfo'] = null;
    let accelerator: string | null = null;
    let skipped: LibraryStatus['acceleratorsSkipped'] = [];
    if (settings) {
      try {
        const active = await session.model();
        model = { dir: active.model.folder.dir, name: active.model.folder.name };
        const choice = await active.model.provider();
        accelerator = choice.provider;
        skipped = choice.skipped;
      } catch (err) {
        model = { dir: settings.dir, name: settings.dir };
        modelError = errorMessage(err);
        modelErrorInfo = errorInfo(err);
      }
    }
    return {
      library: ctx.dir,
      roots: ctx.settings.roots(),
      photos: counts.photos - counts.errors,
      errors: counts.errors,
      model,
      modelError,
      modelErrorInfo,
      accelerator,
      acceleratorsSkipped: skipped,
      indexing: this.app.jobs.indexing.state,
      acceleratorChoice: settings?.accelerator ?? 'auto',
      notices: [...this.notices],
    };
  }

  notify(notice: Notice): void {
    this.notices.push(notice);
  }

  /** Takes back the notices of one kind (what they said is no longer so). */
  dismiss(kind: Notice['kind']): void {
    this.notices = this.notices.filter((n) => n.kind !== kind);
  }

  dismissNotices(): void {
    this.notices = [];
  }
}
