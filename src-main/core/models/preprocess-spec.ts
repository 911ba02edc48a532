/**
 * What a model wants done to a photo before its vision tower, normalised from
 * Hugging Face's preprocessor_config.json or Immich's preprocess_cfg.json.
 * Every value is checked here: a std of 0, a negative rescale factor or a size
 * of 0 would make every photo's vector NaN or empty, silently, much later.
 */
import { fail } from '../util/errors.js';

export type Kernel = 'nearest' | 'linear' | 'cubic' | 'lanczos3';

export interface PreprocessSpec {
  /** 'shortest-edge': scale so the short side is `resize`, then centre-crop; 'square': scale straight to width×height. */
  resize: { kind: 'shortest-edge'; size: number } | { kind: 'exact'; width: number; height: number };
  crop: { width: number; height: number } | null;
  kernel: Kernel;
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Size of the tensor the model takes. */
  width: number;
  height: number;
}

/** Largest side a model may ask for: real CLIP-family models take 224–448 (a few 896). */
export const MAX_MODEL_SIDE = 4096;

/** PIL's resample numbers, as HF configs record them. PIL's BICUBIC is Catmull-Rom, like sharp's 'cubic'. */
const PIL_KERNELS: Record<number, Kernel> = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic', 4: 'linear', 5: 'cubic' };

const HF_FILE = 'preprocessor_config.json';
const IMMICH_FILE = 'visual/preprocess_cfg.json';

/** A value as the message shows it (short: configs can hold anything). */
function shown(v: unknown): string {
  const s = v === undefined ? 'missing' : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One number for all three channels, or three; each finite, and positive where `positive`. */
function triple(file: string, field: string, v: unknown, positive: boolean): [number, number, number] {
  if (v === undefined) throw fail('models.preprocess_missing', { file, field });
  const list = typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(list) || list.length !== 3 || !list.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw fail('models.preprocess_not_numbers', { file, field, got: shown(v) });
  }
  if (positive && !list.every((x: number) => x > 0)) throw fail('models.preprocess_not_positive', { file, field, got: shown(v) });
  return list as [number, number, number];
}

function side(file: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_MODEL_SIDE) {
    throw fail('models.preprocess_bad_size', { file, field, got: shown(v), max: MAX_MODEL_SIDE });
  }
  return v;
}

/** HF's `size` / `crop_size`: a number, {shortest_edge}, or {height, width}. */
function hfSize(field: string, v: unknown): { width: number; height: number } | { shortest: number } {
  if (v === undefined) throw fail('models.preprocess_missing', { file: HF_FILE, field });
  if (typeof v === 'number') return { shortest: side(HF_FILE, field, v) };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if ('shortest_edge' in o) return { shortest: side(HF_FILE, `${field}.shortest_edge`, o.shortest_edge) };
    if ('height' in o || 'width' in o) {
      return { height: side(HF_FILE, `${field}.height`, o.height), width: side(HF_FILE, `${field}.width`, o.width) };
    }
  }
  throw fail('models.preprocess_bad_shape', { file: HF_FILE, field, got: shown(v) });
}

function choice<T extends string | number>(file: string, field: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw fail('models.preprocess_bad_choice', { file, field, got: shown(v), allowed: allowed.join(', ') });
  return v as T;
}

function flag(file: string, field: string, v: unknown): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  throw fail('models.preprocess_bad_choice', { file, field, got: shown(v), allowed: 'true, false' });
}

export function preprocessFromHf(cfg: Record<string, unknown>): PreprocessSpec {
  const size = hfSize('size', cfg.size);
  const doCrop = flag(HF_FILE, 'do_center_crop', cfg.do_center_crop) === true;
  const doRescale = flag(HF_FILE, 'do_rescale', cfg.do_rescale) !== false;
  const doNormalize = flag(HF_FILE, 'do_normalize', cfg.do_normalize) !== false;
  let crop: PreprocessSpec['crop'] = null;
  if (doCrop && cfg.crop_size !== undefined) {
    const c = hfSize('crop_size', cfg.crop_size);
    crop = 'shortest' in c ? { width: c.shortest, height: c.shortest } : c;
  }
  const resize: PreprocessSpec['resize'] =
    'shortest' in size ? { kind: 'shortest-edge', size: size.shortest } : { kind: 'exact', ...size };
  const out = crop ?? ('shortest' in size ? { width: size.shortest, height: size.shortest } : size);
  const resample = cfg.resample === undefined ? 3 : choice(HF_FILE, 'resample', cfg.resample, [0, 1, 2, 3, 4, 5]);
  let rescale = 1;
  if (doRescale && cfg.rescale_factor !== undefined) {
    const r = cfg.rescale_factor;
    if (typeof r !== 'number' || !Number.isFinite(r)) throw fail('models.preprocess_not_numbers', { file: HF_FILE, field: 'rescale_factor', got: shown(r) });
    if (r <= 0) throw fail('models.preprocess_not_positive', { file: HF_FILE, field: 'rescale_factor', got: shown(r) });
    rescale = r;
  } else if (doRescale) {
    rescale = 1 / 255;
  }
  return {
    resize,
    crop,
    kernel: PIL_KERNELS[resample]!,
    rescale,
    mean: doNormalize ? triple(HF_FILE, 'image_mean', cfg.image_mean, false) : [0, 0, 0],
    std: doNormalize ? triple(HF_FILE, 'image_std', cfg.image_std, true) : [1, 1, 1],
    width: out.width,
    height: out.height,
  };
}

/** Immich/open_clip: {"size": [224, 224], "mean", "std", "interpolation": "bicubic", "resize_mode": "shortest"|"squash"}. */
export function preprocessFromImmich(cfg: Record<string, unknown>): PreprocessSpec {
  const s = cfg.size;
  if (s === undefined) throw fail('models.preprocess_missing', { file: IMMICH_FILE, field: 'size' });
  let h: number;
  let w: number;
  if (Array.isArray(s)) {
    if (s.length !== 2) throw fail('models.preprocess_bad_shape', { file: IMMICH_FILE, field: 'size', got: shown(s) });
    h = side(IMMICH_FILE, 'size[0]', s[0]);
    w = side(IMMICH_FILE, 'size[1]', s[1]);
  } else {
    h = w = side(IMMICH_FILE, 'size', s);
  }
  const interp = cfg.interpolation === undefined ? 'bicubic' : choice(IMMICH_FILE, 'interpolation', cfg.interpolation, ['bicubic', 'bilinear', 'nearest']);
  const kernel: Kernel = interp === 'bilinear' ? 'linear' : interp === 'nearest' ? 'nearest' : 'cubic';
  const mode = cfg.resize_mode === undefined ? 'shortest' : choice(IMMICH_FILE, 'resize_mode', cfg.resize_mode, ['shortest', 'squash']);
  const squash = mode === 'squash';
  return {
    resize: squash ? { kind: 'exact', width: w, height: h } : { kind: 'shortest-edge', size: Math.min(w, h) },
    crop: squash ? null : { width: w, height: h },
    kernel,
    rescale: 1 / 255,
    mean: triple(IMMICH_FILE, 'mean', cfg.mean, false),
    std: triple(IMMICH_FILE, 'std', cfg.std, true),
    width: w,
    height: h,
  };
}
