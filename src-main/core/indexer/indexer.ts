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
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LibraryContext } from '../context.js';
import type { ClipModel } from '../models/clip-model.js';
import type { ModelRecord } from '../store/vectors.js';
import type { PhotoRow } from '../store/photos.js';
import { scanFolder } from '../library/scan.js';
import { hashBytes } from '../library/identity.js';
import { readMetadata, type PhotoMetadata } from '../library/metadata.js';
import { decodePhoto, DEFAULT_DECODE, type DecodeOptions } from '../imaging/decode.js';
import { mapOrdered } from '../util/concurrency.js';
import { ProgressMeter, type ProgressListener } from '../util/progress.js';
import { errorMessage } from '../util/errors.js';
import { availableParallelism } from 'node:os';

export interface IndexOptions {
  onProgress?: ProgressListener | undefined;
  signal?: AbortSignal | undefined;
  /** photos per inference call */
  batchSize?: number | undefined;
  decode?: DecodeOptions | undefined;
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
}

export async function indexRoots(
  ctx: LibraryContext,
  active: { model: ClipModel; record: ModelRecord },
  roots: string[],
  opts: IndexOptions = {},
): Promise<IndexSummary> {
  const t0 = performance.now();
  const summary: IndexSummary = {
    files: 0, added: 0, updated: 0, moved: 0, unchanged: 0, removed: 0, errors: 0, offlineRoots: [], cancelled: false, seconds: 0,
  };
  const { model, record } = active;
  const seen = new Set<string>();
  const work: WorkItem[] = [];
  const scanMeter = new ProgressMeter('scan', 0, opts.onProgress);
  const reachableRoots: string[] = [];

  for (const rootArg of roots) {
    const root = resolve(rootArg);
    if (!isDir(root)) {
      // A drive that is not plugged in: keep its photos, marked offline.
      summary.offlineRoots.push(root);
      ctx.photos.setFolderOffline(root, true);
      continue;
    }
    reachableRoots.push(root);
    ctx.photos.setFolderOffline(root, false);
    const known = new Map(ctx.photos.under(root).map((r) => [r.path, r]));
    for (const path of await scanFolder(root)) {
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
  let batch: Prepared[] = [];

  const prepare = async (item: WorkItem): Promise<Prepared> => {
    if (opts.signal?.aborted) return { item, hash: null, error: 'cancelled' };
    let buf: Buffer;
    try {
      buf = await readFile(item.path);
    } catch (err) {
      return { item, hash: null, error: `Could not read the file (${errorMessage(err)}).` };
    }
    const hash = hashBytes(buf);
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
      return { item, hash, meta, error: errorMessage(err) };
    }
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
      vectors = await model.embedImages(pixels, toEmbed.length);
    }
    for (const p of toEmbed) if (p.hash && !ctx.thumbs.has(p.hash)) ctx.thumbs.write(p.hash, p.decoded!.thumbnail);
    const written: number[] = [];
    ctx.db.transaction(() => {
      for (const p of batch) written.push(store(ctx, record, p, toEmbed.indexOf(p) >= 0 ? vectors[toEmbed.indexOf(p)] : undefined, summary));
    })();
    opts.onBatch?.(written);
    meter.advance(batch.length, batch.at(-1)?.item.path);
    batch = [];
  };

  for await (const prepared of mapOrdered(work, inFlight, prepare)) {
    if (opts.signal?.aborted) {
      summary.cancelled = true;
      continue; // drain what is in flight; store nothing more
    }
    batch.push(prepared);
    if (batch.length >= batchSize) await flush();
  }
  if (!summary.cancelled) await flush();

  if (!summary.cancelled) {
    // Photos no longer on disk (and not moved): forget them. Roots that are offline were skipped above.
    for (const root of reachableRoots) {
      for (const row of ctx.photos.under(root)) {
        if (!seen.has(row.path) && !existsSync(row.path)) {
          ctx.photos.remove(row.id);
          summary.removed++;
        }
      }
    }
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/** Writes one prepared photo; returns its id. Runs inside the batch's transaction. */
function store(ctx: LibraryContext, record: ModelRecord, p: Prepared, vector: Float32Array | undefined, summary: IndexSummary): number {
  const { item } = p;
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
    ctx.vectors.clear(id); // content changed: old vectors and fingerprint are stale
    ctx.fingerprints.clear(id);
  }
  if (vector) ctx.vectors.put(id, record.id, vector);
  else if (p.twin && p.twin.id !== id) ctx.vectors.copy(p.twin.id, id); // an identical copy: reuse its vectors
  if (fingerprint) {
    ctx.fingerprints.put(id, fingerprint);
    if (p.twin && p.twin.id !== id) ctx.fingerprints.put(p.twin.id, fingerprint);
  } else if (p.twin && p.twin.id !== id) ctx.fingerprints.copy(p.twin.id, id);
  return id;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
