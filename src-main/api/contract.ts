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
// A type-only import: erased at build time, so the browser bundle stays free of core code.
import type { ErrorCode } from '../core/util/errors.js';

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
  /** for invalid_args: what was wrong with which argument */
  issues?: string[];
  /** the message code (core/messages/catalog.ts) and its params, so the window can word it in the user's language */
  key?: string;
  params?: Record<string, string | number>;
}

/** Every command answers with this; errors are values, never thrown across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------- shared shapes

export type IndexStateName = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface IndexState {
  state: IndexStateName;
  phase: string;
  done: number;
  total: number;
  /** photos per second */
  rate: number;
  etaMs: number | null;
  /** set when state is 'error' */
  error?: string | undefined;
  /** photos that could not be read in the last run */
  errors?: number | undefined;
}

export interface AppStatus {
  library: string;
  roots: string[];
  photos: number;
  errors: number;
  model: { dir: string; name: string } | null;
  modelError: string | null;
  /** the ONNX Runtime provider the model runs on (cpu, cuda, dml, coreml…), once loaded */
  accelerator: string | null;
  acceleratorsSkipped: { provider: string; reason: string }[];
  indexing: IndexState;
  /** the accelerator the user chose (the provider in use is `accelerator`) */
  acceleratorChoice: AcceleratorChoice;
  /** things the user should read once (e.g. an apply interrupted by a crash and rolled back at start); cleared by app.dismissNotices */
  notices: Notice[];
  /** commands this transport cannot serve (e.g. the native folder picker in the browser) */
  unsupported: CommandName[];
}

export type PhotoView = { kind: 'all' } | { kind: 'unsorted' } | { kind: 'folder'; folderId: number };
export type PhotoSort = 'date-desc' | 'date-asc';

export interface PhotoList {
  ids: number[];
  /** when each photo was taken (ms, local wall-clock as UTC), or its file time when the camera did not say */
  dates: number[];
}

export interface PhotoDetail {
  id: number;
  name: string;
  path: string;
  size: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  folder: { id: number; name: string } | null;
  manual: boolean;
  offline: boolean;
}

export interface PhotoError {
  id: number;
  path: string;
  error: string;
}

export interface Folder {
  id: number;
  name: string;
  prompts: string[];
  count: number;
}

export interface FolderList {
  folders: Folder[];
  unsorted: number;
  all: number;
  errors: number;
}

export interface Hit {
  id: number;
  score: number;
}

/** What start-up recovery did to an apply or undo that a crash interrupted. `text` is the same in English, for logs. */
export type Notice =
  | {
      kind: 'recovery';
      outcome: 'rolled_back' | 'finished' | 'cleaned';
      batch: { id: number; kind: 'apply' | 'undo'; mode: OrganizeMode; destRoot: string };
      kept: { path: string; reason: string }[];
      text: string;
    }
  | { kind: 'recovery-failed'; message: string; text: string };

export type AcceleratorChoice = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

// ---------------------------------------------------------------- organize on disk

export type OrganizeMode = 'copy' | 'move' | 'hardlink' | 'symlink';

export interface OrganizeOp {
  photoId: number;
  source: string;
  dest: string;
  /** the category folder's name on disk */
  folder: string;
  action: OrganizeMode | 'skip';
  reason?: string | undefined;
  size: number;
}

/** The preview (dry run) of an apply: every file operation, totals, space, and why it cannot run if it cannot. */
export interface OrganizePlan {
  /** pass to organize.apply to run exactly this plan */
  planId: number;
  destRoot: string;
  mode: OrganizeMode;
  folders: { category: string; folder: string; photos: number }[];
  ops: OrganizeOp[];
  totals: { photos: number; files: number; skipped: number; bytes: number };
  bytesNeeded: number;
  freeBytes: number;
  problems: string[];
}

export interface OrganizeReport {
  batchId: number;
  kind: 'apply' | 'undo';
  mode: OrganizeMode;
  destRoot: string;
  state: 'running' | 'done' | 'cancelled' | 'failed' | 'rolled_back' | 'undone';
  done: number;
  skipped: number;
  kept: { path: string; reason: string }[];
  message: string | null;
}

/** The apply or undo running in the background (one at a time), or the last one's result. */
export interface OrganizeState {
  state: 'idle' | 'running' | 'done' | 'error';
  kind: 'apply' | 'undo' | null;
  done: number;
  total: number;
  rate: number;
  etaMs: number | null;
  /** set when finished */
  report?: OrganizeReport | undefined;
  /** set when state is 'error' (nothing was done, or the batch could not start) */
  error?: string | undefined;
}

export interface OrganizeHistoryEntry {
  id: number;
  kind: 'apply' | 'undo';
  mode: OrganizeMode;
  destRoot: string;
  state: OrganizeReport['state'];
  undoes: number | null;
  startedAt: string;
  finishedAt: string | null;
  files: Record<string, number>;
  message: string | null;
  /** an apply that changed something and can be undone now */
  undoable: boolean;
}

// ---------------------------------------------------------------- models

export interface CatalogModel {
  id: string;
  name: string;
  description: string;
  languages: string[];
  licence: { id: string; name: string; url?: string | undefined; commercialUse: boolean; summary?: string | undefined };
  requiresLicenceAcceptance: boolean;
  /** total download size; null when the catalog does not know it */
  downloadBytes: number | null;
  quality: { metric: string; value: number | null; source: string }[];
  recommendedFor?: string | undefined;
  default: boolean;
  pinned: boolean;
  installed: 'yes' | 'no' | 'incomplete';
  active: boolean;
}

export interface InstalledModelInfo {
  id: string;
  name: string;
  dir: string;
  layout: string | null;
  dim: number | null;
  bytes: number | null;
  source: 'catalog' | 'import' | null;
  incomplete: boolean;
  active: boolean;
}

export interface ModelList {
  catalog: CatalogModel[];
  /** installed models that are not in the catalog (imported) and incomplete ones */
  installed: InstalledModelInfo[];
  /** the model folder in use, if any */
  active: string | null;
  defaultId: string;
  /** a switch to this folder was interrupted; models.use continues it */
  pendingSwitch: string | null;
  /** the catalog could not be read (the list is then empty) */
  catalogError: string | null;
}

/** A model download or switch in the background (one at a time). */
export interface ModelJobState {
  kind: 'download' | 'switch' | null;
  /** model id */
  id: string | null;
  state: 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';
  /** bytes for a download, photos for a switch */
  done: number;
  total: number | null;
  /** bytes or photos per second */
  rate: number;
  etaMs: number | null;
  /** the file being downloaded */
  file?: string | undefined;
  error?: string | undefined;
}

// ---------------------------------------------------------------- argument schemas

const Id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 53 - 1));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));
const Path = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(4096));
const Ids = v.pipe(v.array(Id), v.minLength(1, 'needs at least one photo'), v.maxLength(1_000_000));
const Prompts = v.pipe(v.array(Text(300)), v.minLength(1, 'needs at least one description'), v.maxLength(32));
const Limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 200);
const Empty = v.strictObject({});

const View = v.variant('kind', [
  v.strictObject({ kind: v.literal('all') }),
  v.strictObject({ kind: v.literal('unsorted') }),
  v.strictObject({ kind: v.literal('folder'), folderId: Id }),
]);

const Accelerator = v.picklist(['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu']);
const Mode = v.optional(v.picklist(['copy', 'move', 'hardlink', 'symlink']), 'copy');
const ModelId = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]*$/, 'is not a model id'), v.maxLength(200));

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
  'photos.get': command<PhotoDetail>()(v.strictObject({ id: Id })),
  'photos.errors': command<{ errors: PhotoError[] }>()(Empty),
  /** By hand: `folderId` null takes the photos out of every folder. Sorting never overrides it. */
  'photos.assign': command<FolderList>()(v.strictObject({ ids: Ids, folderId: v.nullable(Id) })),
  /** Forgets manual choices; automatic sorting decides again. */
  'photos.unassign': command<FolderList>()(v.strictObject({ ids: Ids })),

  'folders.list': command<FolderList>()(Empty),
  'folders.create': command<FolderList>()(v.strictObject({ name: Text(100), prompts: Prompts })),
  'folders.update': command<FolderList>()(
    v.strictObject({ id: Id, name: v.optional(Text(100)), prompts: v.optional(Prompts) }),
  ),
  /** Deletes the folder, never a photo: its photos are sorted again. */
  'folders.remove': command<FolderList>()(v.strictObject({ id: Id })),
  /** The photos a folder with these descriptions would take now (nothing is saved). */
  'folders.preview': command<{ hits: Hit[] }>()(v.strictObject({ prompts: Prompts, folderId: v.optional(Id) })),

  'search.text': command<{ hits: Hit[] }>()(v.strictObject({ query: Text(500), limit: Limit })),
  'search.similar': command<{ hits: Hit[] }>()(v.strictObject({ id: Id, limit: Limit })),

  /** The notices in app.status were read. */
  'app.dismissNotices': command<AppStatus>()(Empty),
  'app.setAccelerator': command<AppStatus>()(v.strictObject({ accelerator: Accelerator })),

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

// ---------------------------------------------------------------- the events

export interface Events {
  /** indexing progress and state changes */
  'index.progress': IndexState;
  /** photos were stored (the grid refreshes) */
  'photos.added': { count: number };
  /** folders, their contents or counts changed */
  'folders.changed': FolderList;
  /** an apply or undo on disk: progress and its end */
  'organize.progress': OrganizeState;
  /** a model download or switch: progress and its end */
  'models.progress': ModelJobState;
  /** the model, the accelerator or the library folders changed (the window re-reads app.status) */
  'status.changed': Record<string, never>;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = [
  'index.progress',
  'photos.added',
  'folders.changed',
  'organize.progress',
  'models.progress',
  'status.changed',
];

// ---------------------------------------------------------------- the transports

/** What the preload exposes on `window.shoebox` (and what the HTTP client implements). */
export interface ShoeboxTransport {
  invoke<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Media URLs per transport: the Electron protocol, or the bridge's /media route. */
export const MEDIA_SCHEME = 'shoebox-media';
export type MediaKind = 'thumb' | 'full';

/** IPC channel names (Electron transport). */
export const IPC = {
  invoke: 'shoebox:invoke',
  event: 'shoebox:event',
} as const;
