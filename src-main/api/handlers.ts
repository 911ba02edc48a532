/**
 * One handler per command: arguments already validated (dispatch.ts), the
 * work done by the app's use-cases. A handler only translates: it never
 * touches a store or SQL (npm run lint checks). The map's type makes a
 * missing or mistyped handler a compile error.
 */
import type { AppStatus, CommandName, ParsedArgsOf, ResultOf, TransportKind } from './contract.js';
import { unsupportedCommands } from './contract.js';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import type { SearchHit } from '../app/use-cases/search.js';
import { fail } from '../core/util/errors.js';

/** What a handler gets: the app, and which transport asks (some commands are the desktop's only). */
export interface Caller {
  app: ShoeboxApp;
  transport: TransportKind;
}

type Handlers = { [N in CommandName]: (c: Caller, args: ParsedArgsOf<N>) => Promise<ResultOf<N>> };

async function status({ app, transport }: Caller): Promise<AppStatus> {
  return { ...(await app.status.get()), unsupported: unsupportedCommands(transport) };
}

const hits = (list: SearchHit[]): { hits: { id: number; score: number }[] } => ({ hits: list.map(({ id, score }) => ({ id, score })) });

export const HANDLERS: Handlers = {
  'app.status': (c) => status(c),
  'app.dismissNotices': async (c) => {
    c.app.status.dismissNotices();
    return status(c);
  },
  'app.setAccelerator': async (c, { accelerator }) => {
    await c.app.models.setAccelerator(accelerator);
    return status(c);
  },

  'library.restore': async (c, { from }) => {
    await c.app.backups.restore(from);
    return status(c);
  },

  'roots.add': async (c, { path }) => {
    c.app.photoFolders.add(path);
    return status(c);
  },
  'roots.remove': async (c, { path }) => {
    c.app.photoFolders.remove(path);
    return status(c);
  },
  'roots.choose': async () => {
    throw fail('app.electron_only');
  },

  'model.choose': async (c, { dir, accelerator }) => {
    await c.app.models.choose(dir, accelerator);
    return status(c);
  },

  'index.start': async ({ app }) => app.indexing.start(),
  'index.resume': async ({ app }) => app.indexing.start(),
  'index.pause': async ({ app }) => app.indexing.pause(),
  'index.cancel': async ({ app }) => app.indexing.cancel(),

  'photos.list': async ({ app }, { view, sort }) => app.photos.list(view, sort),
  'photos.get': async ({ app }, { id }) => app.photos.info(id),
  'photos.labels': async ({ app }, { ids }) => ({ labels: app.photos.labels(ids) }),
  'photos.ratios': async ({ app }, { ids }) => ({ ratios: app.photos.ratios(ids) }),
  'photos.errors': async ({ app }) => ({ errors: app.photos.unreadable() }),
  'photos.reveal': async () => {
    throw fail('app.electron_only');
  },
  'photos.assign': async ({ app }, { ids, folderId }) => app.folders.assign(ids, folderId),
  'photos.unassign': async ({ app }, { ids }) => app.folders.unassign(ids),
  'photos.corrections': async ({ app }, { ids }) => ({ photos: app.folders.corrections(ids) }),
  'photos.setCorrections': async ({ app }, { photos }) => app.folders.setCorrections(photos),

  'folders.list': async ({ app }) => app.folders.refresh(),
  'folders.create': async ({ app }, { name, prompts }) => app.folders.create(name, prompts),
  'folders.move': async ({ app }, { id, position }) => app.folders.move(id, position),
  'folders.update': async ({ app }, { id, name, prompts }) => app.folders.update(id, { name, prompts }),
  'folders.remove': async ({ app }, { id }) => app.folders.remove(id),
  'folders.preview': async ({ app }, { prompts, folderId }) => app.folders.preview(prompts, folderId),
  'folders.suggest': async ({ app }, { id, limit }) => app.folders.suggest(id, limit),
  'folders.reject': async ({ app }, { ids, id }) => app.folders.reject(ids, id),
  'folders.overlap': async ({ app }) => app.folders.overlap(),

  'search.text': async ({ app }, { query, limit, all, exclude, parse, ...filters }) => {
    const found = await app.search.text({ text: query, limit, all, exclude, parse, ...filters });
    return {
      hits: found.results.map(({ id, score, match }) => ({ id, score, match })),
      query: found.query,
      understood: found.understood,
      matches: found.matches,
      considered: found.considered,
      place: found.place,
    };
  },
  'search.similar': async ({ app }, { id, ids, text, limit, ...filters }) => {
    const hits = ids !== undefined || text ? await app.search.likeThese((ids ?? [id!]).map((i) => ({ id: i })), text ?? '', limit, filters) : await app.search.similar({ id: id! }, limit, filters);
    return { hits: hits.map(({ id, score, match }) => ({ id, score, match })) };
  },
  'search.places': async ({ app }) => ({ places: await app.search.places(), names: await app.search.placeNamesInLibrary() }),
  'search.vocabulary': async ({ app }) => app.search.vocabulary(),

  'organize.preview': async ({ app }, args) => app.organize.preview(args),
  'organize.apply': async ({ app }, { planId }) => app.organize.apply(planId),
  'organize.cancel': async ({ app }) => app.organize.cancel(),
  'organize.state': async ({ app }) => app.organize.state(),
  'organize.history': async ({ app }) => ({ entries: app.organize.history() }),
  'organize.undo': async ({ app }, { batchId }) => app.organize.undo(batchId),

  'duplicates.list': async ({ app }, { kind }) => ({ groups: app.duplicates.list(kind) }),
  'duplicates.keep': async ({ app }, { kind, key, photoId }) => ({ groups: app.duplicates.keep(kind, key, photoId) }),
  'duplicates.dismiss': async ({ app }, { kind, key }) => {
    app.duplicates.dismiss(kind, key);
    return { groups: app.duplicates.list(kind) };
  },
  'duplicates.preview': async ({ app }, { kind, groups, to }) => app.duplicates.preview({ kind, groups, to }),
  'duplicates.apply': async ({ app }, { planId }) => app.duplicates.apply(planId),

  'models.list': async ({ app }) => app.models.list(),
  'models.download': async ({ app }, { id, acceptLicence, use }) => app.models.startDownload(id, { acceptLicence, use }),
  'models.import': async ({ app }, { path }) => {
    await app.models.import(path);
    return app.models.list();
  },
  'models.use': async ({ app }, { id }) => app.models.use(id),
  'models.pause': async ({ app }) => app.jobs.models.pause(),
  'models.cancel': async ({ app }) => app.jobs.models.cancel(),
  'models.state': async ({ app }) => app.jobs.models.state,
  'models.remove': async ({ app }, { id }) => {
    await app.models.remove(id);
    return app.models.list();
  },
};
