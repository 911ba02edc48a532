/** Seeded random vectors for the search tests. */
export { mulberry32 } from '../fixtures/synth/photos.js';

/** A random unit vector of `dim` dimensions drawn from `r`. */
export function randomUnit(dim: number, r: () => number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => r() * 2 - 1);
  let n = 0;
  for (const x of v) n += x * x;
  return v.map((x) => x / Math.sqrt(n));
}
