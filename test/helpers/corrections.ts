/** Corrections by hand, as a person filing a few photos of each kind would make them. */
import type { ShoeboxApp } from '../../src-main/app/shoebox-app.js';
import type { SynthPhoto } from '../fixtures/synth/photos.js';

/**
 * Puts `perClass` random photos of each class (by `label`) into the folder
 * `want` names for that class, or Unsorted (null); returns the files corrected.
 */
export async function correctPerClass(
  app: ShoeboxApp,
  photos: readonly SynthPhoto[],
  label: (p: SynthPhoto) => string,
  want: (p: SynthPhoto) => string | null,
  rng: () => number,
  perClass = 3,
): Promise<Set<string>> {
  const corrected = new Set<string>();
  const folderId = new Map(app.folders.list().folders.map((f) => [f.name, f.id]));
  const classes = new Map<string, SynthPhoto[]>();
  for (const p of photos) classes.set(label(p), [...(classes.get(label(p)) ?? []), p]);
  for (const [, members] of classes) {
    const chosen = [...members].sort(() => rng() - 0.5).slice(0, perClass);
    const to = want(chosen[0]!);
    await app.folders.assign(chosen.map((p) => app.photos.idOf(p.file)), to === null ? null : folderId.get(to)!);
    for (const p of chosen) corrected.add(p.file);
  }
  return corrected;
}
