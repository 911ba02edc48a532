/** Deterministic random unit vectors: vector i is the same on every call, so none need keeping. */
export function vectorFor(id: number, dim: number, out = new Float32Array(dim)): Float32Array {
  let s = (Math.imul(id, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1;
  let norm = 0;
  for (let j = 0; j < dim; j += 2) {
    // xorshift32 → two uniforms → Box-Muller: isotropic directions, like normalised embeddings of unrelated photos
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const u1 = (s + 1) / 4294967297;
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const u2 = s / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[j] = r * Math.cos(2 * Math.PI * u2);
    if (j + 1 < dim) out[j + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  for (let j = 0; j < dim; j++) norm += out[j]! * out[j]!;
  const inv = 1 / Math.sqrt(norm);
  for (let j = 0; j < dim; j++) out[j]! *= inv;
  return out;
}

/** Query vectors, from a range of ids no photo uses. */
export function queryFor(i: number, dim: number): Float32Array {
  return vectorFor(2_000_000_000 - i, dim);
}
