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
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['index.progress', 'photos.added', 'folders.changed'];

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
