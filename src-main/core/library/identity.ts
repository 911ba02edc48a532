/** A photo's identity is the hash of its bytes: it survives renames and moves. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function hashBytes(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}
