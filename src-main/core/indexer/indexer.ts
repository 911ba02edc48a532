/**
 * The indexing pipeline: scan → identify → decode → embed → store.
 *
 * Incremental: a file whose size and mtime are unchanged and that already has
 * a vector for the active model is not read again. A file at a new path whose
 * bytes (sha256) match a photo whose old path is gone was moved or renamed: its
 * row, vectors and manual category follow it. Each batch of photos is written
 * in one transaction (photo rows and vectors together), so an interrupted run
 * resumes where it stopped, without duplicates. Broken photos are recorded
 * with their error and skipped; nothing under the user's folders is modified.
 *
 * A photo folder that is not there (an unplugged drive, its empty mount
 * point, or a folder suddenly without any photo) is offline: its photos are
 * kept. The library folder is never scanned, each real file is indexed once
 * (links and loops), and no file over MAX_PHOTO_BYTES is read. When a batch
 * cannot be embedded or stored, indexing stops with a coded error after the
 * work in flight has ended; what was stored before stays.
 */
import { stat } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import type { ClipModel } from '../models/clip-model.js';
import type { ModelRecord } from '../store/vectors.js';
import type { PhotoRow } from '../store/photos.js';
import { isInside, scanFolder } from '../library/scan.js';
import { MAX_PHOTO_BYTES, readHashed, tooLarge } from '../library/identity.js';
import { rootPresence } from '../library/roots.js';
import { readMetadata, type PhotoMetadata } from '../library/metadata.js';
import { decodePhoto, DEFAULT_DECODE, type DecodeOptions } from '../imaging/decode.js';
import { ByteBudget, mapOrdered } from '../util/concurrency.js';
import { ProgressMeter, type ProgressListener } from '../util/progress.js';
import { ShoeboxError, errorMessage, fail } from '../util/errors.js';
import { locatePhotos } from './places.js';
import { availableParallelism } from 'node:os';

export interface IndexOptions {
  onProgress?: ProgressListener | undefined;
  signal?: AbortSignal | undefined;
  /** photos per inference call */
  batchSize?: number | undefined;
  decode?: DecodeOptions | undefined;
  /** files larger than this are refused unread (default MAX_PHOTO_BYTES) */
  maxPhotoBytes?: number | undefined;
  /** called after each batch is stored, with the ids written (the app shows them at once) */
  onBatch?: ((photoIds: number[]) => void) | undefined;
}

export interface IndexSummary {
  files: number;
  added: number;
  updated: number;
  moved: number;
  unchanged: number;
  removed: number;
  errors: number;
  offlineRoots: string[];
  cancelled: boolean;
  seconds: number;
  /** new or changed files this run stored (or recorded as unreadable): the progress bar's last "done", even when throttled */
  read: number;
}

interface WorkItem {
  path: string;
  size: number;
  mtimeMs: number;
  existing: PhotoRow | undefined;
}

/** A photo ready to store: decoded and preprocessed, or failed with a reason. */
interface Prepared {
  item: WorkItem;
  hash: string | null;
  meta?: PhotoMetadata;
  decoded?: Awaited<ReturnType<typeof decodePhoto>>;
  /** an existing row with the same bytes whose vector we can reuse */
  twin?: PhotoRow;
  /** decoded only for its fingerprint: the twin's vector is reused */
  pixelsOnly?: boolean;
  error?: string;
  /** deleted since the scan: not a photo any more */
  gone?: boolean;
}

/** Bytes of photo files held in memory at once, across the photos in flight. */
const READ_BUDGET = 256 * 1024 * 1024;

export async function indexRoots(
  ctx: LibraryContext,
  active: { model: ClipModel; record: ModelRecord },
  roots: string[],
  opts: IndexOptions = {},
): Promise<IndexSummary> {
  const t0 = performance.now();
  const summary: IndexSummary = {
    files: 0, added: 0, updated: 0, moved: 0, unchanged: 0, removed: 0, errors: 0, offlineRoots: [], cancelled: false, seconds: 0, read: 0,
  };
  const { model, record } = active;
  const seen = new Set<string>();
  const work: WorkItem[] = [];
  const scanMeter = new ProgressMeter('scan', 0, opts.onProgress);
  const reachableRoots: string[] = [];
  /** device:inode of each file taken, so a file with two names (links) is indexed once */
  const files = new Set<string>();
  const libraryRoots = ctx.settings.roots();
  const scanOpts = { exclude: [ctx.dir], roots: libraryRoots };
  const offline = (root: string): void => {
    // A drive that is not plugged in: keep its photos, marked offline.
    summary.offlineRoots.push(root);
    ctx.photos.setFolderOffline(root, true);
  };

  for (const rootArg of roots) {
    const root = resolve(rootArg);
    const presence = rootPresence(ctx, root);
    if (!presence.online) {
      offline(root);
      continue;
    }
    const known = new Map(ctx.photos.under(root).map((r) => [r.path, r]));
    const paths = await scanFolder(root, scanOpts);
    if (paths.length === 0 && known.size > 0 && libraryRoots.includes(root)) {
      // Not one photo where the library had some: a drive's empty mount point far more often than a folder
      // emptied on purpose. Removing the photo folder is how the user forgets them.
      offline(root);
      continue;
    }
    reachableRoots.push(root);
    ctx.photos.setFolderOffline(root, false);
    ctx.settings.setRootDevice(root, presence.device);
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      summary.files++;
      let st;
      try {
        st = await stat(path);
      } catch {
        continue; // vanished or unreadable between listing and stat
      }
      if (!st.isFile()) continue; // a pipe or device named like a photo: reading it could block forever
      const file = `${st.dev}:${st.ino}`;
      if (st.ino !== 0 && files.has(file)) continue; // another name (a link) of a file taken already
      files.add(file);
      const existing = known.get(path);
      const same = existing && existing.size === st.size && existing.mtime_ms === st.mtimeMs;
      // Photos indexed before migration 006 have no fingerprint: the next run decodes them once more (no re-embedding).
      if (same && (existing.error !== null || (ctx.vectors.has(existing.id, record.id) && ctx.fingerprints.has(existing.id)))) {
        summary.unchanged++;
      } else {
        work.push({ path, size: st.size, mtimeMs: st.mtimeMs, existing });
      }
      scanMeter.advance(1, path);
    }
  }

  const meter = new ProgressMeter('index', work.length, opts.onProgress);
  meter.emit();
  const batchSize = opts.batchSize ?? 16;
  const decodeOpts = opts.decode ?? DEFAULT_DECODE;
  const spec = model.folder.preprocess;
  const inFlight = Math.max(2, batchSize + availableParallelism());
  const maxBytes = opts.maxPhotoBytes ?? MAX_PHOTO_BYTES;
  const budget = new ByteBudget(READ_BUDGET);
  /** set when a batch failed: the photos still in flight stop at once */
  let halted = false;
  let handled = 0;
  let batch: Prepared[] = [];

  const prepare = async (item: WorkItem): Promise<Prepared> => {
    if (opts.signal?.aborted || halted) return { item, hash: null, error: 'cancelled' };
    // Refused before a byte is read: a file this large is no photo (or would fill the memory).
    if (item.size > maxBytes) return { item, hash: null, error: tooLarge(item.size, maxBytes).message };
    return budget.run(item.size, async () => {
      if (opts.signal?.aborted || halted) return { item, hash: null, error: 'cancelled' };
      let hash: string;
      let buf: Buffer;
      try {
        ({ hash, bytes: buf } = await readHashed(item.path, maxBytes));
      } catch (err) {
        if (isGone(err)) return { item, hash: null, gone: true };
        if (err instanceof ShoeboxError) return { item, hash: null, error: err.message };
        return { item, hash: null, error: fail('index.file_unreadable', { detail: errorMessage(err) }).message };
      }
      if (halted) return { item, hash: null, error: 'cancelled' };
      const twin = ctx.photos.byHash(hash).find((r) => r.path !== item.path && r.error === null && ctx.vectors.has(r.id, record.id));
      const meta = await readMetadata(buf);
      const reuse = twin && item.existing?.hash !== hash ? twin
        : item.existing && item.existing.hash === hash && ctx.vectors.has(item.existing.id, record.id) ? item.existing // touched, not changed
        : undefined;
      if (reuse) {
        if (ctx.fingerprints.has(reuse.id)) return { item, hash, meta, twin: reuse };
        // Indexed before fingerprints existed: decode for the fingerprint, keep the vector.
        try {
          return { item, hash, meta, twin: reuse, pixelsOnly: true, decoded: await decodePhoto(buf, spec, decodeOpts) };
        } catch {
          return { item, hash, meta, twin: reuse }; // it decoded before; a fingerprint is not worth an error
        }
      }
      try {
        const decoded = await decodePhoto(buf, spec, decodeOpts);
        return { item, hash, meta, decoded };
      } catch (err) {
        // Stored as English text; coded (the window finds the code again and words it in the user's language).
        return { item, hash, meta, error: err instanceof ShoeboxError ? err.message : fail('imaging.undecodable', { detail: errorMessage(err) }).message };
      }
    });
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const toEmbed = batch.filter((p) => p.decoded && !p.pixelsOnly);
    let vectors: Float32Array[] = [];
    if (toEmbed.length) {
      const { width, height } = spec;
      const per = 3 * width * height;
      const pixels = new Float32Array(per * toEmbed.length);
      toEmbed.forEach((p, i) => pixels.set(p.decoded!.pixels, i * per));
      try {
        vectors = await model.embedImages(pixels, toEmbed.length);
      } catch (err) {
        throw err instanceof ShoeboxError ? err : fail('index.model_failed', { detail: errorMessage(err).trim().replace(/\.$/, '') });
      }
    }
    const written: number[] = [];
    try {
      for (const p of toEmbed) if (p.hash && !ctx.thumbs.has(p.hash)) ctx.thumbs.write(p.hash, p.decoded!.thumbnail);
      ctx.db.transaction(() => {
        for (const p of batch) {
          const id = store(ctx, record, p, toEmbed.indexOf(p) >= 0 ? vectors[toEmbed.indexOf(p)] : undefined, summary);
          if (id !== undefined) written.push(id);
        }
      })();
    } catch (err) {
      throw writeError(err, ctx.dir, work.length - handled);
    }
    opts.onBatch?.(written);
    handled += batch.length;
    summary.read = handled;
    meter.advance(batch.length, batch.at(-1)?.item.path);
    batch = [];
  };

  const flushOrHalt = async (): Promise<void> => {
    try {
      await flush();
    } catch (err) {
      halted = true; // the photos in flight stop; mapOrdered waits for them before this error leaves
      throw err;
    }
  };
  for await (const prepared of mapOrdered(work, inFlight, prepare)) {
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      continue; // drain what is in flight; store nothing more
    }
    batch.push(prepared);
    if (batch.length >= batchSize) await flushOrHalt();
  }
  if (!summary.cancelled) await flushOrHalt();

  if (!summary.cancelled) {
    // Photos no longer on disk (and not moved): forget them. Roots that are offline were skipped above.
    for (const root of reachableRoots) {
      for (const row of ctx.photos.under(root)) {
        if (!seen.has(row.path) && (!existsSync(row.path) || notScanned(row.path, ctx.dir, files))) {
          ctx.photos.remove(row.id);
          summary.removed++;
        }
      }
    }
  }
  // Where each photo with GPS was taken (those stored now, and those indexed before migration 008).
  try {
    await locatePhotos(ctx);
  } catch (err) {
    throw writeError(err, ctx.dir, 0);
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/** Writes one prepared photo; returns its id (none for a file deleted since the scan). Runs inside the batch's transaction. */
function store(ctx: LibraryContext, record: ModelRecord, p: Prepared, vector: Float32Array | undefined, summary: IndexSummary): number | undefined {
  const { item } = p;
  if (p.gone) {
    // Deleted while the run was going: gone, not unreadable.
    if (item.existing) {
      ctx.photos.remove(item.existing.id);
      summary.removed++;
    }
    return undefined;
  }
  const meta = p.meta;
  const facts = {
    path: item.path,
    size: item.size,
    mtimeMs: item.mtimeMs,
    hash: p.hash,
    ...(meta ?? {}),
  };

  const fingerprint = p.decoded ? { grey: p.decoded.grey, sharpness: p.decoded.sharpness, format: p.decoded.format } : undefined;

  // Moved or renamed: the same bytes were known at a path that is gone now.
  if (p.twin && !item.existing && p.twin.path !== item.path && !existsSync(p.twin.path)) {
    ctx.photos.move(p.twin.id, item.path, item.mtimeMs);
    if (fingerprint) ctx.fingerprints.put(p.twin.id, fingerprint);
    summary.moved++;
    return p.twin.id;
  }
  // Only the fingerprint was missing (indexed before it existed): nothing else changed.
  if (p.pixelsOnly && item.existing && p.twin === item.existing && item.existing.size === item.size && item.existing.mtime_ms === item.mtimeMs) {
    ctx.fingerprints.put(item.existing.id, fingerprint!);
    summary.unchanged++;
    return item.existing.id;
  }

  if (p.error) summary.errors++;
  else if (item.existing) summary.updated++;
  else summary.added++;

  const id = ctx.photos.upsert({
    ...facts,
    width: p.decoded?.width ?? p.twin?.width ?? null,
    height: p.decoded?.height ?? p.twin?.height ?? null,
    error: p.error ?? null,
  });
  if (item.existing && item.existing.hash !== p.hash) {
    ctx.vectors.clear(id); // content changed: old vectors, fingerprint and place are stale
    ctx.fingerprints.clear(id);
    ctx.places.clear(id);
  }
  if (!item.existing && p.hash) ctx.categories.restoreCorrections(id, p.hash); // back after its photo folder was removed
  if (vector) ctx.vectors.put(id, record.id, vector);
  else if (p.twin && p.twin.id !== id) ctx.vectors.copy(p.twin.id, id); // an identical copy: reuse its vectors
  if (fingerprint) {
    ctx.fingerprints.put(id, fingerprint);
    if (p.twin && p.twin.id !== id) ctx.fingerprints.put(p.twin.id, fingerprint);
  } else if (p.twin && p.twin.id !== id) ctx.fingerprints.copy(p.twin.id, id);
  return id;
}

/**
 * A photo the library knows that the scan passed over on purpose: inside the
 * library folder, or another name (a link, a loop) of a file indexed under its
 * own name in this run.
 */
function notScanned(path: string, libraryDir: string, files: Set<string>): boolean {
  if (isInside(path, libraryDir)) return true;
  try {
    const st = statSync(path);
    return st.ino !== 0 && files.has(`${st.dev}:${st.ino}`);
  } catch {
    return false;
  }
}

function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Thumbnails and rows that could not be written, as a coded error: a full disk says how much to free. */
function writeError(err: unknown, dir: string, remaining: number): Error {
  if (err instanceof ShoeboxError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') {
    // A thumbnail, a vector and its codes, and the journal's copy of them: ~64 KB a photo, and room to finish the journal.
    const mb = Math.ceil((Math.max(remaining, 1) * 64 * 1024) / 2 ** 20) + 50;
    return fail('index.disk_full', { mb, dir });
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))) {
    return fail('library.read_only', { dir });
  }
  return fail('index.write_failed', { dir, detail: errorMessage(err).trim().replace(/\.$/, '') });
}
