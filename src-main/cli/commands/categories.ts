/** shoebox category … | sort | assign | unassign: the category folders photos are sorted into. */
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { ShoeboxError } from '../../core/util/errors.js';
import { isUnsortedName } from '../../core/domain/folders.js';
import type { FolderList } from '../../app/shapes.js';

function listValue(list: FolderList): { categories: { name: string; prompts: string[]; count: number }[]; unsorted: number } {
  return { categories: list.folders.map(({ name, prompts, count }) => ({ name, prompts, count })), unsorted: list.unsorted };
}

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
      if (args.length !== 2) throw new ShoeboxError('usage', 'shoebox category rename <old> <new> (quote names with spaces).');
      return folders.update(folders.find(args[0]!).id, { name: args[1]! });
    case 'list':
    case undefined:
      return folders.list();
    default:
      throw new ShoeboxError('usage', `Unknown: category ${sub}. Use add, list, remove, rename or describe.`);
  }
}

export const categoryCommand: Command = {
  name: 'category',
  aliases: ['categories', 'folder', 'folders'],
  summary: 'category add <name> --prompt <text>… | list | remove <name> | rename <old> <new> | describe <name> --prompt <text>…',
  options: { prompt: { type: 'string', multiple: true } },
  async run(s, positionals, values) {
    const [sub, ...args] = positionals;
    const value = listValue(await change(s, sub, args, (values.prompt as string[] | undefined) ?? []));
    s.out.result(value, () =>
      value.categories.length === 0
        ? 'No category folders yet. Add one: shoebox category add "Receipts" --prompt "a photo of a paper receipt"'
        : [
            ...value.categories.map((c) => `${c.name} (${c.count})  ${c.prompts.map((p) => JSON.stringify(p)).join(', ')}`),
            `Unsorted (${value.unsorted})`,
          ].join('\n'),
    );
  },
};

export const sortCommand: Command = {
  name: 'sort',
  summary: 'sort               sort every photo into its category folder, or Unsorted; manual choices stay',
  options: {},
  async run(s) {
    await s.app.folders.sort();
    const photos = s.app.folders.placements().map((p) => ({ path: p.path, category: p.folder, score: p.score, manual: p.manual }));
    s.out.result({ photos }, () =>
      photos.map((p) => `${(p.category ?? 'Unsorted').padEnd(20)} ${p.manual ? '(manual) ' : ''}${p.path}`).join('\n'),
    );
  },
};

export const assignCommand: Command = {
  name: 'assign',
  summary: 'assign <photo> <category>   put a photo in a folder by hand ("Unsorted" takes it out); sorting never overrides it',
  options: {},
  async run(s, positionals) {
    const [photoPath, ...rest] = positionals;
    const name = rest.join(' ');
    if (!photoPath || !name) throw new ShoeboxError('usage', 'shoebox assign <photo> <category>');
    const { app } = s;
    const id = app.photos.idOf(photoPath);
    const folder = isUnsortedName(name) ? null : app.folders.find(name);
    app.folders.assign([id], folder?.id ?? null);
    const path = app.photos.get(id).path;
    s.out.result({ path, category: folder?.name ?? null, manual: true }, () => `${path} → ${folder?.name ?? 'Unsorted'} (manual)`);
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
    s.out.result({ path: photo.path, category: photo.folder?.name ?? null, manual: false }, () =>
      `${photo.path} → ${photo.folder?.name ?? 'Unsorted'} (automatic sorting again)`,
    );
  },
};
