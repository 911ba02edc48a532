/**
 * Which ONNX Runtime execution provider runs the model. We try the ones that can
 * exist on this platform, best first, fall back on failure, and remember why.
 */
import * as ort from 'onnxruntime-node';
import { ShoeboxError } from '../util/errors.js';

export type Accelerator = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';
export const ACCELERATORS: readonly Accelerator[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'];

export interface ProviderChoice {
  /** the provider the session actually runs on */
  provider: Exclude<Accelerator, 'auto'>;
  /** providers tried before it and why each was not used */
  skipped: { provider: string; reason: string }[];
}

/** The order 'auto' tries, per platform: the GPU paths onnxruntime-node ships there, then the CPU. */
export function candidates(choice: Accelerator, platform = process.platform): Exclude<Accelerator, 'auto'>[] {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'webgpu', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}

export interface SessionOptions {
  accelerator: Accelerator;
  /** intra-op threads; default: all cores (ORT's own default) */
  threads?: number | undefined;
}

/** Whether the installed onnxruntime-node has this provider at all (the CUDA add-on is a separate download). */
function available(provider: string): string | null {
  if (provider === 'cpu') return null;
  const listed = ort.listSupportedBackends().some((b) => b.name === provider);
  return listed ? null : `this onnxruntime-node build for ${process.platform} has no ${provider} provider`;
}

export async function createSession(
  file: string,
  opts: SessionOptions,
): Promise<{ session: ort.InferenceSession; choice: ProviderChoice }> {
  const skipped: ProviderChoice['skipped'] = [];
  for (const provider of candidates(opts.accelerator)) {
    const missing = available(provider);
    if (missing) {
      skipped.push({ provider, reason: missing });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(file, {
        executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
        graphOptimizationLevel: 'all',
        ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
      });
      return { session, choice: { provider, skipped } };
    } catch (err) {
      if (provider === 'cpu') {
        throw new ShoeboxError(
          'bad_model',
          `ONNX Runtime cannot load ${file}: ${(err as Error).message}. The file may be incomplete or corrupted: download or import the model again.`,
        );
      }
      skipped.push({ provider, reason: firstLine((err as Error).message) });
    }
  }
  throw new ShoeboxError('internal', 'No execution provider could be created.');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}
