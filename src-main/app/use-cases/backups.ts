/**
 * The library's database: a backup once a day (when the library opens, after
 * its full check; finished before it closes), and putting a backup back when
 * the database was found damaged. A damage found by a query later (a page the
 * daily check has not read yet) becomes the same coded error, and the window
 * gets a notice offering the newest good backup.
 */
import { closeLibrary, reopenLibrary } from '../../core/context.js';
import { backupDue, listBackups, newestGoodBackup, restoreBackup, takeBackup, type BackupInfo, type RestoreResult } from '../../core/store/backup.js';
import { damaged, isDamage } from '../../core/store/database.js';
import { errorMessage, fail } from '../../core/util/errors.js';
import { basename, join } from 'node:path';
import type { AppContext } from '../app-context.js';
import type { Notice } from '../shapes.js';

export type { BackupInfo, RestoreResult };

/** Puts a backup in place of a library's database that is not open (the CLI's `shoebox restore`: the library may not open at all). */
export function restoreLibrary(libDir: string, from?: string): RestoreResult {
  return restoreBackup(libDir, from);
}

/** A library's backups, newest first, without opening it. */
export function libraryBackups(libDir: string): BackupInfo[] {
  return listBackups(libDir);
}

export class Backups {
  private running: Promise<void> | undefined;
  private damageNoticed = false;

  constructor(
    private readonly app: Omit<AppContext, 'backups'> & { status: { notify(n: Notice): void; dismiss(kind: Notice['kind']): void } },
  ) {}

  list(): BackupInfo[] {
    return listBackups(this.app.ctx.dir);
  }

  /** Starts the day's backup if one is due and the library holds anything; close() waits for it. */
  autoBackup(now = Date.now()): void {
    const { ctx } = this.app;
    if (this.running || !backupDue(ctx.dir, now)) return;
    if (ctx.photos.count().photos === 0 && ctx.settings.roots().length === 0) return; // nothing to lose yet
    this.running = takeBackup(ctx.db, ctx.dir, now)
      .then(() => undefined)
      .catch((err: unknown) => {
        // A backup that fails must not fail the work; the next open tries again.
        if (process.env.SHOEBOX_DEBUG) console.error(`backup failed: ${errorMessage(err)}`);
      });
  }

  /** Waits for a backup in progress (before the library closes). */
  async settle(): Promise<void> {
    await this.running;
    this.running = undefined;
  }

  /**
   * An error as the user should see it: SQLite's "database disk image is
   * malformed" becomes the coded damage error naming the backup to restore,
   * and the window is told once, with the offer.
   */
  explain(err: unknown): unknown {
    if (!isDamage(err)) return err;
    const file = join(this.app.ctx.dir, 'shoebox.sqlite');
    const coded = damaged(file, errorMessage(err));
    if (!this.damageNoticed) {
      this.damageNoticed = true;
      const backup = newestGoodBackup(this.app.ctx.dir);
      this.app.status.notify({
        kind: 'database-damaged',
        detail: errorMessage(err),
        backup: backup ? { file: backup.file, takenAt: backup.takenAt } : null,
        text: coded.message,
      });
    }
    return coded;
  }

  /**
   * Puts the newest good backup (or `from`) in place of the open library's
   * database and opens it again. The file it replaces is kept beside it.
   * Refused while indexing, an apply or a model job runs.
   */
  async restore(from?: string): Promise<RestoreResult> {
    const { jobs, ctx } = this.app;
    const busy = jobs.indexing.running ? 'indexing' : jobs.organize.busy ? 'writing folders to disk' : jobs.models.busyWith() !== null ? 'a model download or switch' : null;
    if (busy) throw fail('store.restore_busy', { job: busy });
    // Only one of this library's own backups (by name or path): the window never points the library at any other file.
    let file: string | undefined;
    if (from !== undefined) {
      file = this.list().find((b) => b.file === from || basename(b.file) === from)?.file;
      if (!file) throw fail('store.no_such_backup', { file: from });
    }
    await this.settle();
    await this.app.session.close(); // the model and the index were read from the old file
    closeLibrary(ctx);
    let result: RestoreResult;
    try {
      result = restoreLibrary(ctx.dir, file);
    } finally {
      reopenLibrary(ctx); // the restored file, or the old one if nothing was restored
    }
    this.damageNoticed = false;
    this.app.status.dismiss('database-damaged');
    this.app.status.notify({
      kind: 'database-restored',
      backup: { file: result.restored.file, takenAt: result.restored.takenAt },
      previous: result.previous,
      text: `The library was restored from the backup of ${result.restored.takenAt.slice(0, 16).replace('T', ' ')} UTC.` +
        (result.previous ? ` The file it replaced is kept as ${result.previous}.` : ''),
    });
    this.app.folders.notify();
    this.app.events.emit('status.changed', {});
    return result;
  }
}
