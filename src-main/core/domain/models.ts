/** Rules about models that every door shares. Browser-safe. */

/** Installed and catalog model ids: lowercase letters, digits, ".", "_" and "-" (they are folder names too). */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const MODEL_ID_MAX = 200;

export function isModelId(id: string): boolean {
  return id.length <= MODEL_ID_MAX && MODEL_ID_PATTERN.test(id);
}

/** Where a model runs: ONNX Runtime's execution providers, or the best one available. */
export const ACCELERATORS = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type Accelerator = (typeof ACCELERATORS)[number];

/**
 * Why an accelerator was not used: `why` as a code the window words plainly in
 * the user's language, `reason` the technical English detail (CLI, "Details").
 */
export interface SkippedProvider {
  provider: string;
  why: SkipWhy;
  reason: string;
}
export type SkipWhy = 'not_built' | 'no_cuda_addon' | 'no_vulkan' | 'failed';

export function isAccelerator(name: string): name is Accelerator {
  return (ACCELERATORS as readonly string[]).includes(name);
}

/** The licence facts the gate needs (a catalog entry has them). */
export interface LicensedModel {
  name: string;
  requiresLicenceAcceptance: boolean;
  licence: { name: string; commercialUse: boolean; summary?: string | undefined; url?: string | undefined };
}

/** A model under a licence that needs a yes (e.g. no commercial use) is downloaded only after that yes. */
export function licenceAccepted(entry: LicensedModel, accepted: boolean): boolean {
  return !entry.requiresLicenceAcceptance || accepted;
}
