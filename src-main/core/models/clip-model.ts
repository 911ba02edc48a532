/**
 * A loaded CLIP-family model: two ONNX sessions (vision, text) and a tokenizer.
 * Each tower loads on first use, so a text search never pays for the vision
 * tower. Inputs are fed by the names the sessions declare; outputs are
 * L2-normalised, so a dot product is the cosine similarity.
 */
import * as ort from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import { relative, sep } from 'node:path';
import { readModelFolder, type ModelFolder, type ReadOptions } from './model-folder.js';
import { TextTokenizer } from './tokenizer.js';
import { candidates, createSession, skipWhy, unavailableReason, type Accelerator, type ProviderChoice } from './accelerators.js';
import { cachedCpuSession } from './session-cache.js';
import { fail } from '../util/errors.js';

export interface LoadOptions extends ReadOptions {
  accelerator?: Accelerator | undefined;
  threads?: number | undefined;
  /** folder for ORT's optimised text tower (session-cache.ts); without it, the tower loads from the .onnx each time */
  cacheDir?: string | undefined;
}

interface Tower {
  session: ort.InferenceSession;
  choice: ProviderChoice;
}

// Transformers.js exports name them *_embeds (CLIP) or pooler_output (SigLIP); Immich's exporter *_embedding.
const IMAGE_OUTPUTS = ['image_embeds', 'image_embedding', 'embedding', 'embeddings', 'pooler_output', 'image_features'];
const TEXT_OUTPUTS = ['text_embeds', 'text_embedding', 'embedding', 'embeddings', 'pooler_output', 'text_features'];

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

export class ClipModel {
  readonly tokenizer: TextTokenizer;
  private vision?: Promise<Tower>;
  private text?: Promise<Tower>;
  private dimCache: number | undefined;

  private constructor(
    readonly folder: ModelFolder,
    private readonly opts: LoadOptions,
  ) {
    this.tokenizer = new TextTokenizer(folder);
  }

  static open(dir: string, opts: LoadOptions = {}): ClipModel {
    return new ClipModel(readModelFolder(dir, opts), opts);
  }

  get key(): string {
    return this.folder.dir;
  }

  private tower(kind: 'vision' | 'text'): Promise<Tower> {
    // A query is a handful of tokens: one thread answers it sooner than several that must
    // synchronise (ViT-B/32 text tower on 2 cores: 14 vs 28 ms). The vision tower leaves a
    // core to the decoding that runs beside it while indexing (12 MP JPEGs on 2 cores:
    // 6.8 vs 5.5 photos/s). See docs/PERFORMANCE.md.
    const threads = this.opts.threads ?? (kind === 'text' ? 1 : Math.max(1, availableParallelism() - 1));
    const accelerator = this.opts.accelerator ?? 'auto';
    const file = kind === 'vision' ? this.folder.visionFile : this.folder.textFile;
    const make = (): Promise<Tower> => createSession(file, { accelerator, threads });
    if (kind === 'vision') return (this.vision ??= make());
    return (this.text ??= this.opts.cacheDir ? this.cachedTextTower(file, this.opts.cacheDir, accelerator, threads, make) : make());
  }

  /**
   * The text tower is on the launch path (the first search waits for it): on the
   * CPU it loads from ORT's saved optimised graph, about twice as fast
   * (session-cache.ts). Another provider, or any trouble: the usual way.
   */
  private cachedTextTower(file: string, cacheDir: string, accelerator: Accelerator, threads: number, make: () => Promise<Tower>): Promise<Tower> {
    const others = candidates(accelerator).filter((p) => p !== 'cpu');
    const skipped = others.flatMap((provider) => {
      const reason = unavailableReason(provider);
      return reason === null ? [] : [{ provider, why: skipWhy(reason), reason }];
    });
    if (skipped.length !== others.length) return make();
    return cachedCpuSession(file, cacheDir, threads).then(
      ({ session }): Tower => ({ session, choice: { provider: 'cpu', skipped } }),
      () => make(),
    );
  }

  /** The provider each loaded tower runs on (loads the text tower if neither is loaded). */
  async provider(): Promise<ProviderChoice> {
    return (await (this.vision ?? this.tower('text'))).choice;
  }

  /** The provider of each tower loaded so far (the provider check compares both with the CPU). */
  async towerProviders(): Promise<{ vision?: ProviderChoice; text?: ProviderChoice }> {
    return {
      ...(this.vision ? { vision: (await this.vision).choice } : {}),
      ...(this.text ? { text: (await this.text).choice } : {}),
    };
  }

  /** Embedding size, read from the text tower's output (loads it). */
  async dim(): Promise<number> {
    if (this.dimCache === undefined) this.dimCache = (await this.embedTexts(['a photo']))[0]!.length;
    return this.dimCache;
  }

  /** `pixels`: count × 3 × H × W float32, already preprocessed. */
  async embedImages(pixels: Float32Array, count: number): Promise<Float32Array[]> {
    const { session } = await this.tower('vision');
    const { width, height } = this.folder.preprocess;
    const per = 3 * width * height;
    const input = session.inputNames[0]!;
    return inBatches(count, fixedBatch(session), async (start, n, padded) => {
      let data = pixels;
      if (start !== 0 || padded !== count) {
        data = new Float32Array(per * padded); // rows past `n` stay zero: padding for a fixed batch size
        data.set(pixels.subarray(start * per, (start + n) * per));
      }
      const out = await session.run({ [input]: new ort.Tensor('float32', data, [padded, 3, height, width]) });
      return splitRows(pick(out, session.outputNames, IMAGE_OUTPUTS, this.fileOf('vision')), padded, this.fileOf('vision')).slice(0, n);
    });
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { session } = await this.tower('text');
    // A text input with a fixed sequence size (Immich, SigLIP exports) must be padded to it.
    const declared = session.inputMetadata[0];
    const fixed = declared?.isTensor && typeof declared.shape[1] === 'number' ? declared.shape[1] : undefined;
    return inBatches(texts.length, fixedBatch(session), async (start, n, padded) => {
      const some = texts.slice(start, start + n);
      while (some.length < padded) some.push(''); // padding for a fixed batch size
      const batch = this.tokenizer.batch(some, fixed);
      const feeds: Record<string, ort.Tensor> = {};
      for (const meta of session.inputMetadata) {
        const name = meta.name;
        const type = meta.isTensor ? meta.type : 'int64';
        const src = /mask/i.test(name) ? batch.mask : batch.ids;
        feeds[name] = toIntTensor(src, type, [batch.count, batch.length]);
      }
      const out = await session.run(feeds);
      return splitRows(pick(out, session.outputNames, TEXT_OUTPUTS, this.fileOf('text')), batch.count, this.fileOf('text')).slice(0, n);
    });
  }

  /** A tower's file, as messages name it: relative to the model folder. */
  private fileOf(kind: 'vision' | 'text'): string {
    return relative(this.folder.dir, kind === 'vision' ? this.folder.visionFile : this.folder.textFile).split(sep).join('/');
  }

  async release(): Promise<void> {
    for (const t of [this.vision, this.text]) if (t) await (await t).session.release();
    this.vision = this.text = undefined;
  }
}

function toIntTensor(src: BigInt64Array, type: string, dims: number[]): ort.Tensor {
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(src, (x) => Number(x)), dims);
  return new ort.Tensor('int64', src, dims);
}

/** The batch size a tower's graph is fixed to (an export with batch 1, say), or undefined when any size is taken. */
function fixedBatch(session: ort.InferenceSession): number | undefined {
  const meta = session.inputMetadata[0];
  const b = meta?.isTensor ? meta.shape[0] : undefined;
  return typeof b === 'number' && b > 0 ? b : undefined;
}

/**
 * Runs `count` items in one call, or, for a tower fixed to `fixed` items per
 * call, in calls of exactly that many (the last padded): such exports are
 * common and work, one batch at a time.
 */
async function inBatches(
  count: number,
  fixed: number | undefined,
  run: (start: number, n: number, padded: number) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  if (fixed === undefined || fixed === count) return run(0, count, count);
  const rows: Float32Array[] = [];
  for (let start = 0; start < count; start += fixed) rows.push(...(await run(start, Math.min(fixed, count - start), fixed)));
  return rows;
}

function pick(out: ort.InferenceSession.ReturnType, names: readonly string[], preferred: string[], file: string): ort.Tensor {
  const name = preferred.find((n) => names.includes(n)) ?? names.find((n) => (out[n]?.dims.length ?? 0) === 2);
  const t = name ? out[name] : undefined;
  if (!t || t.type !== 'float32')
    throw fail('models.no_embedding_output', { file, outputs: names.join(', ') });
  return t;
}

/** One embedding per input: an output of another shape would give rows that mean nothing. */
function splitRows(t: ort.Tensor, count: number, file: string): Float32Array[] {
  const data = t.data as Float32Array;
  if (t.dims.length !== 2 || t.dims[0] !== count || t.dims[1]! < 1) {
    throw fail('models.embedding_shape', { file, shape: t.dims.join(', '), count });
  }
  const dim = t.dims[1]!;
  const rows: Float32Array[] = [];
  for (let i = 0; i < count; i++) rows.push(l2normalize(data.slice(i * dim, (i + 1) * dim)));
  return rows;
}
