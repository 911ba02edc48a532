/** shoebox category … | sort | assign | unassign */
import { resolve } from 'node:path';
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { ShoeboxError } from '../../core/util/errors.js';
import { loadIndex } from '../../core/search/load-index.js';
import { sortLibrary } from '../../core/sorting/sort-library.js';

const UNSORTED = 'unsorted';

/** Re-sorts after a change to the folders, so counts are current; skipped while nothing is indexed. */
async function resort(s: CliSession): Promise<void> {
  if (s.ctx.photos.count().photos === 0) return;
  const active = await s.model();
  await sortLibrary(s.ctx, active, loadIndex(s.ctx, active.record.id, active.record.dim));
}

function listValue(s: CliSession): { categories: { name: string; prompts: string[]; count: number }[]; unsorted: number } {
  const counts = s.ctx.categories.counts();
  return {
    categories: s.ctx.categories.list().map((c) => ({ name: c.name, prompts: c.prompts, count: counts.get(c.id) ?? 0 })),
    unsorted: counts.get(null) ?? 0,
  };
}

export const categoryCommand: Command = {
  name: 'category',
  summary: 'category add <name> --prompt <text>… | list | remove <name> | rename <old> <new> | describe <name> --prompt <text>…',
  options: { prompt: { type: 'string', multiple: true } },
  async run(s, positionals, values) {
    const [sub, ...args] = positionals;
    const prompts = (values.prompt as string[] | undefined) ?? [];
    const cats = s.ctx.categories;
    switch (sub) {
      case 'add': {
        const name = args.join(' ');
        if (name.toLowerCase() === UNSORTED) throw new ShoeboxError('usage', '"Unsorted" is where photos go that fit no folder; choose another name.');
        cats.add(name, prompts.length ? prompts : [name]);
        break;
      }
      case 'describe':
        cats.setPrompts(args.join(' '), prompts);
        break;
      case 'remove':
        cats.remove(args.join(' '));
        break;
      case 'rename': {
        if (args.length !== 2) throw new ShoeboxError('usage', 'shoebox category rename <old> <new> (quote names with spaces).');
        if (args[1]!.toLowerCase() === UNSORTED) throw new ShoeboxError('usage', '"Unsorted" is reserved.');
        cats.rename(args[0]!, args[1]!);
        break;
      }
      case 'list':
      case undefined:
        break;
      default:
        throw new ShoeboxError('usage', `Unknown: category ${sub}. Use add, list, remove, rename or describe.`);
    }
    if (sub && sub !== 'list' && sub !== 'rename') await resort(s);
    const value = listValue(s);
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
  summary: "sort               sort every photo into its category folder, or Unsorted; manual choices stay",
  options: {},
  async run(s) {
    const active = await s.model();
    await sortLibrary(s.ctx, active, loadIndex(s.ctx, active.record.id, active.record.dim));
    const names = new Map(s.ctx.categories.list().map((c) => [c.id, c.name]));
    const photos = s.ctx.categories.assignments().map((a) => ({
      path: s.ctx.photos.byId(a.photoId)!.path,
      category: a.categoryId === null ? null : names.get(a.categoryId) ?? null,
      score: a.score,
      manual: a.manual,
    }));
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
    const photo = s.ctx.photos.byPath(resolve(photoPath));
    if (!photo) throw new ShoeboxError('not_found', `${resolve(photoPath)} is not in the library. Index its folder first.`);
    const categoryId = name.toLowerCase() === UNSORTED ? null : s.ctx.categories.require(name).id;
    s.ctx.categories.assignManual(photo.id, categoryId);
    s.out.result({ path: photo.path, category: categoryId === null ? null : name, manual: true }, () => `${photo.path} → ${categoryId === null ? 'Unsorted' : name} (manual)`);
  },
};

export const unassignCommand: Command = {
  name: 'unassign',
  summary: 'unassign <photo>   forget a manual choice; automatic sorting decides again',
  options: {},
  async run(s, positionals) {
    const [photoPath] = positionals;
    if (!photoPath) throw new ShoeboxError('usage', 'shoebox unassign <photo>');
    const photo = s.ctx.photos.byPath(resolve(photoPath));
    if (!photo) throw new ShoeboxError('not_found', `${resolve(photoPath)} is not in the library.`);
    s.ctx.categories.clearManual(photo.id);
    s.out.result({ path: photo.path, manual: false }, () => `${photo.path}: automatic sorting again`);
  },
};
