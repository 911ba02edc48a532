/** Library settings (JSON values) and the photo folders the user added. */
import type { Db } from './database.js';

export class SettingsStore {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  roots(): string[] {
    return (this.db.prepare('SELECT path FROM roots ORDER BY path').all() as { path: string }[]).map((r) => r.path);
  }

  addRoot(path: string): void {
    this.db.prepare('INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)').run(path, Date.now());
  }

  /** The device the folder was on when last indexed (undefined: not a folder of the library, or never indexed). */
  rootDevice(path: string): string | undefined {
    const row = this.db.prepare('SELECT device FROM roots WHERE path = ?').get(path) as { device: string | null } | undefined;
    return row?.device ?? undefined;
  }

  setRootDevice(path: string, device: string): void {
    this.db.prepare('UPDATE roots SET device = ? WHERE path = ? AND device IS NOT ?').run(device, path, device);
  }

  /** Forgets a folder and its photos' records. The photos on disk are never touched. */
  removeRoot(path: string): void {
    this.db.prepare('DELETE FROM roots WHERE path = ?').run(path);
  }
}
