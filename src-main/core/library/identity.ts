/** A photo's identity is the hash of its bytes: it survives renames and moves. Files are hashed as streams. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fail } from '../util/errors.js';

/** The largest file read as a photo: larger ones are refused before a byte is read (a camera's RAW-sized JPEG is far smaller). */
export const MAX_PHOTO_BYTES = 200 * 1024 * 1024;

export function hashBytes(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The refusal of a file over `max` bytes, as a photo's coded reason. */
export function tooLarge(size: number, max = MAX_PHOTO_BYTES): Error {
  return fail('imaging.too_large', { mb: Math.ceil(size / 2 ** 20), max: Math.floor(max / 2 ** 20) });
}

/**
 * Reads a photo once, hashing it as it streams in, and keeps its bytes (for
 * decoding). A file that grew past `max` since it was measured is refused
 * mid-way, never read whole.
 */
export async function readHashed(path: string, max = MAX_PHOTO_BYTES): Promise<{ hash: string; bytes: Buffer }> {
  const h = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > max) throw tooLarge(size, max);
      h.update(chunk as Buffer);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return { hash: h.digest('hex'), bytes: Buffer.concat(chunks, size) };
}
