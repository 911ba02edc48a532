/** shoebox folder … | sort | assign | unassign: the folders photos are sorted into (`category` is the old name of `folder`). */
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { ShoeboxError, fail } from '../../core/util/errors.js';
import { isUnsortedName } from '../../core/domain/folders.js';
import type { FolderList } from '../../app/shapes.js';

async function change(s: CliSession, sub: string | undefined, args: string[], prompts: string[], to: string | undefined): Promise<FolderList> {
  const { folders } = s.app;
  const name = args.join(' ');
  switch (sub) {
    case 'add':
      return folders.create(name, prompts);
    case 'describe':
      return folders.update(folders.find(name).id, { prompts });
    case 'remove':
      return folders.remove(folders.find(name).id);
    case 'move': {
      const position = Number(to);
      if (to === undefined || !Number.isInteger(position) || position < 1) throw fail('folder.bad_position', { max: folders.list().folders.length });
      return folders.move(folders.find(name).id, position);
    }
    case 'rename':
      if (args.length !== 2) throw new ShoeboxError('usage', 'shoebox folder rename <old> <new> (quote names with spaces).');
      return folders.update(folders.find(args[0]!).id, { name: args[1]! });
    case 'list':
    case undefined:
      return folders.refresh();
    default:
      throw new ShoeboxError('usage', `Unknown: folder ${sub}. Use add, list, move, remove, rename, describe, suggest or overlap.`);
  }
}

/** `folder suggest <name>`: the photos the folder is least sure about; answer with `assign` (yes) or `reject` (no). */
async function suggest(s: CliSession, name: string, limitText: string | undefined): Promise<void> {
  if (!name) throw new ShoeboxError('usage', 'shoebox folder suggest <folder> [--limit N]');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw new ShoeboxError('usage', '--limit takes a whole number of photos, 1 or more.');
  const folder = s.app.folders.find(name);
  const found = await s.app.folders.suggest(folder.id, limit);
  const suggestions = found.suggestions.map((x) => ({ path: x.path, score: x.score, inFolder: x.inFolder }));
  s.out.result({ folder: folder.name, total: found.total, suggestions }, () =>
    suggestions.length === 0
      ? `Nothing to ask about ${folder.name}: sorting is sure of every photo.`
      : [
          `${found.total} photo(s) ${folder.name} is unsure about, least sure first. Answer: shoebox assign <photo> "${folder.name}" (yes) or shoebox reject <photo> "${folder.name}" (no).`,
          ...suggestions.map((x) => `${x.score.toFixed(2)}  ${x.inFolder ? 'in    ' : 'not in'}  ${x.path}`),
        ].join('\n'),
  );
}

/** `folder overlap`: the folders' text similarity, and the pairs photos may go either way between. */
async function overlap(s: CliSession): Promise<void> {
  const o = await s.app.folders.overlap();
  s.out.result(o, () =>
    o.overlaps.length === 0
      ? `No folders overlap (text similarity below ${o.threshold}).`
      : o.overlaps.map((p) => `${p.a.name} and ${p.b.name} overlap (${p.similarity.toFixed(2)}): photos may go to either.`).join('\n'),
  );
}

export const folderCommand: Command = {
  name: 'folder',
  aliases: ['folders', 'category', 'categories'],
  summary:
    'folder add <name> [--prompt <text>…] | list | move <name> --to <position> | remove <name> | rename <old> <new> | describe <name> --prompt <text>… | suggest <name> [--limit N] | overlap   the folders photos are sorted into',
  options: { prompt: { type: 'string', multiple: true }, limit: { type: 'string' }, to: { type: 'string' } },
  async run(s, positionals, values) {
    const [sub, ...args] = positionals;
    if (sub === 'suggest') return suggest(s, args.join(' '), values.limit as string | undefined);
    if (sub === 'overlap') return overlap(s);
    const value = await change(s, sub, args, (values.prompt as string[] | undefined) ?? [], values.to as string | undefined);
    s.out.result(value, () =>
      value.folders.length === 0
        ? 'No folders yet. Add one: shoebox folder add "Receipts" --prompt "a photo of a paper receipt"'
        : [
            ...value.folders.map(
              (c, i) => `${i < 9 ? `[${i + 1}] ` : '    '}${c.name} (${c.count}${c.suggestions ? `, ${c.suggestions} to ask about` : ''})  ${c.prompts.map((p) => JSON.stringify(p)).join(', ')}`,
            ),
            `Unsorted (${value.unsorted})`,
          ],
    );
  },
};

export const sortCommand: Command = {
  name: 'sort',
  summary: 'sort               sort every photo into its folder, or Unsorted; manual choices stay',
  options: {},
  async run(s) {
    await s.app.folders.sort();
    const photos = s.app.folders.placements().map((p) => ({ path: p.path, folder: p.folder, score: p.score, confidence: p.confidence, manual: p.manual }));
    s.out.result({ photos }, () =>
      photos.map((p) => `${(p.folder ?? 'Unsorted').padEnd(20)} ${p.manual ? '(manual) ' : ''}${p.path}`),
    );
  },
};

export const assignCommand: Command = {
  name: 'assign',
  summary: 'assign <photo> <folder>   put a photo in a folder by hand ("Unsorted" takes it out); sorting never overrides it',
  options: {},
  async run(s, positionals) {
    const [photoPath, ...rest] = positionals;
    const name = rest.join(' ');
    if (!photoPath || !name) throw new ShoeboxError('usage', 'shoebox assign <photo> <folder>');
    const { app } = s;
    const id = app.photos.idOf(photoPath);
    const folder = isUnsortedName(name) ? null : app.folders.find(name);
    await app.folders.assign([id], folder?.id ?? null);
    const path = app.photos.get(id).path;
    s.out.result({ path, folder: folder?.name ?? null, manual: true }, () => [`${path} → ${folder?.name ?? 'Unsorted'} (manual)`]);
  },
};

export const unassignCommand: Command = {
  name: 'unassign',
  summary: 'unassign <photo>   forget a manual choice; automatic sorting decides again',
  options: {},
  async run(s, positionals) {
    const [photoPath] = positionals;
    if (!photoPath) throw new ShoeboxError('usage', 'shoebox unassign <photo>');
    const { app } = s;
    const id = app.photos.idOf(photoPath);
    await app.folders.unassign([id]);
    const photo = app.photos.get(id);
    s.out.result({ path: photo.path, folder: photo.folder?.name ?? null, manual: false }, () => [
      `${photo.path} → ${photo.folder?.name ?? 'Unsorted'} (automatic sorting again)`,
    ]);
  },
};

export const rejectCommand: Command = {
  name: 'reject',
  summary: 'reject <photo> <folder>   "not in this folder", without choosing another; the folder learns from it',
  options: {},
  async run(s, positionals) {
    const [photoPath, ...rest] = positionals;
    const name = rest.join(' ');
    if (!photoPath || !name) throw new ShoeboxError('usage', 'shoebox reject <photo> <folder>');
    const { app } = s;
    const id = app.photos.idOf(photoPath);
    const folder = app.folders.find(name);
    await app.folders.reject([id], folder.id);
    const photo = app.photos.get(id);
    s.out.result({ path: photo.path, rejected: folder.name, folder: photo.folder?.name ?? null }, () =>
      `${photo.path} is not in ${folder.name}; now in ${photo.folder?.name ?? 'Unsorted'}`,
    );
  },
};
