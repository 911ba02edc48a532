/** Grid thumbnails on disk, one WebP per distinct photo content (named by its hash), so moves keep them. */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class ThumbStore {
  constructor(readonly dir: string) {}

  path(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.webp`);
  }

  has(hash: string): boolean {
    return existsSync(this.path(hash));
  }

  /** Written under a temporary name and renamed, so a crash never leaves half a thumbnail. */
  write(hash: string, webp: Buffer): void {
    const file = this.path(hash);
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, webp);
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true }); // a full disk leaves no half-written file behind
      throw err;
    }
  }
}
