/**
 * The active model's photo vectors, in memory, in one contiguous Float32Array
 * (row i = photo ids[i]). A query is a dot product with every row (vectors are
 * unit length, so that is cosine similarity) and a bounded top-k.
 */
export interface Hit {
  photoId: number;
  score: number;
}

export class VectorIndex {
  private ids: Int32Array;
  private data: Float32Array;
  private n = 0;
  private readonly rowOf = new Map<number, number>();

  constructor(readonly dim: number, capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.data = new Float32Array(capacity * dim);
  }

  get size(): number {
    return this.n;
  }

  /** Photo id of each row. */
  photoIds(): Int32Array {
    return this.ids.subarray(0, this.n);
  }

  /** Adds or replaces a photo's vector. */
  set(photoId: number, v: Float32Array): void {
    if (v.length !== this.dim) throw new Error(`vector of ${v.length} dims in an index of ${this.dim}`);
    let row = this.rowOf.get(photoId);
    if (row === undefined) {
      if (this.n === this.ids.length) this.grow();
      row = this.n++;
      this.rowOf.set(photoId, row);
      this.ids[row] = photoId;
    }
    this.data.set(v, row * this.dim);
  }

  /** Adds a vector straight from its float32 blob. */
  setBlob(photoId: number, blob: Uint8Array): void {
    this.set(photoId, new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)));
  }

  delete(photoId: number): void {
    const row = this.rowOf.get(photoId);
    if (row === undefined) return;
    const last = --this.n;
    if (row !== last) {
      // Move the last row into the hole: rows stay contiguous.
      const lastId = this.ids[last]!;
      this.ids[row] = lastId;
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.rowOf.set(lastId, row);
    }
    this.rowOf.delete(photoId);
  }

  has(photoId: number): boolean {
    return this.rowOf.has(photoId);
  }

  vector(photoId: number): Float32Array | undefined {
    const row = this.rowOf.get(photoId);
    return row === undefined ? undefined : this.data.subarray(row * this.dim, (row + 1) * this.dim);
  }

  /** Every photo's similarity to `q`, in row order (for sorting, which needs all of them). */
  scoresAll(q: Float32Array): { ids: Int32Array; scores: Float32Array } {
    const scores = new Float32Array(this.n);
    const d = this.dim;
    const data = this.data;
    for (let r = 0; r < this.n; r++) {
      let s = 0;
      const o = r * d;
      for (let j = 0; j < d; j++) s += data[o + j]! * q[j]!;
      scores[r] = s;
    }
    return { ids: this.ids.subarray(0, this.n), scores };
  }

  /** The k most similar photos, best first. */
  search(q: Float32Array, k: number, exclude?: number): Hit[] {
    const { ids, scores } = this.scoresAll(q);
    return topK(ids, scores, k, exclude);
  }

  private grow(): void {
    const cap = this.ids.length * 2;
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    const data = new Float32Array(cap * this.dim);
    data.set(this.data);
    this.ids = ids;
    this.data = data;
  }
}

/** Top-k by a min-heap of size k: O(n log k), no full sort of n scores. */
export function topK(ids: Int32Array, scores: Float32Array, k: number, exclude?: number): Hit[] {
  const heapS = new Float32Array(k);
  const heapI = new Int32Array(k);
  let size = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (ids[i] === exclude) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (heapS[p]! <= s) break;
        heapS[c] = heapS[p]!;
        heapI[c] = heapI[p]!;
        c = p;
      }
      heapS[c] = s;
      heapI[c] = i;
    } else if (s > heapS[0]!) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && heapS[r]! < heapS[l]! ? r : l;
        if (heapS[m]! >= s) break;
        heapS[c] = heapS[m]!;
        heapI[c] = heapI[m]!;
        c = m;
      }
      heapS[c] = s;
      heapI[c] = i;
    }
  }
  const out: Hit[] = [];
  for (let j = 0; j < size; j++) out.push({ photoId: ids[heapI[j]!]!, score: heapS[j]! });
  return out.sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}
