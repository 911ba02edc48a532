/** shoebox restore: put a backup of the library's database back (the newest good one, or --from). */
import type { Command } from './command.js';
import { libraryBackups, restoreLibrary } from '../../app/use-cases/backups.js';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'restore [--from <backup>] [--list]   put back the newest good backup of the library database (kept daily, the last 3, in <library>/backups)',
  options: { from: { type: 'string' }, list: { type: 'boolean', default: false } },
  async run() {
    // Never called: restore runs without opening the library (runWithoutLibrary).
  },
  async runWithoutLibrary(library, out, _positionals, values) {
    if (values.list) {
      const backups = libraryBackups(library);
      out.result({ backups }, () =>
        backups.length ? backups.map((b) => `${b.takenAt.slice(0, 16).replace('T', ' ')} UTC  ${b.file}`).join('\n') : 'No backups yet.',
      );
      return;
    }
    const r = restoreLibrary(library, values.from as string | undefined);
    out.result(r, () =>
      [
        `Restored the library from the backup of ${r.restored.takenAt.slice(0, 16).replace('T', ' ')} UTC (${r.restored.file}).`,
        ...(r.previous ? [`The database it replaced is kept as ${r.previous}.`] : []),
        'What changed after the backup is not in it: `shoebox index` picks up photos added since.',
      ].join('\n'),
    );
  },
};
