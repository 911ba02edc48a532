/** The one sha256 of the tests, hex-encoded as the catalog and the photo store write it. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The sha256 of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The sha256 of a file's bytes. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}
