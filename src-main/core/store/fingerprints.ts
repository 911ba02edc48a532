/**
 * What the duplicate finder reads besides the vectors (migration 006): each
 * photo's 16×16 grey picture, sharpness and real format, and the pairs a
 * person said are not duplicates.
 */
import type { Db } from './database.js';

export interface Fingerprint {
  /** 16 × 16 8-bit grey, row-major (imaging/decode.ts GREY_SIDE) */
  grey: Buffer;
  sharpness: number;
  format: string;
}

export type DismissalKind = 'duplicates' | 'similar';

export class FingerprintStore {
  constructor(private readonly db: Db) {}

  has(photoId: number): boolean {
    return this.db.prepare('SELECT 1 FROM photo_fingerprints WHERE photo_id = ?').get(photoId) !== undefined;
  }

  put(photoId: number, f: Fingerprint): void {
    this.db
      .prepare('INSERT OR REPLACE INTO photo_fingerprints (photo_id, grey, sharpness, format) VALUES (?, ?, ?, ?)')
      .run(photoId, f.grey, f.sharpness, f.format);
  }

  get(photoId: number): Fingerprint | undefined {
    return this.db.prepare('SELECT grey, sharpness, format FROM photo_fingerprints WHERE photo_id = ?').get(photoId) as Fingerprint | undefined;
  }

  /** An identical copy has the same fingerprint. */
  copy(fromPhoto: number, toPhoto: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO photo_fingerprints (photo_id, grey, sharpness, format) SELECT ?, grey, sharpness, format FROM photo_fingerprints WHERE photo_id = ?')
      .run(toPhoto, fromPhoto);
  }

  clear(photoId: number): void {
    this.db.prepare('DELETE FROM photo_fingerprints WHERE photo_id = ?').run(photoId);
  }

  /** Every fingerprint, by photo id. */
  all(): Map<number, Fingerprint> {
    const rows = this.db.prepare('SELECT photo_id AS id, grey, sharpness, format FROM photo_fingerprints').all() as (Fingerprint & { id: number })[];
    return new Map(rows.map((r) => [r.id, { grey: r.grey, sharpness: r.sharpness, format: r.format }]));
  }

  /** Remembers that these contents are not duplicates (or not similar shots) of each other, pair by pair. */
  dismiss(kind: DismissalKind, hashes: string[]): void {
    const sorted = [...new Set(hashes)].sort();
    const stmt = this.db.prepare('INSERT OR IGNORE INTO duplicate_dismissals (kind, hash_a, hash_b, dismissed_at) VALUES (?, ?, ?, ?)');
    const now = Date.now();
    this.db.transaction(() => {
      if (sorted.length === 1) stmt.run(kind, sorted[0], sorted[0], now); // exact copies: one content
      for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) stmt.run(kind, sorted[i], sorted[j], now);
    })();
  }

  /** The dismissed pairs of a kind, as "hashA hashB" keys (hashA ≤ hashB). */
  dismissed(kind: DismissalKind): Set<string> {
    const rows = this.db.prepare('SELECT hash_a, hash_b FROM duplicate_dismissals WHERE kind = ?').all(kind) as { hash_a: string; hash_b: string }[];
    return new Set(rows.map((r) => pairKey(r.hash_a, r.hash_b)));
  }
}

export function pairKey(a: string, b: string): string {
  return a <= b ? `${a} ${b}` : `${b} ${a}`;
}
