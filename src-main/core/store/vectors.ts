/**
 * Vectors per (photo, model) and cached text vectors, stored as float32 blobs;
 * beside each photo vector, its int8 codes (vector-codes/int8.ts), from which
 * the search index is built at launch (migration 003).
 */
import type { Db } from './database.js';
import { codesOfBlob, encodeCodes } from '../vector-codes/int8.js';

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy: the blob's buffer may be unaligned or shared.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Codes of a model's photos, as the search index holds them: photos without errors, in id order. */
export const INDEX_CODES_SQL =
  'SELECT c.photo_id, c.codes FROM embedding_codes c JOIN photos p ON p.id = c.photo_id WHERE c.model_id = ? AND p.error IS NULL ORDER BY c.photo_id';

/**
 * Writes the codes of every vector that has none (of one model, or of all):
 * vectors written before migration 003, or by a writer that bypassed
 * VectorStore (the triggers then dropped any stale codes). Returns how many.
 */
export function fillMissingCodes(db: Db, modelId?: number): number {
  db.function('shoebox_int8_codes', { deterministic: true }, (blob: unknown) =>
    blob instanceof Uint8Array ? codesOfBlob(blob) : null,
  );
  return db
    .prepare(
      `INSERT INTO embedding_codes (model_id, photo_id, codes)
       SELECT e.model_id, e.photo_id, shoebox_int8_codes(e.vector)
       FROM embeddings e JOIN models m ON m.id = e.model_id
       WHERE length(e.vector) = 4 * m.dim AND (@model IS NULL OR e.model_id = @model)
         AND NOT EXISTS (SELECT 1 FROM embedding_codes c WHERE c.model_id = e.model_id AND c.photo_id = e.photo_id)
       ORDER BY e.model_id, e.photo_id`,
    )
    .run({ model: modelId ?? null }).changes;
}

export interface ModelRecord {
  id: number;
  key: string;
  name: string;
  dim: number;
}

export class VectorStore {
  constructor(private readonly db: Db) {}

  /** The model's row, created on first use. */
  model(key: string, name: string, dim: number): ModelRecord {
    this.db
      .prepare('INSERT INTO models (key, name, dim) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET name = excluded.name')
      .run(key, name, dim);
    const row = this.db.prepare('SELECT * FROM models WHERE key = ?').get(key) as ModelRecord;
    if (row.dim !== dim) {
      // Same folder, different model inside: old vectors are meaningless now.
      this.db.prepare('DELETE FROM embeddings WHERE model_id = ?').run(row.id);
      this.db.prepare('DELETE FROM embedding_codes WHERE model_id = ?').run(row.id);
      this.db.prepare('DELETE FROM text_vectors WHERE model_id = ?').run(row.id);
      this.db.prepare('UPDATE models SET dim = ? WHERE id = ?').run(dim, row.id);
      row.dim = dim;
    }
    return row;
  }

  models(): ModelRecord[] {
    return this.db.prepare('SELECT * FROM models ORDER BY id').all() as ModelRecord[];
  }

  has(photoId: number, modelId: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? AND model_id = ?').get(photoId, modelId) !==
      undefined
    );
  }

  /** Stores a photo's vector and its codes, together. */
  put(photoId: number, modelId: number, v: Float32Array): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO embeddings (photo_id, model_id, vector) VALUES (?, ?, ?)')
        .run(photoId, modelId, toBlob(v));
      this.db
        .prepare('INSERT OR REPLACE INTO embedding_codes (model_id, photo_id, codes) VALUES (?, ?, ?)')
        .run(modelId, photoId, encodeCodes(v));
    })();
  }

  get(photoId: number, modelId: number): Float32Array | undefined {
    const row = this.db
      .prepare('SELECT vector FROM embeddings WHERE photo_id = ? AND model_id = ?')
      .get(photoId, modelId) as { vector: Buffer } | undefined;
    return row ? fromBlob(row.vector) : undefined;
  }

  /** Drops a photo's vectors for every model (its content changed). */
  clear(photoId: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM embeddings WHERE photo_id = ?').run(photoId);
      this.db.prepare('DELETE FROM embedding_codes WHERE photo_id = ?').run(photoId);
    })();
  }

  /** Copies vectors from one photo to another with identical bytes (a duplicate needs no decoding). */
  copy(fromPhoto: number, toPhoto: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT OR REPLACE INTO embeddings (photo_id, model_id, vector) SELECT ?, model_id, vector FROM embeddings WHERE photo_id = ?',
        )
        .run(toPhoto, fromPhoto);
      this.db
        .prepare(
          'INSERT OR REPLACE INTO embedding_codes (model_id, photo_id, codes) SELECT model_id, ?, codes FROM embedding_codes WHERE photo_id = ?',
        )
        .run(toPhoto, fromPhoto);
    })();
  }

  count(modelId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?').get(modelId) as { n: number }).n;
  }

  /** How many photos have codes for the model (equal to count() unless some are missing: see fillMissingCodes). */
  codesCount(modelId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM embedding_codes WHERE model_id = ?').get(modelId) as { n: number }).n;
  }

  /** Streams (photo id, vector) of a model, in id order, without building row objects per vector. */
  *iterate(modelId: number): Generator<{ photoId: number; vector: Buffer }> {
    const stmt = this.db
      .prepare(
        'SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE e.model_id = ? AND p.error IS NULL ORDER BY e.photo_id',
      )
      .raw(false);
    yield* stmt.iterate(modelId) as Iterable<{ photoId: number; vector: Buffer }>;
  }

  textVector(modelId: number, text: string): Float32Array | undefined {
    const row = this.db
      .prepare('SELECT vector FROM text_vectors WHERE model_id = ? AND text = ?')
      .get(modelId, text) as { vector: Buffer } | undefined;
    return row ? fromBlob(row.vector) : undefined;
  }

  putTextVector(modelId: number, text: string, v: Float32Array): void {
    this.db
      .prepare('INSERT OR REPLACE INTO text_vectors (model_id, text, vector) VALUES (?, ?, ?)')
      .run(modelId, text, toBlob(v));
  }
}
