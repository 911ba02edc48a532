/**
 * Where photos were taken: each readable photo with GPS that has no place yet
 * (new ones, changed ones, and those indexed before migration 008) is
 * reverse-geocoded with the gazetteer, which is loaded only when there is one.
 */
import type { LibraryContext } from '../context.js';
import { loadGazetteer } from '../places/gazetteer.js';

/** Looks up the photos that have GPS and no place; returns how many. */
export async function locatePhotos(ctx: LibraryContext): Promise<number> {
  const missing = ctx.places.missing();
  if (missing.length === 0) return 0;
  let gazetteer;
  try {
    gazetteer = await loadGazetteer();
  } catch {
    return 0; // the gazetteer's files unreadable: places wait for the next run, indexing goes on
  }
  const rows = missing.map(([photoId, lat, lon]) => ({ photoId, place: gazetteer.reverse(lat, lon) }));
  ctx.places.putMany(rows);
  return rows.length;
}
