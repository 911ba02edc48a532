import type { Migration } from './index.js';

/**
 * The int8 codes of every vector (dim codes + float32 scale), beside the
 * float32 vector in `embeddings`. Launch builds the search index from these:
 * 516 bytes per 512-d photo in rows that fit a page, against 2 KB vectors that
 * each spill to an overflow page (4.7 KB read per photo). The float32 vectors
 * stay the truth: search rescores its few best candidates with them.
 *
 * VectorStore writes both in one transaction. The triggers drop codes whose
 * vector was replaced or deleted by any other writer, so codes are never
 * stale, only missing; loading fills in missing ones (fillMissingCodes).
 */
export const m003_embedding_codes: Migration = {
  version: 3,
  name: 'embedding-codes',
  up(db) {
    db.exec(`
      CREATE TABLE embedding_codes (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        codes    BLOB NOT NULL,            -- int8 per dimension, then the float32 scale (LE)
        PRIMARY KEY (model_id, photo_id)   -- a model's codes lie together: launch reads them in one sweep
      ) WITHOUT ROWID;
      CREATE INDEX embedding_codes_photo ON embedding_codes(photo_id);

      CREATE TRIGGER embeddings_insert_codes AFTER INSERT ON embeddings BEGIN
        DELETE FROM embedding_codes WHERE model_id = NEW.model_id AND photo_id = NEW.photo_id;
      END;
      CREATE TRIGGER embeddings_update_codes AFTER UPDATE ON embeddings BEGIN
        DELETE FROM embedding_codes WHERE model_id = OLD.model_id AND photo_id = OLD.photo_id;
        DELETE FROM embedding_codes WHERE model_id = NEW.model_id AND photo_id = NEW.photo_id;
      END;
      CREATE TRIGGER embeddings_delete_codes AFTER DELETE ON embeddings BEGIN
        DELETE FROM embedding_codes WHERE model_id = OLD.model_id AND photo_id = OLD.photo_id;
      END;
    `);
    db.function('shoebox_m003_int8_codes', { deterministic: true }, (blob: unknown) =>
      blob instanceof Uint8Array ? int8CodesOfBlob(blob) : null,
    );
    db.exec(`
      INSERT INTO embedding_codes (model_id, photo_id, codes)
      SELECT e.model_id, e.photo_id, shoebox_m003_int8_codes(e.vector)
      FROM embeddings e JOIN models m ON m.id = e.model_id
      WHERE length(e.vector) = 4 * m.dim
      ORDER BY e.model_id, e.photo_id
    `);
  },
};

/*
 * A frozen copy of the int8 code format as it was when 003 shipped (then
 * search/int8-codes.ts: encodeCodes, codesOfBlob; store/vectors.ts:
 * fillMissingCodes). Copied, not imported, so that a later change to the
 * app's format cannot silently change what this migration writes: such a
 * change needs a migration of its own. Never edit.
 */

/** The codes of a float32 vector blob: dim int8 codes (max |x| maps to ±127), then max|x|/127 as float32 LE. */
function int8CodesOfBlob(blob: Uint8Array): Buffer | null {
  if (blob.byteLength === 0 || blob.byteLength % 4 !== 0) return null;
  const dim = blob.byteLength / 4;
  const v = new Float32Array(dim);
  new Uint8Array(v.buffer).set(blob); // blobs may be unaligned
  let max = 0;
  for (let j = 0; j < dim; j++) {
    const a = Math.abs(v[j]!);
    if (a > max) max = a;
  }
  const out = Buffer.alloc(dim + 4);
  const codes = new Int8Array(out.buffer, out.byteOffset, dim);
  const inv = max > 0 ? 127 / max : 0;
  for (let j = 0; j < dim; j++) codes[j] = Math.round(v[j]! * inv);
  out.writeFloatLE(max / 127, dim);
  return out;
}
