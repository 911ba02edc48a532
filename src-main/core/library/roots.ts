/**
 * Whether a photo folder is there now. A drive that is not plugged in must
 * never look like a folder whose photos were all deleted: the library keeps
 * its photos (marked offline), with their vectors and the user's choices,
 * until the user removes the photo folder. A folder is offline when it is
 * missing, or when it is on another device than when it was last indexed and
 * none of the photos the library knows under it are there (the empty mount
 * point of an unplugged drive). The indexer adds one more case after its
 * scan: a folder with no photos at all while the library has photos under it.
 */
import { existsSync, statSync } from 'node:fs';
import type { LibraryContext } from '../context.js';

export type RootPresence = { online: true; device: string } | { online: false };

/** How many known photos are looked for when a folder's device changed. */
const SAMPLE = 32;

export function rootPresence(ctx: LibraryContext, root: string): RootPresence {
  let device: string;
  try {
    const st = statSync(root);
    if (!st.isDirectory()) return { online: false };
    device = String(st.dev);
  } catch {
    return { online: false };
  }
  const known = ctx.settings.rootDevice(root);
  if (known === undefined || known === device) return { online: true, device };
  // Another device: a drive plugged back in under a new number still holds our photos; an empty mount point does not.
  const sample = ctx.photos.under(root, SAMPLE);
  if (sample.length > 0 && !sample.some((r) => existsSync(r.path))) return { online: false };
  return { online: true, device };
}
