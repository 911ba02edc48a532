/**
 * Keeps the library in step with the photo folders while Shoebox runs
 * (chokidar). Events are gathered and debounced into passes; each pass runs
 * the incremental indexer over the smallest set of folders that covers the
 * changes, so a burst of a thousand new files is one pass that reads each file
 * once, and unchanged photos are never read again. The indexer does the rest:
 * new photos are added, changed ones re-embedded, vanished ones removed,
 * moved or renamed ones recognised by their bytes (their vectors and manual
 * folder follow), and a folder whose drive is absent is marked offline.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';
import { indexRoots, type IndexSummary } from '../indexer/indexer.js';
import { isInside, isPhotoPath, isSkippedDir } from './scan.js';
import { rootPresence } from './roots.js';
import { errorMessage } from '../util/errors.js';

export interface WatchOptions {
  /** quiet time after the last event before a pass starts */
  debounceMs?: number | undefined;
  /** a long burst still gets a pass this often */
  maxWaitMs?: number | undefined;
  /** how often folders that are offline (or missing) are checked for coming back */
  offlinePollMs?: number | undefined;
  /** index every folder once at start, to catch what changed while Shoebox was closed (default true) */
  catchUp?: boolean | undefined;
  /** chokidar's polling mode, for network shares that send no events */
  usePolling?: boolean | undefined;
  onPass?: ((pass: WatchPass) => void) | undefined;
  onError?: ((err: Error) => void) | undefined;
  /**
   * Runs a pass's indexing instead of indexRoots in this thread (the app hands it
   * to its background indexing job, so the two never index at once). Resolves
   * with the summary, or undefined when the job did not run (paused by the user).
   */
  indexFolders?: ((folders: string[], signal: AbortSignal) => Promise<IndexSummary | undefined>) | undefined;
}

export interface WatchPass {
  folders: string[];
  summary: IndexSummary;
}

export interface LibraryWatcher {
  /** resolves once the folders are watched (and the catch-up pass, if any, is done) */
  ready: Promise<void>;
  /** resolves when no change is waiting and no pass is running */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function watchLibrary(ctx: LibraryContext, active: ActiveModel, opts: WatchOptions = {}): LibraryWatcher {
  const debounceMs = opts.debounceMs ?? 300;
  const maxWaitMs = opts.maxWaitMs ?? 5000;
  const roots = ctx.settings.roots().map((r) => resolve(r));
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstDirtyAt = 0;
  let running: Promise<void> | undefined;
  let closed = false;
  const offline = new Set(roots.filter((r) => !rootPresence(ctx, r).online));
  const libraryDir = resolve(ctx.dir);
  const idleWaiters: (() => void)[] = [];
  const controller = new AbortController();

  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    persistent: true,
    usePolling: opts.usePolling ?? false,
    ignored: (path, stats) => {
      if (roots.includes(path)) return false;
      if (isInside(resolve(path), libraryDir)) return true; // the library's own thumbnails are not photos
      const name = basename(path);
      if (stats?.isFile()) return !isPhotoPath(path);
      return isSkippedDir(name) || name.startsWith('.');
    },
  });

  const mark = (path: string): void => {
    if (closed) return;
    if (dirty.size === 0) firstDirtyAt = Date.now();
    dirty.add(path);
    schedule();
  };
  for (const ev of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) watcher.on(ev, (p: string) => mark(resolve(p)));
  watcher.on('error', (err) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));

  function schedule(): void {
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstDirtyAt + maxWaitMs - Date.now()));
    timer = setTimeout(() => {
      timer = undefined;
      void runPass();
    }, wait);
  }

  async function runPass(): Promise<void> {
    if (running) return; // the running pass re-schedules when it ends
    if (dirty.size === 0) return notifyIdle();
    const paths = [...dirty];
    dirty.clear();
    const folders = coverFolders(paths, roots);
    running = (async () => {
      try {
        if (folders.length) {
          const summary = opts.indexFolders
            ? await opts.indexFolders(folders, controller.signal)
            : await indexRoots(ctx, active, folders, { signal: controller.signal });
          if (summary) for (const f of folders) if (roots.includes(f)) (summary.offlineRoots.includes(f) ? offline.add(f) : offline.delete(f));
          if (summary) opts.onPass?.({ folders, summary });
        }
      } catch (err) {
        opts.onError?.(new Error(`Could not update the library for ${folders.join(', ')}: ${errorMessage(err)}`));
      }
    })();
    await running;
    running = undefined;
    if (dirty.size > 0 && !closed) schedule();
    else notifyIdle();
  }

  function notifyIdle(): void {
    if (dirty.size > 0 || running || timer) return;
    for (const w of idleWaiters.splice(0)) w();
  }

  // A drive that comes back (or goes away) may send no event for its root: look now and then.
  const poll = setInterval(() => {
    for (const r of roots) {
      const there = rootPresence(ctx, r).online;
      if (there === offline.has(r)) {
        if (there) watcher.add(r);
        mark(r);
      }
    }
  }, opts.offlinePollMs ?? 30_000);
  poll.unref();

  const ready = new Promise<void>((res) => watcher.once('ready', () => res())).then(async () => {
    if (opts.catchUp ?? true) {
      for (const r of roots) dirty.add(r);
      if (timer) clearTimeout(timer);
      timer = undefined;
      await runPass();
    }
  });

  return {
    ready,
    idle: () =>
      new Promise<void>((res) => {
        idleWaiters.push(res);
        notifyIdle();
      }),
    async close() {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      controller.abort();
      await running;
      await watcher.close();
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}

/**
 * The fewest folders whose scan covers every changed path: each path's
 * nearest existing folder within its library root (the root itself when the
 * whole drive is gone, so the indexer marks it offline), nested ones dropped.
 */
export function coverFolders(paths: string[], roots: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const root = roots.find((r) => inside(p, r));
    if (!root) continue;
    let cur = p;
    while (cur !== root && !isDir(cur)) cur = dirname(cur);
    out.add(cur);
  }
  const kept: string[] = [];
  for (const f of [...out].sort((a, b) => a.length - b.length)) if (!kept.some((k) => inside(f, k))) kept.push(f);
  return kept;
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
