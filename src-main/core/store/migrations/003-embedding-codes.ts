import type { Migration } from './index.js';
import { fillMissingCodes } from '../vectors.js';

/**
 * The int8 codes of every vector (search/int8-codes.ts: dim codes + float32
 * scale), beside the float32 vector in `embeddings`. Launch builds the search
 * index from these: 516 bytes per 512-d photo in rows that fit a page, against
 * 2 KB vectors that each spill to an overflow page (4.7 KB read per photo).
 * The float32 vectors stay the truth: search rescores its few best candidates
 * with them.
 *
 * VectorStore writes both in one transaction. The triggers drop codes whose
 * vector was replaced or deleted by any other writer, so codes are never
 * stale, only missing; loading fills in missing ones (fillMissingCodes).
 * Existing vectors get their codes here, computed by the same function the
 * app uses.
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
    fillMissingCodes(db);
  },
};
