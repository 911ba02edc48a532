/** The parts of a media URL (both transports): a kind and a photo id, nothing else. */
import type { MediaKind } from './contract.js';

/** Parses the id part of a media URL: digits only, so nothing else can be smuggled in. */
export function parseMediaId(s: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function isMediaKind(s: string): s is MediaKind {
  return s === 'thumb' || s === 'full';
}
