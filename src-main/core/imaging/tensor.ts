/** RGB pixels → the model's input tensor: resize, centre crop, rescale, normalise (CHW float32). */
import sharp from 'sharp';
import type { PreprocessSpec } from '../models/preprocess-spec.js';

/** Output size of "resize shortest edge to `size`", exactly as Hugging Face's image processors compute it. */
export function shortestEdgeSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.floor((size * height) / width) };
  return { width: Math.floor((size * width) / height), height: size };
}

export async function toModelTensor(
  data: Buffer,
  width: number,
  height: number,
  channels: number,
  spec: PreprocessSpec,
): Promise<Float32Array> {
  const target = spec.resize.kind === 'shortest-edge' ? shortestEdgeSize(width, height, spec.resize.size) : spec.resize;
  let img = sharp(data, { raw: { width, height, channels: channels as 3 } });
  if (target.width !== width || target.height !== height) {
    img = img.resize(target.width, target.height, { fit: 'fill', kernel: spec.kernel });
  }
  if (spec.crop) {
    const cw = Math.min(spec.crop.width, target.width);
    const ch = Math.min(spec.crop.height, target.height);
    img = img.extract({
      left: Math.floor((target.width - cw) / 2),
      top: Math.floor((target.height - ch) / 2),
      width: cw,
      height: ch,
    });
  }
  const { data: rgb, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return normalize(rgb, info.width, info.height, info.channels, spec);
}

/** HWC uint8 → CHW float32 with rescale and mean/std. Pads to the model size if the image was smaller than the crop. */
export function normalize(rgb: Uint8Array, w: number, h: number, channels: number, spec: PreprocessSpec): Float32Array {
  const W = spec.width;
  const H = spec.height;
  const out = new Float32Array(3 * W * H);
  const ox = Math.floor((W - w) / 2);
  const oy = Math.floor((H - h) / 2);
  for (let c = 0; c < 3; c++) {
    const scale = spec.rescale / spec.std[c]!;
    const shift = spec.mean[c]! / spec.std[c]!;
    // Padding (images smaller than the crop, as HF pads) is zero pixels, normalised.
    out.fill(-shift, c * W * H, (c + 1) * W * H);
    for (let y = 0; y < h; y++) {
      const row = c * W * H + (y + oy) * W + ox;
      const src = y * w * channels + c;
      for (let x = 0; x < w; x++) out[row + x] = rgb[src + x * channels]! * scale - shift;
    }
  }
  return out;
}
