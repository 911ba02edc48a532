/**
 * Models installed in a library: `<library>/models/<id>/`, each with a
 * `.shoebox-complete.json` manifest (sizes and sha256 of every file) written
 * last. A model is assembled in `<library>/models/.staging-<id>/`, validated by
 * actually running both towers, and only then renamed into place, so a folder
 * under models/ is either complete or absent. A folder without a manifest, or
 * whose files no longer match it, is reported as incomplete and never loaded.
 */
import { forgetCachedSessions } from './session-cache.js';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readModelFolder, type ModelFolder } from './model-folder.js';
import { ClipModel } from './clip-model.js';
import type { CatalogEntry } from './catalog.js';
import { ByteMeter, downloadFile, ioError, type RetryInfo } from './download.js';
import { ShoeboxError, errorMessage, fail } from '../util/errors.js';
import { toModelTensor } from '../imaging/tensor.js';
import { isModelId, licenceAccepted } from '../domain/models.js';

export const MANIFEST = '.shoebox-complete.json';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  version: 1;
  id: string;
  name: string;
  source: { kind: 'catalog'; repo: string; revision: string; pinned: boolean } | { kind: 'import'; folder: string };
  layout: ModelFolder['layout'];
  dim: number;
  files: ManifestFile[];
  completedAt: string;
}

export interface InstalledModel {
  id: string;
  dir: string;
  manifest: Manifest;
}

/** Download progress for the CLI's bar and the app's: bytes over all files of the model. */
export interface ModelDownloadProgress {
  id: string;
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  /** null while some file's size is unknown */
  bytesTotal: number | null;
  /** bytes per second, smoothed */
  rate: number;
  etaMs: number | null;
}

export function modelsDir(libraryDir: string): string {
  return join(libraryDir, 'models');
}

export function installedDir(libraryDir: string, id: string): string {
  return join(modelsDir(libraryDir), id);
}

function stagingDir(libraryDir: string, id: string): string {
  return join(modelsDir(libraryDir), `.staging-${id}`);
}

// ---------------------------------------------------------------- validation

export interface ValidatedModel {
  folder: ModelFolder;
  dim: number;
}

/**
 * Checks that a folder holds a usable CLIP-family model: the files the loader
 * needs, ONNX graphs that load, a vision input shaped like an image batch that
 * agrees with the preprocessing, integer text inputs, and both towers giving
 * embeddings of the same size. Each failure says which of these went wrong.
 */
export async function validateModelFolder(dir: string): Promise<ValidatedModel> {
  const folder = readModelFolder(dir);
  const vision = await loadForCheck(dir, folder.visionFile, 'vision');
  const text = await loadForCheck(dir, folder.textFile, 'text');
  try {
    const vin = vision.inputMetadata[0];
    if (!vin || !vin.isTensor || !vin.type.startsWith('float') || vin.shape.length !== 4) {
      const file = rel(dir, folder.visionFile);
      throw vin && vin.isTensor
        ? fail('models.vision_input_wrong', { file, got: `${vin.type} [${vin.shape.join(', ')}]` })
        : fail('models.vision_input_missing', { file });
    }
    const [, c, h, w] = vin.shape;
    const { width, height } = folder.preprocess;
    if ((typeof c === 'number' && c !== 3) || (typeof h === 'number' && h !== height) || (typeof w === 'number' && w !== width)) {
      throw fail('models.vision_size_mismatch', { file: rel(dir, folder.visionFile), shape: vin.shape.slice(1).join(', '), height, width });
    }
    for (const tin of text.inputMetadata) {
      if (!tin.isTensor || !/int/.test(tin.type)) {
        const file = rel(dir, folder.textFile);
        throw tin.isTensor
          ? fail('models.text_input_wrong', { file, input: tin.name, got: tin.type })
          : fail('models.text_input_not_tensor', { file, input: tin.name });
      }
    }
  } finally {
    await vision.release();
    await text.release();
  }
  const model = ClipModel.open(dir, { accelerator: 'cpu', threads: 1 });
  try {
    return { folder, dim: await checkTowers(model) };
  } finally {
    await model.release();
  }
}

/**
 * Runs both towers once, as indexing and search will: two synthetic photos
 * through the model's own preprocessing, two texts through its tokenizer. Proves
 * the graphs execute with a batch of two (a tower fixed to one photo per call
 * is run one at a time), and refuses outputs that are not one finite embedding
 * per input, of the same size from both towers. Returns that size.
 */
export async function checkTowers(model: ClipModel): Promise<number> {
  const { folder } = model;
  const visionFile = rel(folder.dir, folder.visionFile);
  const textFile = rel(folder.dir, folder.textFile);
  const config = folder.layout === 'immich' ? 'visual/preprocess_cfg.json' : 'preprocessor_config.json';
  const spec = folder.preprocess;
  const per = 3 * spec.width * spec.height;
  const pixels = new Float32Array(2 * per);
  for (const [i, photo] of syntheticPhotos().entries()) {
    pixels.set(await toModelTensor(photo.data, photo.width, photo.height, 3, spec), i * per);
  }
  const images = await model.embedImages(pixels, 2).catch((err: unknown) => {
    throw err instanceof ShoeboxError ? err : fail('models.vision_test_failed', { file: visionFile, detail: firstLine(errorMessage(err)) });
  });
  const texts = await model.embedTexts(['a photo', 'a photo of a dog on the grass']).catch((err: unknown) => {
    throw err instanceof ShoeboxError ? err : fail('models.text_test_failed', { file: textFile, detail: firstLine(errorMessage(err)) });
  });
  if (!images.every((v) => v.every(Number.isFinite))) throw fail('models.not_finite', { file: visionFile, config });
  if (!texts.every((v) => v.every(Number.isFinite))) throw fail('models.not_finite', { file: textFile, config });
  const image = images[0]!.length;
  const text = texts[0]!.length;
  if (image !== text) throw fail('models.dim_mismatch', { image, text, imageFile: visionFile, textFile });
  return image;
}

/** Two small photos unlike each other (a colour gradient and its inverse), raw RGB. */
function syntheticPhotos(): { data: Buffer; width: number; height: number }[] {
  const width = 97;
  const height = 61;
  const a = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      a[i] = Math.round((255 * x) / (width - 1));
      a[i + 1] = Math.round((255 * y) / (height - 1));
      a[i + 2] = (x * 7 + y * 13) % 256;
    }
  }
  const b = Buffer.from(a.map((v) => 255 - v));
  return [
    { data: a, width, height },
    { data: b, width, height },
  ];
}

async function loadForCheck(dir: string, file: string, tower: 'vision' | 'text'): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(file, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
  } catch (err) {
    throw fail(tower === 'vision' ? 'models.vision_tower_unloadable' : 'models.text_tower_unloadable', {
      file: rel(dir, file), // relative: both of Immich's towers are model.onnx
      detail: firstLine(errorMessage(err)),
    });
  }
}

// ---------------------------------------------------------------- manifest

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else if (e.isFile() && e.name !== MANIFEST && !e.name.endsWith('.part')) out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

async function writeManifest(dir: string, m: Omit<Manifest, 'files' | 'completedAt' | 'version'>, known?: Map<string, ManifestFile>): Promise<Manifest> {
  const files: ManifestFile[] = [];
  for (const path of listFiles(dir)) {
    const k = known?.get(path);
    files.push(k ?? { path, size: statSync(join(dir, path)).size, sha256: await sha256File(join(dir, path)) });
  }
  const manifest: Manifest = { version: 1, ...m, files, completedAt: new Date().toISOString() };
  await writeFile(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export function readManifest(dir: string): Manifest | undefined {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return m && m.version === 1 && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Throws a clear error when an installed model is incomplete or damaged. Sizes
 * are always checked (cheap); `deep` also re-hashes every file. A folder outside
 * `<library>/models/` without a manifest is the user's own folder: not checked.
 */
export async function verifyModelDir(dir: string, opts: { deep?: boolean; libraryDir?: string } = {}): Promise<void> {
  const abs = resolve(dir);
  const managed = opts.libraryDir !== undefined && abs.startsWith(resolve(modelsDir(opts.libraryDir)) + sep);
  const manifest = readManifest(abs);
  const id = basename(abs);
  if (!manifest) {
    if (!managed) return;
    throw fail('models.incomplete', { dir: abs, id });
  }
  for (const f of manifest.files) {
    const p = join(abs, f.path);
    const size = existsSync(p) ? statSync(p).size : -1;
    if (size !== f.size) {
      throw size < 0
        ? fail('models.damaged_missing', { id: manifest.id, file: f.path })
        : fail('models.damaged_size', { id: manifest.id, file: f.path, size, expected: f.size });
    }
    if (opts.deep && (await sha256File(p)) !== f.sha256) {
      throw fail('models.damaged_checksum', { id: manifest.id, file: f.path });
    }
  }
}

// ---------------------------------------------------------------- install / import / remove

/** Moves a finished staging folder to models/<id>, replacing an older copy only once the new one is in place. */
async function commit(libraryDir: string, staging: string, id: string): Promise<string> {
  const dest = installedDir(libraryDir, id);
  const old = join(modelsDir(libraryDir), `.old-${id}-${Date.now()}`);
  const hadOld = existsSync(dest);
  try {
    if (hadOld) await rename(dest, old);
    await rename(staging, dest);
  } catch (err) {
    if (hadOld && !existsSync(dest) && existsSync(old)) await rename(old, dest).catch(() => undefined);
    throw ioError(dest, err);
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
  return dest;
}

export interface DownloadModelOptions {
  libraryDir: string;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ModelDownloadProgress) => void) | undefined;
  /** a file's download failed and is tried again (downloadFile's onRetry) */
  onRetry?: ((r: RetryInfo) => void) | undefined;
  /** required for catalog entries with requiresLicenceAcceptance */
  acceptLicence?: boolean | undefined;
  /** test and slow-network knobs, passed to each file's download */
  retries?: number | undefined;
  backoffMs?: number | undefined;
  idleTimeoutMs?: number | undefined;
}

/**
 * Downloads a catalog model into the library. Interrupted downloads leave
 * `.part` files in the staging folder and resume on the next call; nothing
 * appears under models/<id> until every file is checked and the model runs.
 */
export async function downloadModel(entry: CatalogEntry, opts: DownloadModelOptions): Promise<InstalledModel> {
  if (!licenceAccepted(entry, opts.acceptLicence ?? false)) {
    // The licence's summary and address are shown before asking (window dialog, CLI); the error only names it.
    const params = { name: entry.name, licence: entry.licence.name };
    throw fail(entry.licence.commercialUse ? 'models.licence_required' : 'models.licence_required_noncommercial', params);
  }
  const staging = stagingDir(opts.libraryDir, entry.id);
  try {
    await mkdir(staging, { recursive: true });
  } catch (err) {
    throw ioError(staging, err);
  }
  const sizes = entry.files.map((f) => f.size ?? f.approxBytes ?? null);
  const total = sizes.every((s) => s !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
  const meter = new ByteMeter();
  const known = new Map<string, ManifestFile>();
  let before = 0;
  for (const [i, f] of entry.files.entries()) {
    const dest = join(staging, ...f.path.split('/'));
    // A file finished by an earlier, interrupted run (downloadFile renames only after its checks) is kept.
    const finished =
      existsSync(dest) && (f.size === null || statSync(dest).size === f.size) && (f.sha256 === null || (await sha256File(dest)) === f.sha256);
    if (!finished) {
      const r = await downloadFile({
        url: f.url,
        dest,
        size: f.size,
        sha256: f.sha256,
        signal: opts.signal,
        retries: opts.retries,
        backoffMs: opts.backoffMs,
        idleTimeoutMs: opts.idleTimeoutMs,
        onRetry: opts.onRetry,
        onBytes: (done, fileTotal) => {
          const bytesDone = before + done;
          const bytesTotal = total === null ? null : total - (sizes[i] ?? 0) + (fileTotal ?? sizes[i] ?? 0);
          const { rate, etaMs } = meter.update(bytesDone, bytesTotal);
          opts.onProgress?.({ id: entry.id, file: f.path, fileIndex: i, fileCount: entry.files.length, bytesDone, bytesTotal, rate, etaMs });
        },
      });
      known.set(f.path, { path: f.path, size: r.size, sha256: r.sha256 });
    }
    before += statSync(dest).size;
  }
  if (opts.signal?.aborted) throw fail('models.download_cancelled', { what: entry.id });
  let validated: ValidatedModel;
  try {
    validated = await validateModelFolder(staging);
  } catch (err) {
    // Complete but unusable: keep nothing, so the next attempt starts clean.
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  if (entry.dim && validated.dim !== entry.dim) {
    await rm(staging, { recursive: true, force: true });
    throw fail('models.dim_not_catalog', { id: entry.id, dim: validated.dim, expected: entry.dim });
  }
  const manifest = await writeManifest(
    staging,
    {
      id: entry.id,
      name: entry.name,
      source: { kind: 'catalog', repo: entry.repo, revision: entry.revision, pinned: entry.pinned },
      layout: validated.folder.layout,
      dim: validated.dim,
    },
    known,
  );
  const dir = await commit(opts.libraryDir, staging, entry.id);
  return { id: entry.id, dir, manifest };
}

/** Throws away a partial download (the `.part` files of an interrupted run). */
export async function discardPartialDownload(libraryDir: string, id: string): Promise<void> {
  await rm(stagingDir(libraryDir, id), { recursive: true, force: true });
}

export function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return s || 'model';
}

/** Validates a model folder the user has, then copies it into the library (atomically, with a manifest). */
export async function importModel(folder: string, opts: { libraryDir: string; id?: string | undefined }): Promise<InstalledModel> {
  const src = resolve(folder);
  const validated = await validateModelFolder(src);
  const id = slugify(opts.id ?? basename(src));
  if (!isModelId(id)) throw fail('models.bad_id', { id: opts.id ?? basename(src) });
  const staging = stagingDir(opts.libraryDir, id);
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(modelsDir(opts.libraryDir), { recursive: true });
    await cp(src, staging, { recursive: true, filter: (p) => basename(p) !== MANIFEST });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw ioError(staging, err);
  }
  const manifest = await writeManifest(staging, {
    id,
    name: validated.folder.name,
    source: { kind: 'import', folder: src },
    layout: validated.folder.layout,
    dim: validated.dim,
  });
  const dir = await commit(opts.libraryDir, staging, id);
  return { id, dir, manifest };
}

/** Installed models (complete ones; incomplete folders are listed with `incomplete: true`). */
export function listInstalled(libraryDir: string): (InstalledModel | { id: string; dir: string; incomplete: true })[] {
  const root = modelsDir(libraryDir);
  if (!existsSync(root)) return [];
  const out: (InstalledModel | { id: string; dir: string; incomplete: true })[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dir = join(root, e.name);
    const manifest = readManifest(dir);
    out.push(manifest ? { id: e.name, dir, manifest } : { id: e.name, dir, incomplete: true });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes an installed model's folder and any partial download of it. Vectors in the library stay (they are small, and come back into use if it is installed again). */
export async function removeModel(libraryDir: string, id: string): Promise<void> {
  const dir = installedDir(libraryDir, id);
  const staging = stagingDir(libraryDir, id);
  if (!existsSync(dir) && !existsSync(staging)) throw fail('models.not_installed', { id });
  try {
    // Its optimised copies in the session cache go too (hundreds of MB for a real text model).
    forgetCachedSessions(dir, join(libraryDir, 'cache', 'onnx'));
    await rm(dir, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  } catch (err) {
    throw ioError(dir, err);
  }
}

function rel(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
