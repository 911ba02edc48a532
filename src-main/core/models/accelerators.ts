/**
 * Which ONNX Runtime execution provider runs the model. We try the ones that can
 * exist on this platform, best first, fall back on failure, and remember why.
 */
import * as ort from 'onnxruntime-node';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fail } from '../util/errors.js';

const require = createRequire(import.meta.url);

import type { Accelerator, SkippedProvider, SkipWhy } from '../domain/models.js';
export { ACCELERATORS, type Accelerator, type SkippedProvider, type SkipWhy } from '../domain/models.js';

export interface ProviderChoice {
  /** the provider the session actually runs on */
  provider: Exclude<Accelerator, 'auto'>;
  /** providers tried before it and why each was not used */
  skipped: SkippedProvider[];
}


/** The code of an unavailableReason() answer (they are this module's own words). */
export function skipWhy(reason: string): SkipWhy {
  if (reason.includes('CUDA add-on')) return 'no_cuda_addon';
  if (reason.includes('Vulkan')) return 'no_vulkan';
  if (reason.startsWith('onnxruntime-node for')) return 'not_built';
  return 'failed';
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
  /** intra-op threads; default: defaultThreads() */
  threads?: number | undefined;
}

/**
 * Intra-op threads for a session: every core on small machines; on larger ones
 * one core is left for decoding photos and the UI, and more than 8 rarely helps
 * a ViT-B at batch 16. Overridable per library (ModelSettings.threads).
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(8, cores > 4 ? cores - 1 : cores));
}

/** Photos per inference call: GPUs want bigger batches; on the CPU 16 already keeps all threads busy. */
export function defaultBatchSize(provider: Exclude<Accelerator, 'auto'>): number {
  return provider === 'cpu' ? 16 : 32;
}

/** Folder of onnxruntime-node's native binaries for this platform. */
function ortBinDir(): string | undefined {
  try {
    const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
    const dir = join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

const VULKAN_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

/**
 * Why a provider cannot work here, or null when it is worth trying. Cheap checks
 * first, so 'auto' does not make ONNX Runtime print load errors for providers
 * that are plainly absent (no CUDA add-on installed, no Vulkan for WebGPU on Linux).
 */
export function unavailableReason(provider: string): string | null {
  if (provider === 'cpu') return null;
  const backend = ort.listSupportedBackends().find((b) => b.name === provider);
  if (!backend) return `onnxruntime-node for ${process.platform} has no ${provider} provider`;
  if (provider === 'cuda') {
    const dir = ortBinDir();
    const has = dir && readdirSync(dir).some((f) => f.includes('providers_cuda'));
    if (!has) return 'the CUDA add-on of onnxruntime-node is not installed (it downloads at install time on machines with an NVIDIA GPU)';
  }
  if (provider === 'webgpu' && process.platform === 'linux') {
    const vulkan = VULKAN_DIRS.some((d) => existsSync(join(d, 'libvulkan.so.1')));
    if (!vulkan) return 'no Vulkan loader (libvulkan.so.1) on this system, which WebGPU needs on Linux';
  }
  return null;
}

export async function createSession(
  file: string,
  opts: SessionOptions,
): Promise<{ session: ort.InferenceSession; choice: ProviderChoice }> {
  const skipped: ProviderChoice['skipped'] = [];
  for (const provider of candidates(opts.accelerator)) {
    const missing = unavailableReason(provider);
    if (missing) {
      skipped.push({ provider, why: skipWhy(missing), reason: missing });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(file, {
        executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: opts.threads ?? defaultThreads(),
      });
      return { session, choice: { provider, skipped } };
    } catch (err) {
      if (provider === 'cpu') {
        throw fail('models.onnx_cannot_load', { file, detail: (err as Error).message });
      }
      skipped.push({ provider, why: 'failed', reason: firstLine((err as Error).message) });
    }
  }
  throw fail('models.no_execution_provider');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}
