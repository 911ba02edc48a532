/**
 * The one API contract between the app's window and its backend.
 *
 * Every command is a name, a valibot schema for its arguments (checked in the
 * backend before anything reaches the core) and a result type; every event is
 * a name and a payload type. Both transports — Electron IPC (electron/ipc.ts,
 * preload.cts) and the loopback HTTP bridge (bridge/server.ts) — and the
 * renderer's client are typed from this file, so a command cannot drift
 * between them.
 *
 * This file must stay importable from the browser: no node: imports, no core
 * imports (the renderer imports its types).
 */
import * as v from 'valibot';
// Type-only imports are erased at build time; the value imports below are browser-safe modules
// (the domain's rules and the app's event names), so the browser bundle stays free of Node code.
import type { ErrorCode, Params } from '../core/util/errors.js';
import { ACCELERATORS, DATE_PATTERN, FOLDER_NAME_MAX, MODEL_ID_MAX, MODEL_ID_PATTERN, ORGANIZE_MODES, PHOTO_KINDS } from '../core/domain/index.js';
// The domain's lists and rules, for the window to show and check as the core does.
// the search box: the window rebuilds the model's words when a chip is removed (core/domain/query-parser.ts)
export { chipFilters, dateValue, removeChip, restText } from '../core/domain/index.js';
export type { PhotoKind, Understood, UnderstoodKind } from '../core/domain/index.js';
export { ACCELERATORS, FOLDER_NAME_MAX, ORGANIZE_MODES, PHOTO_KINDS, UNSORTED, isUnsortedName, folderNameProblem } from '../core/domain/index.js';
import type {
  DuplicateGroup,
  DuplicatesPlan,
  EventName,
  Events,
  FolderList,
  FolderOverlap,
  FolderPreview,
  FolderSuggestions,
  Hit,
  IndexState,
  LibraryStatus,
  ModelJobState,
  ModelList,
  OrganizeHistoryEntry,
  OrganizePlan,
  OrganizeState,
  PhotoCorrections,
  PhotoError,
  UnreadablePhoto,
  PhotoInfo,
  PhotoLabel,
  PhotoList,
  SearchAnswerShape,
  SearchHitShape,
  LibraryPlaceShape,
  PlaceNameShape,
  SearchVocabularyShape,
} from '../app/shapes.js';
export { EVENT_NAMES } from '../app/shapes.js';
export type * from '../app/shapes.js';

// ---------------------------------------------------------------- results and errors

/** The core's error codes, plus the boundary's own. */
export type ApiErrorCode =
  | ErrorCode
  | 'invalid_args'
  | 'unknown_command'
  | 'unsupported'
  | 'unauthorized';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** the message code (core/messages/catalog.ts) and its parameters, so the window says it in the user's language */
  key?: string | undefined;
  params?: Params | undefined;
  /** for invalid_args: what was wrong with which argument */
  issues?: string[];
}

/** Every command answers with this; errors are values, never thrown across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------- shared shapes (the app's; type-only, erased in the browser bundle)

export interface AppStatus extends LibraryStatus {
  /** commands this transport cannot serve (e.g. the native folder picker in the browser) */
  unsupported: CommandName[];
}


// ---------------------------------------------------------------- argument schemas

const Id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 53 - 1));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));
const Path = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(4096));
const Ids = v.pipe(v.array(Id), v.minLength(1, 'needs at least one photo'), v.maxLength(1_000_000));
const Prompts = v.pipe(v.array(Text(300)), v.minLength(1, 'needs at least one description'), v.maxLength(32));
const Limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 200);
const DateText = v.optional(v.pipe(v.string(), v.trim(), v.regex(DATE_PATTERN, 'must be YYYY, YYYY-MM or YYYY-MM-DD')));
const FilterText = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)));
/** What a search may be narrowed to (empty strings mean no filter). */
const Filters = {
  from: DateText,
  to: DateText,
  camera: FilterText,
  place: FilterText,
  folder: FilterText,
  kind: v.optional(v.picklist(PHOTO_KINDS)),
};
const Empty = v.strictObject({});

const View = v.variant('kind', [
  v.strictObject({ kind: v.literal('all') }),
  v.strictObject({ kind: v.literal('unsorted') }),
  v.strictObject({ kind: v.literal('folder'), folderId: Id }),
]);

const Accelerator = v.picklist(ACCELERATORS);
const DupKind = v.optional(v.picklist(['duplicates', 'similar', 'all']), 'duplicates');
const GroupKey = v.pipe(v.string(), v.regex(/^\d+(,\d+)+$/, 'is not a group key'), v.maxLength(100_000));
const Mode = v.optional(v.picklist(ORGANIZE_MODES), 'copy');
const ModelId = v.pipe(v.string(), v.regex(MODEL_ID_PATTERN, 'is not a model id'), v.maxLength(MODEL_ID_MAX));

// ---------------------------------------------------------------- the commands

/** A command's spec; `R` is carried as a type only. */
export interface CommandSpec<S extends v.GenericSchema, R> {
  args: S;
  /** served by the Electron transport only (the native folder dialog) */
  electronOnly?: boolean;
  /** phantom: the result type */
  readonly result?: R;
}

function command<R>() {
  return <S extends v.GenericSchema>(args: S, opts: { electronOnly?: boolean } = {}): CommandSpec<S, R> => ({ args, ...opts });
}

export const COMMANDS = {
  'app.status': command<AppStatus>()(Empty),

  'roots.add': command<AppStatus>()(v.strictObject({ path: Path })),
  'roots.remove': command<AppStatus>()(v.strictObject({ path: Path })),
  /** The native folder picker; the browser asks for a typed path instead. */
  'roots.choose': command<{ path: string | null }>()(Empty, { electronOnly: true }),

  'model.choose': command<AppStatus>()(v.strictObject({ dir: Path, accelerator: v.optional(Accelerator) })),

  'index.start': command<IndexState>()(Empty),
  'index.pause': command<IndexState>()(Empty),
  'index.resume': command<IndexState>()(Empty),
  'index.cancel': command<IndexState>()(Empty),

  'photos.list': command<PhotoList>()(
    v.strictObject({ view: View, sort: v.optional(v.picklist(['date-desc', 'date-asc']), 'date-desc') }),
  ),
  'photos.get': command<PhotoInfo>()(v.strictObject({ id: Id })),
  /** File name and date of photos on screen (the tiles' accessible names). */
  'photos.labels': command<{ labels: PhotoLabel[] }>()(v.strictObject({ ids: v.pipe(v.array(Id), v.minLength(1, 'needs at least one photo'), v.maxLength(2000)) })),
  /** Width / height of photos, in the order asked (1 when unknown): search results' justified rows. */
  'photos.ratios': command<{ ratios: number[] }>()(v.strictObject({ ids: v.pipe(v.array(Id), v.maxLength(10_000)) })),
  'photos.errors': command<{ errors: UnreadablePhoto[] }>()(Empty),
  /** Shows the photo's file in the system file manager (the desktop app only). */
  'photos.reveal': command<{ shown: boolean }>()(v.strictObject({ id: Id }), { electronOnly: true }),
  /** By hand: `folderId` null takes the photos out of every folder. Sorting never overrides it. */
  'photos.assign': command<FolderList>()(v.strictObject({ ids: Ids, folderId: v.nullable(Id) })),
  /** Forgets manual choices; automatic sorting decides again. */
  'photos.unassign': command<FolderList>()(v.strictObject({ ids: Ids })),
  /** The photos' corrections exactly (a folder chosen by hand, "not in" answers): read before and after a re-filing, for its undo and redo. */
  'photos.corrections': command<{ photos: PhotoCorrections[] }>()(v.strictObject({ ids: Ids })),
  /** Puts corrections read by photos.corrections back exactly. */
  'photos.setCorrections': command<FolderList>()(
    v.strictObject({
      photos: v.pipe(
        v.array(v.strictObject({ id: Id, manual: v.boolean(), folderId: v.nullable(Id), rejected: v.pipe(v.array(Id), v.maxLength(10_000)) })),
        v.minLength(1, 'needs at least one photo'),
        v.maxLength(1_000_000),
      ),
    }),
  ),

  'folders.list': command<FolderList>()(Empty),
  'folders.create': command<FolderList>()(v.strictObject({ name: Text(FOLDER_NAME_MAX), prompts: Prompts })),
  'folders.update': command<FolderList>()(
    v.strictObject({ id: Id, name: v.optional(Text(FOLDER_NAME_MAX)), prompts: v.optional(Prompts) }),
  ),
  /** Moves a folder to a place in the order (1 = first; keys 1–9 follow the order); past the end: last. */
  'folders.move': command<FolderList>()(v.strictObject({ id: Id, position: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
  /** Deletes the folder, never a photo: its photos are sorted again. */
  'folders.remove': command<FolderList>()(v.strictObject({ id: Id })),
  /** The photos a folder with these descriptions would take now (nothing is saved). */
  'folders.preview': command<FolderPreview>()(v.strictObject({ prompts: Prompts, folderId: v.optional(Id) })),
  /** The photos sorting is least sure about for a folder, least sure first; answer with photos.assign (Yes) or folders.reject (No). */
  'folders.suggest': command<FolderSuggestions>()(v.strictObject({ id: Id, limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))) })),
  /** "Not in this folder": the folder learns from it and never takes these photos. */
  'folders.reject': command<FolderList>()(v.strictObject({ ids: Ids, id: Id })),
  /** The folders' text similarity matrix and the pairs that overlap. */
  'folders.overlap': command<FolderOverlap>()(Empty),

  /** Words, understood (dates, places, cameras, folders, exclusions become filters); explicit filters win. */
  'search.text': command<SearchAnswerShape>()(
    v.strictObject({
      query: v.pipe(v.string(), v.trim(), v.maxLength(500)),
      limit: Limit,
      all: v.optional(v.boolean()),
      exclude: v.optional(v.array(v.pipe(v.string(), v.trim(), v.maxLength(200)))),
      /** false: `query` is the model's words as written, nothing is understood from it; the filters are all explicit (the window's chips) */
      parse: v.optional(v.boolean()),
      ...Filters,
    }),
  ),
  /** Photos that look like a photo (`id`) or several ("more like these", `ids`), optionally with words ("at night"). */
  'search.similar': command<{ hits: SearchHitShape[] }>()(
    v.pipe(
      v.strictObject({ id: v.optional(Id), ids: v.optional(v.pipe(Ids, v.maxLength(500))), text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(300))), limit: Limit, ...Filters }),
      v.check((a) => a.id !== undefined || a.ids !== undefined, 'needs a photo: id or ids'),
    ),
  ),
  /** The places that occur in the library with their counts (the place picker), and every name of them (the query parser's place words). */
  'search.places': command<{ places: LibraryPlaceShape[]; names: PlaceNameShape[] }>()(Empty),
  /** The library's cameras, folders and places with their counts (the search pickers). */
  'search.vocabulary': command<SearchVocabularyShape>()(Empty),

  /** The notices in app.status were read. */
  'app.dismissNotices': command<AppStatus>()(Empty),
  'app.setAccelerator': command<AppStatus>()(v.strictObject({ accelerator: Accelerator })),
  /**
   * Puts a backup of the library's database in place (the newest good one,
   * offered by a 'database-damaged' notice; or `from`, a file in the library's
   * backups folder) and opens it. The file it replaces is kept beside it.
   */
  'library.restore': command<AppStatus>()(v.strictObject({ from: v.optional(Path) })),

  /**
   * The dry run of writing folders to disk. `folders`: folder ids to apply (all
   * when absent); `unsorted`: also the photos in no folder, into "Unsorted".
   */
  'organize.preview': command<OrganizePlan>()(
    v.strictObject({
      destRoot: Path,
      mode: Mode,
      folders: v.optional(v.pipe(v.array(Id), v.maxLength(10_000))),
      unsorted: v.optional(v.boolean(), false),
    }),
  ),
  /** Runs the previewed plan in the background; progress comes as organize.progress events. */
  'organize.apply': command<OrganizeState>()(v.strictObject({ planId: Id })),
  /** Stops an apply between files; what is done stays and can be undone. */
  'organize.cancel': command<OrganizeState>()(Empty),
  'organize.state': command<OrganizeState>()(Empty),
  'organize.history': command<{ entries: OrganizeHistoryEntry[] }>()(Empty),
  /** Undoes an apply (in the background, like an apply). */
  'organize.undo': command<OrganizeState>()(v.strictObject({ batchId: Id })),

  /** Groups of duplicates (exact, near) or similar shots, largest saving first. */
  'duplicates.list': command<{ groups: DuplicateGroup[] }>()(v.strictObject({ kind: DupKind })),
  /** Keep this photo of the group instead of the suggested one (for this session). */
  'duplicates.keep': command<{ groups: DuplicateGroup[] }>()(v.strictObject({ kind: DupKind, key: GroupKey, photoId: Id })),
  /** "Not duplicates": the group never comes back. */
  'duplicates.dismiss': command<{ groups: DuplicateGroup[] }>()(v.strictObject({ kind: DupKind, key: GroupKey })),
  /** What resolving would move (the kept photo of each group stays): to the trash, or to `to`. */
  'duplicates.preview': command<DuplicatesPlan>()(
    v.strictObject({
      kind: DupKind,
      groups: v.union([v.literal('all'), v.pipe(v.array(GroupKey), v.minLength(1, 'needs at least one group'), v.maxLength(1_000_000))]),
      to: v.optional(Path),
    }),
  ),
  /** Runs the previewed resolve in the background: an organize batch (organize.progress; organize.undo reverts it). */
  'duplicates.apply': command<OrganizeState>()(v.strictObject({ planId: Id })),

  'models.list': command<ModelList>()(Empty),
  /** Downloads a catalog model in the background (models.progress events); `use`: switch to it when installed. */
  'models.download': command<ModelJobState>()(
    v.strictObject({ id: ModelId, acceptLicence: v.optional(v.boolean(), false), use: v.optional(v.boolean(), false) }),
  ),
  /** Validates a model folder on disk and copies it into the library. */
  'models.import': command<ModelList>()(v.strictObject({ path: Path })),
  /** Uses an installed model: re-embeds the library in the background, then search and sorting switch. */
  'models.use': command<ModelJobState>()(v.strictObject({ id: ModelId })),
  /** Pauses the download or switch: what is done is kept, and starting it again continues. */
  'models.pause': command<ModelJobState>()(Empty),
  /** Stops it; a download's partial files are discarded. */
  'models.cancel': command<ModelJobState>()(Empty),
  'models.state': command<ModelJobState>()(Empty),
  'models.remove': command<ModelList>()(v.strictObject({ id: ModelId })),
} as const;

export type Commands = typeof COMMANDS;
export type CommandName = keyof Commands;
export type ArgsOf<N extends CommandName> = v.InferInput<Commands[N]['args']>;
export type ParsedArgsOf<N extends CommandName> = v.InferOutput<Commands[N]['args']>;
export type ResultOf<N extends CommandName> = NonNullable<Commands[N]['result']>;

export type TransportKind = 'electron' | 'http';

/** Commands a transport cannot serve (reported in app.status so the window hides them). */
export function unsupportedCommands(transport: TransportKind): CommandName[] {
  if (transport === 'electron') return [];
  return (Object.keys(COMMANDS) as CommandName[]).filter((n) => {
    const spec: { electronOnly?: boolean } = COMMANDS[n];
    return spec.electronOnly === true;
  });
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

// ---------------------------------------------------------------- the transports

/** What the preload exposes on `window.shoebox` (and what the HTTP client implements). */
export interface ShoeboxTransport {
  invoke<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Media URLs per transport: the Electron protocol, or the bridge's /media route. */
export const MEDIA_SCHEME = 'shoebox-media';
export type { MediaKind } from '../app/use-cases/media.js';

/** IPC channel names (Electron transport). */
export const IPC = {
  invoke: 'shoebox:invoke',
  event: 'shoebox:event',
} as const;
