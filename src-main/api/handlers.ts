/**
 * One handler per command: arguments already validated (dispatch.ts), the
 * work done by the service and the core. The map's type makes a missing or
 * mistyped handler a compile error.
 */
import type { CommandName, ParsedArgsOf, ResultOf } from './contract.js';
import type { ShoeboxService } from './service.js';
import { knownPhotoIds, listPhotos, photoDetail } from './queries.js';
import { ShoeboxError } from '../core/util/errors.js';

type Handlers = { [N in CommandName]: (s: ShoeboxService, args: ParsedArgsOf<N>) => Promise<ResultOf<N>> };

const UNSORTED = 'unsorted';

function requirePhotos(s: ShoeboxService, ids: number[]): void {
  const known = knownPhotoIds(s.ctx, ids);
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new ShoeboxError('not_found', `Not in the library: photo ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? '…' : ''}.`);
}

function checkFolderName(name: string): void {
  if (name.toLowerCase() === UNSORTED) throw new ShoeboxError('usage', '"Unsorted" is where photos go that fit no folder; choose another name.');
}

export const HANDLERS: Handlers = {
  'app.status': (s) => s.status(),

  'roots.add': async (s, { path }) => {
    s.addRoot(path);
    return s.status();
  },
  'roots.remove': async (s, { path }) => {
    await s.removeRoot(path);
    return s.status();
  },
  'roots.choose': async () => {
    throw new ShoeboxError('usage', 'The folder picker is only available in the desktop app.');
  },

  'model.choose': async (s, { dir, accelerator }) => {
    await s.chooseModel(dir, accelerator);
    return s.status();
  },

  'index.start': async (s) => s.startIndexing(),
  'index.resume': async (s) => s.startIndexing(),
  'index.pause': async (s) => s.pauseIndexing(),
  'index.cancel': async (s) => s.cancelIndexing(),

  'photos.list': async (s, { view, sort }) => {
    if (view.kind === 'folder') s.folderName(view.folderId);
    return listPhotos(s.ctx, view, sort);
  },
  'photos.get': async (s, { id }) => {
    const d = photoDetail(s.ctx, id);
    if (!d) throw new ShoeboxError('not_found', `There is no photo ${id}.`);
    return d;
  },
  'photos.errors': async (s) => ({
    errors: (
      s.ctx.db.prepare('SELECT id, path, error FROM photos WHERE error IS NOT NULL ORDER BY path').all() as {
        id: number;
        path: string;
        error: string;
      }[]
    ),
  }),
  'photos.assign': async (s, { ids, folderId }) => {
    requirePhotos(s, ids);
    if (folderId !== null) s.folderName(folderId);
    s.ctx.db.transaction(() => ids.forEach((id) => s.ctx.categories.assignManual(id, folderId)))();
    const list = s.folderList();
    s.emit('folders.changed', list);
    return list;
  },
  'photos.unassign': async (s, { ids }) => {
    requirePhotos(s, ids);
    s.ctx.db.transaction(() => ids.forEach((id) => s.ctx.categories.clearManual(id)))();
    return s.resort();
  },

  'folders.list': async (s) => s.folderList(),
  'folders.create': async (s, { name, prompts }) => {
    checkFolderName(name);
    s.ctx.categories.add(name, prompts);
    return s.resort();
  },
  'folders.update': async (s, { id, name, prompts }) => {
    let current = s.folderName(id);
    if (name !== undefined && name !== current) {
      checkFolderName(name);
      s.ctx.categories.rename(current, name);
      current = name;
    }
    if (prompts !== undefined) {
      s.ctx.categories.setPrompts(current, prompts);
      return s.resort();
    }
    const list = s.folderList();
    s.emit('folders.changed', list);
    return list;
  },
  'folders.remove': async (s, { id }) => {
    s.ctx.categories.remove(s.folderName(id));
    return s.resort();
  },
  'folders.preview': async (s, { prompts, folderId }) => ({ hits: await s.preview(prompts, folderId) }),

  'search.text': async (s, { query, limit }) => ({ hits: await s.searchText(query, limit) }),
  'search.similar': async (s, { id, limit }) => ({ hits: await s.similar(id, limit) }),

  'app.dismissNotices': async (s) => {
    s.dismissNotices();
    return s.status();
  },
  'app.setAccelerator': async (s, { accelerator }) => {
    await s.setAccelerator(accelerator);
    return s.status();
  },

  'organize.preview': async (s, args) => s.organize.preview(args),
  'organize.apply': async (s, { planId }) => s.organize.apply(planId),
  'organize.cancel': async (s) => s.organize.cancel(),
  'organize.state': async (s) => s.organize.state,
  'organize.history': async (s) => ({ entries: s.organize.history() }),
  'organize.undo': async (s, { batchId }) => s.organize.undo(batchId),

  'models.list': async (s) => s.models.list(),
  'models.download': async (s, { id, acceptLicence, use }) => s.models.download(id, { acceptLicence, use }),
  'models.import': async (s, { path }) => {
    await s.models.importFolder(path);
    return s.models.list();
  },
  'models.use': async (s, { id }) => {
    await s.useModel(id);
    return s.models.state;
  },
  'models.pause': async (s) => s.models.pause(),
  'models.cancel': async (s) => s.models.cancel(),
  'models.state': async (s) => s.models.state,
  'models.remove': async (s, { id }) => {
    await s.models.remove(id);
    return s.models.list();
  },
};
