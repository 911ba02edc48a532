/**
 * The int8 code format of a unit vector: one int8 per dimension (max |x| maps
 * to ±127) and a float32 scale (max |x| / 127). Pure data, no search logic:
 * the store writes codes beside each vector, search scans them.
 *
 * Stored codes (the embedding_codes table): the `dim` int8 codes, then the
 * scale as float32 little-endian, dim + 4 bytes. Launch reads these instead
 * of the float32 vectors and copies them into search rows as they are.
 * Changing this format needs a migration that rewrites the table (003 keeps
 * its own frozen copy).
 */

/** Rounds v to int8 codes at out[offset …offset+dim); returns the scale (max |x| / 127). */
export function quantize(v: ArrayLike<number>, dim: number, out: Int8Array, offset: number): number {
  let max = 0;
  for (let j = 0; j < dim; j++) {
    const a = Math.abs(v[j]!);
    if (a > max) max = a;
  }
  const inv = max > 0 ? 127 / max : 0;
  for (let j = 0; j < dim; j++) out[offset + j] = Math.round(v[j]! * inv);
  return max / 127;
}

/** Bytes of a photo's stored codes. */
export function codesBytes(dim: number): number {
  return dim + 4;
}

/** The stored codes of a vector. */
export function encodeCodes(v: ArrayLike<number>): Buffer {
  const dim = v.length;
  const out = Buffer.alloc(codesBytes(dim));
  const scale = quantize(v, dim, new Int8Array(out.buffer, out.byteOffset, dim), 0);
  out.writeFloatLE(scale, dim);
  return out;
}

/** The stored codes of a float32 vector blob as kept in `embeddings` (null if it is not a whole number of floats). */
export function codesOfBlob(blob: Uint8Array): Buffer | null {
  if (blob.byteLength === 0 || blob.byteLength % 4 !== 0) return null;
  const v = new Float32Array(blob.byteLength / 4);
  new Uint8Array(v.buffer).set(blob); // blobs may be unaligned
  return encodeCodes(v);
}
