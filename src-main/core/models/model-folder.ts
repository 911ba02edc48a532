/**
 * Reads a CLIP-family model folder, in either the Hugging Face / Transformers.js
 * layout (onnx/vision_model*.onnx, onnx/text_model*.onnx, config.json,
 * preprocessor_config.json, tokenizer.json) or Immich's (visual/, textual/).
 * Everything model-specific comes from these files; nothing is hard-coded.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { fail } from '../util/errors.js';
import { preprocessFromHf, preprocessFromImmich, type PreprocessSpec } from './preprocess-spec.js';

export type ModelLayout = 'transformers.js' | 'immich';

/** How similarity becomes a probability: CLIP's softmax over classes, or SigLIP's independent sigmoid. */
export type Scoring = { kind: 'softmax'; logitScale: number } | { kind: 'sigmoid'; logitScale: number; logitBias: number };

export interface ModelFolder {
  dir: string;
  name: string;
  layout: ModelLayout;
  visionFile: string;
  textFile: string;
  tokenizerJson: object;
  tokenizerConfig: Record<string, unknown>;
  /** Longest text the text tower takes, in tokens (start and end tokens included). */
  contextLength: number;
  /** Whether texts must be padded to `contextLength` (SigLIP pools at the last position). */
  padToContext: boolean;
  preprocess: PreprocessSpec;
  scoring: Scoring;
  config: Record<string, unknown>;
}

/** Prefer full precision when a folder holds several variants (model.onnx, model_fp16.onnx, model_quantized.onnx). */
const VARIANT_ORDER = ['', '_fp32', '_fp16', '_quantized', '_int8', '_uint8', '_q4', '_bnb4'];

function pickOnnx(dir: string, stem: string, preferred?: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.startsWith(stem) && f.endsWith('.onnx'));
  if (preferred) {
    const want = `${stem}${preferred}.onnx`;
    if (files.includes(want)) return join(dir, want);
  }
  for (const v of VARIANT_ORDER) {
    const f = `${stem}${v}.onnx`;
    if (files.includes(f)) return join(dir, f);
  }
  return files[0] ? join(dir, files[0]) : undefined;
}

function readJson(file: string, what: string): Record<string, unknown> {
  if (!existsSync(file)) throw fail('models.folder_missing_file', { what, file });
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw fail('models.folder_bad_json', { file, detail: (err as Error).message });
  }
}

function readJsonIfAny(file: string): Record<string, unknown> {
  return existsSync(file) ? readJson(file, basename(file)) : {};
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface ReadOptions {
  /** Variant suffix to prefer, e.g. "_quantized". */
  variant?: string | undefined;
}

export function readModelFolder(dirArg: string, opts: ReadOptions = {}): ModelFolder {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw fail('models.folder_not_found', { dir });
  if (existsSync(join(dir, 'visual')) && existsSync(join(dir, 'textual'))) return readImmich(dir, opts);
  return readHf(dir, opts);
}

function readHf(dir: string, opts: ReadOptions): ModelFolder {
  const onnxDir = join(dir, 'onnx');
  const visionFile = pickOnnx(onnxDir, 'vision_model', opts.variant);
  const textFile = pickOnnx(onnxDir, 'text_model', opts.variant);
  if (!visionFile && !textFile)
    throw fail('models.folder_no_onnx', { dir });
  if (!visionFile) throw fail('models.folder_no_image_tower', { dir, file: 'onnx/vision_model.onnx' });
  if (!textFile) throw fail('models.folder_no_text_tower', { dir, file: 'onnx/text_model.onnx' });
  const config = readJson(join(dir, 'config.json'), 'config.json');
  const pre = readJson(join(dir, 'preprocessor_config.json'), 'preprocessor_config.json');
  const tokenizerJson = readJson(join(dir, 'tokenizer.json'), 'tokenizer.json');
  const tokenizerConfig = readJsonIfAny(join(dir, 'tokenizer_config.json'));
  const textConfig = (config.text_config ?? {}) as Record<string, unknown>;
  const isSiglip = String(config.model_type ?? '').startsWith('siglip');
  const contextLength = contextLengthOf(tokenizerConfig, num(textConfig.max_position_embeddings));
  return {
    dir,
    name: String(config._name_or_path ?? basename(dir)) || basename(dir),
    layout: 'transformers.js',
    visionFile,
    textFile,
    tokenizerJson,
    tokenizerConfig,
    contextLength,
    padToContext: isSiglip,
    preprocess: preprocessFromHf(pre),
    scoring: scoringOf(config, isSiglip),
    config,
  };
}

function readImmich(dir: string, opts: ReadOptions): ModelFolder {
  const visionFile = pickOnnx(join(dir, 'visual'), 'model', opts.variant);
  const textFile = pickOnnx(join(dir, 'textual'), 'model', opts.variant);
  if (!visionFile) throw fail('models.folder_no_image_tower', { dir, file: 'visual/model.onnx' });
  if (!textFile) throw fail('models.folder_no_text_tower', { dir, file: 'textual/model.onnx' });
  const config = readJson(join(dir, 'config.json'), 'config.json');
  const pre = readJson(join(dir, 'visual', 'preprocess_cfg.json'), 'visual/preprocess_cfg.json');
  const tokenizerJson = readJson(join(dir, 'textual', 'tokenizer.json'), 'textual/tokenizer.json');
  const tokenizerConfig = readJsonIfAny(join(dir, 'textual', 'tokenizer_config.json'));
  const textCfg = (config.text_cfg ?? {}) as Record<string, unknown>;
  const name = basename(dir);
  const isSiglip = /siglip/i.test(name) || String(textCfg.hf_tokenizer_name ?? '').includes('siglip');
  return {
    dir,
    name,
    layout: 'immich',
    visionFile,
    textFile,
    tokenizerJson,
    tokenizerConfig,
    contextLength: contextLengthOf(tokenizerConfig, num(textCfg.context_length)),
    padToContext: true, // Immich's textual exports take a fixed-length input
    preprocess: preprocessFromImmich(pre),
    scoring: scoringOf(config, isSiglip),
    config,
  };
}

function contextLengthOf(tokenizerConfig: Record<string, unknown>, fromModel: number | undefined): number {
  const fromTokenizer = num(tokenizerConfig.model_max_length);
  // Some tokenizer configs say 1e30 for "no limit": the model's position table is the real limit.
  const candidates = [fromModel, fromTokenizer].filter((n): n is number => n !== undefined && n > 0 && n < 100_000);
  return candidates.length ? Math.min(...candidates) : 77;
}

function scoringOf(config: Record<string, unknown>, isSiglip: boolean): Scoring {
  // Trained values where the folder records them (our catalog writes them into config.json).
  // Otherwise: CLIP's trained scale sits at its clamp of 100; SigLIP falls back to its initial values.
  const logScale = num(config.logit_scale);
  if (isSiglip) {
    return {
      kind: 'sigmoid',
      logitScale: Math.exp(logScale ?? Math.log(10)),
      logitBias: num(config.logit_bias) ?? -10,
    };
  }
  return { kind: 'softmax', logitScale: logScale !== undefined ? Math.exp(logScale) : 100 };
}
