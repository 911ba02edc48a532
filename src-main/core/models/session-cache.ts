/**
 * A model file's graph as ONNX Runtime optimised it, saved once in ORT format
 * in the library's cache folder and loaded from then on with its weights used
 * in place: no protobuf to parse, no copy of 250 MB of weights, no optimiser
 * run. The ViT-B/32 text tower then loads in about 0.3 s instead of 0.55 s
 * (docs/PERFORMANCE.md, cold start). ORT's other options (optimisation levels,
 * an optimised .onnx, ORT format with copied weights) measured no faster.
 *
 * CPU provider only, saved at the 'extended' level (no layout changes that
 * depend on the processor). The file name holds a key of the model file's path,
 * size and mtime, ORT's version and the platform, so a changed model or
 * runtime gets a fresh file; a file ORT refuses (damaged, truncated) is
 * deleted and made again. Files are written under a temporary name and
 * renamed, so a crash leaves no half file under the real name.
 */
import * as ort from 'onnxruntime-node';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface CachedSession {
  session: ort.InferenceSession;
  /** whether the session came from the cache (else it was just made and saved) */
  hit: boolean;
}

/**
 * The bytes a cached session's weights live in, kept alive exactly as long as
 * the session object: ONNX Runtime does not copy them, and the Node binding
 * does not keep them referenced.
 */
const weights = new WeakMap<ort.InferenceSession, Buffer>();

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** The cache file for a model file (and the prefix shared by all its versions). */
export function cacheFileFor(modelFile: string, cacheDir: string): { file: string; prefix: string } {
  const abs = resolve(modelFile);
  const st = statSync(abs);
  const prefix = hash(abs);
  const key = hash([abs, st.size, st.mtimeMs, ort.env.versions.node ?? '', process.platform, process.arch].join('\n'));
  return { file: join(cacheDir, `${prefix}-${key}.ort`), prefix };
}

/** Deletes the cached copies of every ONNX file under `modelDir` (before the model is removed). */
export function forgetCachedSessions(modelDir: string, cacheDir: string): void {
  if (!existsSync(modelDir) || !existsSync(cacheDir)) return;
  const prefixes = readdirSync(modelDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => hash(resolve(modelDir, f)) + '-');
  for (const f of readdirSync(cacheDir)) {
    if (prefixes.some((p) => f.startsWith(p))) rmSync(join(cacheDir, f), { force: true });
  }
}

/** A CPU session of `modelFile`, from the cache when it holds a good copy, else made and saved there. */
export async function cachedCpuSession(modelFile: string, cacheDir: string, threads: number): Promise<CachedSession> {
  const { file, prefix } = cacheFileFor(modelFile, cacheDir);
  const base = { executionProviders: ['cpu'], intraOpNumThreads: threads };
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(file);
  } catch {
    // not made yet
  }
  if (bytes) {
    try {
      const session = await ort.InferenceSession.create(bytes, {
        ...base,
        graphOptimizationLevel: 'disabled', // already optimised
        extra: { session: { load_model_format: 'ORT', use_ort_model_bytes_directly: '1', use_ort_model_bytes_for_initializers: '1' } },
      });
      weights.set(session, bytes);
      return { session, hit: true };
    } catch {
      rmSync(file, { force: true }); // damaged or from an incompatible runtime: make it again
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const session = await ort.InferenceSession.create(modelFile, {
      ...base,
      graphOptimizationLevel: 'extended',
      optimizedModelFilePath: temp,
      extra: { session: { save_model_format: 'ORT' } }, // (else ORT picks the format by the file's extension)
    });
    renameSync(temp, file);
    // Older versions of this model's file, and temporary files a crash left behind.
    for (const old of readdirSync(cacheDir)) {
      const path = join(cacheDir, old);
      const stale = old.endsWith('.tmp') ? Date.now() - statSync(path, { throwIfNoEntry: false })!.mtimeMs > 3_600_000 : path !== file;
      if (old.startsWith(`${prefix}-`) && stale) rmSync(path, { force: true });
    }
    return { session, hit: false };
  } finally {
    rmSync(temp, { force: true });
  }
}
