/** Category folders, their descriptions, and the manual and automatic assignments of photos to them. */
import type { Db } from './database.js';
import { fail } from '../util/errors.js';
import { FOLDER_NAME_MAX, folderNameKey, folderNameProblem } from '../domain/folders.js';

export interface Category {
  id: number;
  name: string;
  prompts: string[];
}

export interface Assignment {
  photoId: number;
  categoryId: number | null;
  score: number | null;
  /** how sure automatic sorting is (0..1); 1 for a manual choice, null before the first sort */
  confidence: number | null;
  manual: boolean;
}

/** A person's corrections, the examples folders learn from (docs/SORTING.md). */
export interface Corrections {
  /** photo id → the folder chosen by hand, or null for "not in any folder" */
  manual: Map<number, number | null>;
  /** folder id → photos a person said are not in it */
  rejected: Map<number, Set<number>>;
}

/** One photo's corrections, exactly: to undo or redo a re-filing. */
export interface PhotoCorrections {
  id: number;
  /** a folder chosen by hand (folderId; null: in no folder), or none (sorting decides) */
  manual: boolean;
  folderId: number | null;
  /** the folders a person said it is not in */
  rejected: number[];
}

/** The folders' order: the user's (migration 009); folders not placed yet (an older library) first, by name. */
const FOLDER_ORDER = 'position IS NOT NULL, position, name COLLATE NOCASE';

export class CategoryStore {
  constructor(private readonly db: Db) {}

  list(): Category[] {
    const cats = this.db.prepare(`SELECT id, name FROM categories ORDER BY ${FOLDER_ORDER}`).all() as {
      id: number;
      name: string;
    }[];
    const prompts = this.db
      .prepare('SELECT category_id AS id, prompt FROM category_prompts ORDER BY category_id, position')
      .all() as { id: number; prompt: string }[];
    return cats.map((c) => ({ ...c, prompts: prompts.filter((p) => p.id === c.id).map((p) => p.prompt) }));
  }

  byName(name: string): Category | undefined {
    const key = folderNameKey(name);
    return this.list().find((c) => folderNameKey(c.name) === key);
  }

  byId(id: number): Category | undefined {
    return this.list().find((c) => c.id === id);
  }

  requireId(id: number): Category {
    const c = this.byId(id);
    if (!c) throw fail('folder.missing_id', { id });
    return c;
  }

  require(name: string): Category {
    const c = this.byName(name);
    if (!c) throw fail('folder.missing', { name });
    return c;
  }

  add(name: string, prompts: string[]): Category {
    const clean = checkName(name);
    checkPrompts(prompts);
    if (this.byName(clean)) throw fail('folder.duplicate', { name: clean });
    return this.db.transaction(() => {
      // A new folder goes last: the others keep their places, and so their keys.
      this.placeAll();
      const { id } = this.db
        .prepare('INSERT INTO categories (name, created_at, position) VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM categories)) RETURNING id')
        .get(clean, Date.now()) as { id: number };
      this.writePrompts(id, prompts);
      return { id, name: clean, prompts: prompts.map((p) => p.trim()) };
    })();
  }

  /** Moves a folder to `position` (1 = first; past the end: last); the others keep their order. */
  move(id: number, position: number): void {
    this.requireId(id);
    this.db.transaction(() => {
      const ids = (this.db.prepare(`SELECT id FROM categories ORDER BY ${FOLDER_ORDER}`).pluck().all() as number[]).filter((x) => x !== id);
      ids.splice(Math.max(0, Math.min(ids.length, Math.floor(position) - 1)), 0, id);
      this.number(ids);
    })();
  }

  /** Gives every folder its place in the order they are listed now (a library from before folders had one). */
  private placeAll(): void {
    if ((this.db.prepare('SELECT count(*) FROM categories WHERE position IS NULL').pluck().get() as number) === 0) return;
    this.number(this.db.prepare(`SELECT id FROM categories ORDER BY ${FOLDER_ORDER}`).pluck().all() as number[]);
  }

  private number(ids: number[]): void {
    const set = this.db.prepare('UPDATE categories SET position = ? WHERE id = ?');
    ids.forEach((id, i) => set.run(i + 1, id));
  }

  setPrompts(name: string, prompts: string[]): void {
    const c = this.require(name);
    checkPrompts(prompts);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM category_prompts WHERE category_id = ?').run(c.id);
      this.writePrompts(c.id, prompts);
    })();
  }

  rename(oldName: string, newName: string): void {
    const c = this.require(oldName);
    const clean = checkName(newName);
    const other = this.byName(clean);
    if (other && other.id !== c.id) throw fail('folder.duplicate', { name: clean });
    this.db.prepare('UPDATE categories SET name = ? WHERE id = ?').run(clean, c.id);
  }

  /** Deletes the folder; its photos fall back to automatic sorting. Nothing on disk changes. */
  remove(name: string): void {
    const c = this.require(name);
    this.db.prepare('DELETE FROM categories WHERE id = ?').run(c.id);
  }

  /**
   * A person's choice: `categoryId` null takes the photo out of every folder.
   * Moving a photo out of the folder it is in (by hand or automatically) is
   * also a "not in this folder" for that folder; choosing a folder withdraws
   * an earlier "not in it".
   */
  assignManual(photoId: number, categoryId: number | null): void {
    this.db.transaction(() => {
      const now = Date.now();
      const current = this.placedIn(photoId);
      if (current !== null && current !== categoryId) this.insertRejection(photoId, current, now);
      if (categoryId !== null) this.db.prepare('DELETE FROM folder_rejections WHERE photo_id = ? AND category_id = ?').run(photoId, categoryId);
      this.db
        .prepare(
          'INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (?, ?, ?) ON CONFLICT(photo_id) DO UPDATE SET category_id = excluded.category_id, assigned_at = excluded.assigned_at',
        )
        .run(photoId, categoryId, now);
    })();
  }

  /**
   * "Not in this folder", without choosing another: the folder learns from it
   * and never takes the photo; a manual choice of that folder is withdrawn.
   */
  rejectMany(photoIds: number[], categoryId: number): void {
    this.db.transaction(() => {
      const now = Date.now();
      const drop = this.db.prepare('DELETE FROM manual_assignments WHERE photo_id = ? AND category_id = ?');
      for (const id of photoIds) {
        this.insertRejection(id, categoryId, now);
        drop.run(id, categoryId);
      }
    })();
  }

  /** Every correction: manual choices and "not in this folder" answers. */
  corrections(): Corrections {
    const rows = this.db.prepare('SELECT category_id AS c, photo_id AS p FROM folder_rejections').all() as { c: number; p: number }[];
    const rejected = new Map<number, Set<number>>();
    for (const r of rows) {
      let set = rejected.get(r.c);
      if (!set) rejected.set(r.c, (set = new Set()));
      set.add(r.p);
    }
    return { manual: this.manual(), rejected };
  }

  /** The folder a photo is in now: its manual choice, else the automatic one. */
  private placedIn(photoId: number): number | null {
    const row = this.db
      .prepare(
        `SELECT CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END AS c
         FROM photos p LEFT JOIN manual_assignments m ON m.photo_id = p.id LEFT JOIN auto_assignments a ON a.photo_id = p.id
         WHERE p.id = ?`,
      )
      .get(photoId) as { c: number | null } | undefined;
    return row?.c ?? null;
  }

  private insertRejection(photoId: number, categoryId: number, at: number): void {
    this.db.prepare('INSERT OR IGNORE INTO folder_rejections (category_id, photo_id, rejected_at) VALUES (?, ?, ?)').run(categoryId, photoId, at);
  }

  /**
   * Keeps the corrections of photos about to be forgotten (their photo folder
   * removed), keyed by content, so the same photo indexed again gets them back.
   * Returns how many photos had a correction kept.
   */
  keepCorrections(photos: { id: number; hash: string | null }[]): number {
    let kept = 0;
    this.db.transaction(() => {
      const now = Date.now();
      const manual = this.db.prepare('SELECT category_id AS c FROM manual_assignments WHERE photo_id = ?');
      const rejected = this.db.prepare('SELECT category_id AS c FROM folder_rejections WHERE photo_id = ?');
      const keepManual = this.db.prepare('INSERT OR REPLACE INTO kept_manual (hash, category_id, kept_at) VALUES (?, ?, ?)');
      const keepRejection = this.db.prepare('INSERT OR REPLACE INTO kept_rejections (hash, category_id, kept_at) VALUES (?, ?, ?)');
      for (const p of photos) {
        if (!p.hash) continue;
        const m = manual.get(p.id) as { c: number | null } | undefined;
        const r = rejected.all(p.id) as { c: number }[];
        if (m) keepManual.run(p.hash, m.c, now);
        for (const x of r) keepRejection.run(p.hash, x.c, now);
        if (m || r.length) kept++;
      }
    })();
    return kept;
  }

  /** Gives a newly indexed photo the corrections kept for its content (keepCorrections), and drops them from the keep. */
  restoreCorrections(photoId: number, hash: string): void {
    const m = this.db.prepare('SELECT category_id AS c FROM kept_manual WHERE hash = ?').get(hash) as { c: number | null } | undefined;
    const r = this.db.prepare('SELECT category_id AS c FROM kept_rejections WHERE hash = ?').all(hash) as { c: number }[];
    if (!m && r.length === 0) return;
    const now = Date.now();
    if (m)
      this.db
        .prepare('INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (?, ?, ?) ON CONFLICT(photo_id) DO NOTHING')
        .run(photoId, m.c, now);
    for (const x of r) this.insertRejection(photoId, x.c, now);
    this.db.prepare('DELETE FROM kept_manual WHERE hash = ?').run(hash);
    this.db.prepare('DELETE FROM kept_rejections WHERE hash = ?').run(hash);
  }

  /** The photos' corrections as they are now (see setCorrections). */
  correctionsOf(photoIds: number[]): PhotoCorrections[] {
    const manual = this.db.prepare('SELECT category_id AS c FROM manual_assignments WHERE photo_id = ?');
    const rejected = this.db.prepare('SELECT category_id AS c FROM folder_rejections WHERE photo_id = ? ORDER BY category_id');
    return photoIds.map((id) => {
      const m = manual.get(id) as { c: number | null } | undefined;
      return { id, manual: m !== undefined, folderId: m?.c ?? null, rejected: (rejected.all(id) as { c: number }[]).map((r) => r.c) };
    });
  }

  /** Puts the photos' corrections back exactly as correctionsOf read them (folders deleted since are skipped), all or none. */
  setCorrections(list: PhotoCorrections[]): void {
    this.db.transaction(() => {
      const now = Date.now();
      const exists = this.db.prepare('SELECT 1 FROM categories WHERE id = ?');
      for (const p of list) {
        this.db.prepare('DELETE FROM manual_assignments WHERE photo_id = ?').run(p.id);
        this.db.prepare('DELETE FROM folder_rejections WHERE photo_id = ?').run(p.id);
        if (p.manual && (p.folderId === null || exists.get(p.folderId)))
          this.db.prepare('INSERT INTO manual_assignments (photo_id, category_id, assigned_at) VALUES (?, ?, ?)').run(p.id, p.folderId, now);
        for (const c of p.rejected) if (exists.get(c)) this.insertRejection(p.id, c, now);
      }
    })();
  }

  /** The same choice for many photos, all or none. */
  assignManualMany(photoIds: number[], categoryId: number | null): void {
    this.db.transaction(() => photoIds.forEach((id) => this.assignManual(id, categoryId)))();
  }

  clearManualMany(photoIds: number[]): void {
    this.db.transaction(() => photoIds.forEach((id) => this.clearManual(id)))();
  }

  /** Forgets a manual choice; automatic sorting decides again. */
  clearManual(photoId: number): void {
    this.db.prepare('DELETE FROM manual_assignments WHERE photo_id = ?').run(photoId);
  }

  manual(): Map<number, number | null> {
    const rows = this.db.prepare('SELECT photo_id, category_id FROM manual_assignments').all() as {
      photo_id: number;
      category_id: number | null;
    }[];
    return new Map(rows.map((r) => [r.photo_id, r.category_id]));
  }

  /** Replaces the automatic sorting of the given photos (all photos when `replaceAll`). */
  saveAuto(rows: { photoId: number; categoryId: number | null; score: number; confidence?: number | undefined }[], replaceAll: boolean): void {
    this.db.transaction(() => {
      if (replaceAll) this.db.prepare('DELETE FROM auto_assignments').run();
      const stmt = this.db.prepare(
        'INSERT OR REPLACE INTO auto_assignments (photo_id, category_id, score, confidence) VALUES (?, ?, ?, ?)',
      );
      for (const r of rows) stmt.run(r.photoId, r.categoryId, r.score, r.confidence ?? null);
    })();
  }

  /** The folder each photo is in: the manual choice where there is one, else the automatic one. */
  assignments(): Assignment[] {
    return (
      this.db
        .prepare(
          `SELECT p.id AS photoId,
                  CASE WHEN m.photo_id IS NOT NULL THEN m.category_id ELSE a.category_id END AS categoryId,
                  a.score AS score,
                  CASE WHEN m.photo_id IS NOT NULL THEN 1 ELSE a.confidence END AS confidence,
                  m.photo_id IS NOT NULL AS manual
           FROM photos p
           LEFT JOIN manual_assignments m ON m.photo_id = p.id
           LEFT JOIN auto_assignments a ON a.photo_id = p.id
           WHERE p.error IS NULL
           ORDER BY p.path`,
        )
        .all() as { photoId: number; categoryId: number | null; score: number | null; confidence: number | null; manual: number }[]
    ).map((r) => ({ ...r, manual: r.manual === 1 }));
  }

  counts(): Map<number | null, number> {
    const out = new Map<number | null, number>();
    for (const a of this.assignments()) out.set(a.categoryId, (out.get(a.categoryId) ?? 0) + 1);
    return out;
  }

  private writePrompts(categoryId: number, prompts: string[]): void {
    const stmt = this.db.prepare('INSERT INTO category_prompts (category_id, position, prompt) VALUES (?, ?, ?)');
    prompts.forEach((p, i) => stmt.run(categoryId, i, p.trim()));
  }
}

/** The name as stored (NFC, trimmed), or the rule it breaks. */
function checkName(name: string): string {
  const problem = folderNameProblem(name);
  if (problem === 'empty') throw fail('folder.empty_name');
  if (problem === 'reserved') throw fail('folder.reserved');
  if (problem === 'too_long') throw fail('folder.too_long', { max: FOLDER_NAME_MAX });
  return name.normalize('NFC').trim();
}

function checkPrompts(prompts: string[]): void {
  if (prompts.length === 0 || prompts.some((p) => !p.trim())) throw fail('folder.no_prompts');
}
