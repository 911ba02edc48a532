/**
 * Transformers.js embedding photos the way its docs show (AutoProcessor +
 * CLIPVisionModelWithProjection, batched), from the same model folder. Runs in
 * its own process: it brings its own onnxruntime-node, which cannot share a
 * process with ours.
 */
import { join } from 'node:path';
import { CACHE } from './report.js';

const VITB32 = join(CACHE, 'clip-vit-b32');

const RUNS = 3;

export async function transformersRate(files: string[], threads: number): Promise<number[]> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = join(VITB32, '..');
  const name = VITB32.split('/').at(-1)!;
  const processor = await tf.AutoProcessor.from_pretrained(name);
  const model = await tf.CLIPVisionModelWithProjection.from_pretrained(name, {
    dtype: 'fp32',
    session_options: { intraOpNumThreads: threads },
  } as never);
  const rates: number[] = [];
  const embed = async (batch: string[]): Promise<void> => {
    const images = await Promise.all(batch.map((f) => tf.RawImage.read(f)));
    const inputs = await processor(images);
    await model(inputs);
  };
  await embed(files.slice(0, 1));
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    for (let i = 0; i < files.length; i += 8) await embed(files.slice(i, i + 8));
    rates.push((files.length * 1000) / (performance.now() - t));
  }
  await model.dispose();
  return rates;
}
