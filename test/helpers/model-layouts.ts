/** The tiny test model in other folder layouts, for the loader tests. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TINY_CLIP } from './paths.js';

/** Lays the tiny CLIP model out as Immich's exporter does for an OpenCLIP model. */
export function immichCopy(dir: string): string {
  const out = join(dir, 'ViT-tiny__shoebox');
  mkdirSync(join(out, 'visual'), { recursive: true });
  mkdirSync(join(out, 'textual'), { recursive: true });
  cpSync(join(TINY_CLIP, 'onnx', 'vision_model.onnx'), join(out, 'visual', 'model.onnx'));
  cpSync(join(TINY_CLIP, 'onnx', 'text_model.onnx'), join(out, 'textual', 'model.onnx'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.json', 'merges.txt']) {
    cpSync(join(TINY_CLIP, f), join(out, 'textual', f));
  }
  const hf = JSON.parse(readFileSync(join(TINY_CLIP, 'preprocessor_config.json'), 'utf8'));
  writeFileSync(
    join(out, 'visual', 'preprocess_cfg.json'),
    JSON.stringify({ size: [64, 64], mode: 'RGB', mean: hf.image_mean, std: hf.image_std, interpolation: 'bicubic', resize_mode: 'shortest', fill_color: 0 }),
  );
  writeFileSync(
    join(out, 'config.json'),
    JSON.stringify({
      embed_dim: 64,
      vision_cfg: { image_size: 64, layers: 5, width: 96, patch_size: 16 },
      text_cfg: { context_length: 77, vocab_size: 49408, width: 64, heads: 4, layers: 2 },
    }),
  );
  return out;
}

