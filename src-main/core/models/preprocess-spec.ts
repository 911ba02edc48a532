/**
 * What a model wants done to a photo before its vision tower, normalised from
 * Hugging Face's preprocessor_config.json or Immich's preprocess_cfg.json.
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

/** PIL's resample numbers, as HF configs record them. PIL's BICUBIC is Catmull-Rom, like sharp's 'cubic'. */
const PIL_KERNELS: Record<number, Kernel> = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic', 4: 'linear', 5: 'cubic' };

function triple(v: unknown, what: string): [number, number, number] {
  if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number')) return v as [number, number, number];
  if (typeof v === 'number') return [v, v, v];
  throw fail('models.preprocess_no_value', { what });
}

function sizeOf(v: unknown): { width: number; height: number } | { shortest: number } | undefined {
  if (typeof v === 'number') return { shortest: v };
  if (v && typeof v === 'object') {
    const o = v as Record<string, number>;
    if (o.shortest_edge) return { shortest: o.shortest_edge };
    if (o.height && o.width) return { width: o.width, height: o.height };
  }
  return undefined;
}

export function preprocessFromHf(cfg: Record<string, unknown>): PreprocessSpec {
  const size = sizeOf(cfg.size);
  if (!size) throw fail('models.preprocess_no_size', { file: 'preprocessor_config.json' });
  const doCrop = cfg.do_center_crop === true;
  const cropSize = sizeOf(cfg.crop_size);
  let crop: PreprocessSpec['crop'] = null;
  if (doCrop && cropSize) {
    crop = 'shortest' in cropSize ? { width: cropSize.shortest, height: cropSize.shortest } : cropSize;
  }
  const resize: PreprocessSpec['resize'] =
    'shortest' in size ? { kind: 'shortest-edge', size: size.shortest } : { kind: 'exact', ...size };
  const out = crop ?? ('shortest' in size ? { width: size.shortest, height: size.shortest } : size);
  return {
    resize,
    crop,
    kernel: PIL_KERNELS[Number(cfg.resample ?? 3)] ?? 'cubic',
    rescale: cfg.do_rescale === false ? 1 : Number(cfg.rescale_factor ?? 1 / 255),
    mean: cfg.do_normalize === false ? [0, 0, 0] : triple(cfg.image_mean, 'image_mean'),
    std: cfg.do_normalize === false ? [1, 1, 1] : triple(cfg.image_std, 'image_std'),
    width: out.width,
    height: out.height,
  };
}

/** Immich/open_clip: {"size": [224, 224], "mean", "std", "interpolation": "bicubic", "resize_mode": "shortest"|"squash"}. */
export function preprocessFromImmich(cfg: Record<string, unknown>): PreprocessSpec {
  const s = cfg.size;
  const [h, w] = Array.isArray(s) ? (s as number[]) : [Number(s), Number(s)];
  if (!h || !w) throw fail('models.preprocess_no_size', { file: 'visual/preprocess_cfg.json' });
  const interp = String(cfg.interpolation ?? 'bicubic');
  const kernel: Kernel = interp === 'bilinear' ? 'linear' : interp === 'nearest' ? 'nearest' : 'cubic';
  const squash = cfg.resize_mode === 'squash';
  return {
    resize: squash ? { kind: 'exact', width: w, height: h } : { kind: 'shortest-edge', size: Math.min(w, h) },
    crop: squash ? null : { width: w, height: h },
    kernel,
    rescale: 1 / 255,
    mean: triple(cfg.mean, 'mean'),
    std: triple(cfg.std, 'std'),
    width: w,
    height: h,
  };
}
