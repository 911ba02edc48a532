/**
 * The shapes the app's operations take and give: what the window, the CLI and
 * the tests see. The API contract (api/contract.ts) re-exports them; keep this
 * file free of runtime imports, so the browser bundle stays free of Node code.
 */
import type { UnderstoodQuery } from '../core/domain/search.js';
import type { Understood } from '../core/domain/query-parser.js';
import type { Place } from '../core/places/gazetteer.js';
import type { LibraryPlace } from '../core/search/library-places.js';
import type { ErrorInfo, MessageKey, Params } from '../core/util/errors.js';
import type { Accelerator, Certainty, OrganizeMode, SkippedProvider } from '../core/domain/index.js';
import type { PhotoDetail, PhotoError } from '../core/store/photo-views.js';

export type { Certainty, ErrorInfo, OrganizeMode };

export type IndexStateName = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface IndexState {
  state: IndexStateName;
  phase: string;
  done: number;
  total: number;
  /** photos per second */
  rate: number;
  etaMs: number | null;
  /** set when state is 'error': the code and message code, so the window says it in the user's language */
  error?: ErrorInfo | undefined;
  /** photos that could not be read in the last run */
  errors?: number | undefined;
}

/** The library as the status screen shows it (app.status adds what the transport cannot serve). */
export interface LibraryStatus {
  library: string;
  roots: string[];
  photos: number;
  errors: number;
  model: { dir: string; name: string } | null;
  modelError: string | null;
  /** the same error with its code and message code, so the window says it in the user's language */
  modelErrorInfo: ErrorInfo | null;
  /** the ONNX Runtime provider the model runs on (cpu, cuda, dml, coreml…), once loaded */
  accelerator: string | null;
  /** `why`: a code the window words plainly; `reason`: the technical English detail */
  acceleratorsSkipped: SkippedProvider[];
  indexing: IndexState;
  /** the accelerator the user chose (the provider in use is `accelerator`) */
  acceleratorChoice: AcceleratorChoice;
  /** things the user should read once (e.g. an apply interrupted by a crash and rolled back at start); cleared by app.dismissNotices */
  notices: Notice[];
}

export type { PhotoDetail, PhotoError, PhotoLabel, PhotoList, PhotoSort, PhotoView } from '../core/store/photo-views.js';
export type { PhotoCorrections } from '../core/store/categories.js';

export interface Folder {
  id: number;
  name: string;
  prompts: string[];
  count: number;
  /** photos sorting is unsure about for this folder (near its cut-off), open to a Yes/No answer */
  suggestions: number;
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

/** A photo a folder asks about: `score` is how likely sorting thinks it belongs (0.5 at the folder's cut-off). */
export interface Suggestion {
  id: number;
  path: string;
  score: number;
  /** whether sorting puts it in the folder now */
  inFolder: boolean;
}

export interface FolderSuggestions {
  folderId: number;
  /** least sure first, at most the limit asked for */
  suggestions: Suggestion[];
  /** all the folder has */
  total: number;
}

export interface FolderOverlap {
  folders: { id: number; name: string }[];
  /** text similarity (cosine of the closest descriptions), in the order of `folders` */
  matrix: number[][];
  /** the pairs at or above `threshold`, closest first */
  overlaps: { a: { id: number; name: string }; b: { id: number; name: string }; similarity: number }[];
  threshold: number;
}

/** The live preview of a folder being edited: what it would take, from where, and the folders it overlaps. */
export interface FolderPreview {
  hits: Hit[];
  /** existing folders that would lose photos to it, most first */
  leaving: { id: number; name: string; count: number }[];
  /** existing folders whose descriptions are close to these */
  overlaps: { id: number; name: string; similarity: number }[];
}

/** Why a photo is where it is (PhotoDetail.why). */
export interface PhotoWhy {
  /** the photo's folder, or the one that came closest when it is in none */
  folder: { id: number; name: string } | null;
  placed: boolean;
  manual: boolean;
  certainty: Certainty;
  confidence: number;
  decidedBy: 'manual' | 'examples' | 'description';
  /** the description that matched best */
  description: string | null;
  /** the examples that pulled most: photos put in the folder (`inFolder`) or said not to be */
  examples: { id: number; name: string; inFolder: boolean }[];
}


/** A search result: `match` when the photo fits the query better than a description of nothing in particular. */
export interface SearchHitShape extends Hit {
  match: boolean;
}

/** What a text search found, and what it understood of the query. */
export interface SearchAnswerShape {
  hits: SearchHitShape[];
  /** the words for the model, the excluded terms and the filters, as understood (explicit ones win) */
  query: UnderstoodQuery;
  /** what was understood from the text, each with its span (the window's chips); explicit filters overrode the rest */
  understood: Understood[];
  /** matches in all (the hits list at most `limit` of them) */
  matches: number;
  /** photos within the filters and exclusions */
  considered: number;
  /** the place `query.place` was understood as (null without a place filter) */
  place?: PlaceShape | null;
}

// ---------------------------------------------------------------- places (issue 12)

/** A place a name was understood as: a city, a region or a country, its centre and a radius that covers it. */
export type PlaceShape = Omit<Place, 'match'>;

/** A place that occurs in the library, with its photos' count; `label` as a search's `place` finds them. */
export type LibraryPlaceShape = LibraryPlace;

/** A word or words that name a place of the library (any case), and the `place` to search for. */
export interface PlaceNameShape {
  /** "부산", "Busan", "Pusan", "부산광역시", "South Korea", … */
  text: string;
  /** "Busan, South Korea" */
  place: string;
  kind: 'city' | 'region' | 'country';
  count: number;
  /** an abbreviation in capitals ("US", "UK", "NYC", "LA"): recognise it only as written ("us" is a word) */
  caseSensitive: boolean;
}

/** The library's cameras, folders and places with their photo counts: the search pickers. */
export interface SearchVocabularyShape {
  cameras: { name: string; count: number }[];
  folders: { name: string; count: number; kind: 'folder' | 'root' }[];
  places: { name: string; labelKo: string; count: number }[];
}

/** What start-up recovery did to an apply or undo that a crash interrupted. `text` is the same in English, for logs. */
/** What the user should read once: what start-up recovery did to an interrupted apply or undo, a damaged database and its restore. `text` is the same in English, for logs. */
export type Notice =
  | {
      kind: 'recovery';
      outcome: 'rolled_back' | 'finished' | 'cleaned' | 'pending';
      batch: { id: number; kind: 'apply' | 'undo'; mode: OrganizeMode; destRoot: string };
      /** pending: the files that wait for folders that cannot be reached now (a drive not plugged in), and the photos only there */
      waiting: { files: number; photosAway: number; folders: string[] };
      kept: { path: string; reason: string }[];
      text: string;
    }
  | { kind: 'recovery-failed'; message: string; text: string }
  /** the library's database was found damaged; `backup`: the newest good one, which library.restore puts back */
  | { kind: 'database-damaged'; detail: string; backup: { file: string; takenAt: string } | null; text: string }
  /** library.restore put a backup in place; `previous`: where the file it replaced is kept */
  | { kind: 'database-restored'; backup: { file: string; takenAt: string }; previous: string | null; text: string };

export type AcceleratorChoice = Accelerator;

// ---------------------------------------------------------------- duplicates

export type DuplicateKind = 'duplicates' | 'similar' | 'all';

export interface DuplicatePhoto {
  id: number;
  path: string;
  /** the photo kept when the group is resolved: the suggestion, or the user's choice */
  keep: boolean;
  /** Shoebox's suggestion */
  suggested: boolean;
  width: number | null;
  height: number | null;
  size: number;
  format: string | null;
  takenAt: string | null;
  camera: string | null;
}

export interface DuplicateGroup {
  /** 1-based, in the order listed (largest saving first); the CLI's --group N */
  group: number;
  /** the group's identity (its photos' ids), stable while its photos are the same */
  key: string;
  kind: 'exact' | 'near' | 'similar';
  photos: DuplicatePhoto[];
  /** bytes freed by keeping the chosen photo only */
  saving: number;
}

/** The preview of a resolve: every photo that would go, and where. */
export interface DuplicatesPlan {
  /** pass to duplicates.apply to run exactly this plan */
  planId: number;
  /** true: to the operating system's trash */
  toTrash: boolean;
  destRoot: string;
  groups: number;
  moves: { photoId: number; path: string; to: string; size: number }[];
  bytes: number;
}

// ---------------------------------------------------------------- organize on disk

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
  state: 'running' | 'pending' | 'done' | 'cancelled' | 'failed' | 'rolled_back' | 'undone';
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
  error?: ErrorInfo | undefined;
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
  /** name, description, licence name and summary in other languages, by locale ("ko"); missing ones fall back to English */
  text: Record<string, { name?: string | undefined; description?: string | undefined; licenceName?: string | undefined; licenceSummary?: string | undefined }>;
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
  /** the same error with its code and message code, so the window says it in the user's language */
  catalogErrorInfo: ErrorInfo | null;
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
  error?: ErrorInfo | undefined;
  /** a download waiting for its first bytes (the window says "Connecting…") */
  connecting?: boolean | undefined;
  /** the last attempt failed: which retry comes (or runs) now, of how many, and why (English, technical) */
  retry?: { n: number; of: number; waitMs: number; reason: string } | undefined;
}

// ---------------------------------------------------------------- events the app sends (every transport forwards them)

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

/** A photo that could not be read: `error` the stored English text, `reason` its message code found again (null: not the catalog's words). */
export type UnreadablePhoto = PhotoError & { reason: { key: MessageKey; params: Params } | null };

/** One photo with why it is where it is (null: no model, no vector or no folder), and where it was taken in words (null: no GPS, or not looked up yet). */
export type PhotoInfo = PhotoDetail & { why: PhotoWhy | null; place: { label: string; labelKo: string } | null };
