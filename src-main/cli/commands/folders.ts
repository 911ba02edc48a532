/** shoebox folder … | sort | assign | unassign: the folders photos are sorted into (`category` is the old name of `folder`). */
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { ShoeboxError } from '../../core/util/errors.js';
import { isUnsortedName } from '../../core/domain/folders.js';
import type { FolderList } from '../../app/shapes.js';

async function change(s: CliSession, sub: string | undefined, args: string[], prompts: string[]): Promise<FolderList> {
  const { folders } = s.app;
  const name = args.join(' ');
  switch (sub) {
    case 'add':
      return folders.create(name, prompts);
    case 'describe':
      return folders.update(folders.find(name).id, { prompts });
    case 'remove':
      return folders.remove(folders.find(name).id);
    case 'rename':
      if (args.length !== 2) throw new ShoeboxError('usage', 'shoebox folder rename <old> <new> (quote names with spaces).');
      return folders.update(folders.find(args[0]!).id, { name: args[1]! });
    case 'list':
    case undefined:
      return folders.list();
    default:
      throw new ShoeboxError('usage', `Unknown: folder ${sub}. Use add, list, remove, rename or describe.`);
  }
}

export const folderCommand: Command = {
  name: 'folder',
  aliases: ['folders', 'category', 'categories'],
  summary: 'folder add <name> [--prompt <text>…] | list | remove <name> | rename <old> <new> | describe <name> --prompt <text>…   the folders photos are sorted into',
  options: { prompt: { type: 'string', multiple: true } },
  async run(s, positionals, values) {
    const [sub, ...args] = positionals;
    const value = await change(s, sub, args, (values.prompt as string[] | undefined) ?? []);
    s.out.result(value, () =>
      value.folders.length === 0
        ? 'No folders yet. Add one: shoebox folder add "Receipts" --prompt "a photo of a paper receipt"'
        : [
            ...value.folders.map((c) => `${c.name} (${c.count})  ${c.prompts.map((p) => JSON.stringify(p)).join(', ')}`),
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
    const photos = s.app.folders.placements().map((p) => ({ path: p.path, folder: p.folder, score: p.score, manual: p.manual }));
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
    app.folders.assign([id], folder?.id ?? null);
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
