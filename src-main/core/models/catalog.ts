/**
 * The catalog of models Shoebox can download: data in resources/models/catalog.json,
 * checked here with valibot so a bad edit fails loudly at load time, not mid-download.
 * Each file's URL is `https://huggingface.co/<repo>/resolve/<revision>/<path>` unless
 * the entry gives its own (mirrors, the tests' loopback server).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { fail } from '../util/errors.js';
import { MODEL_ID_PATTERN } from '../domain/models.js';

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'));
const RelPath = v.pipe(
  v.string(),
  v.regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[\w.\-/]+$/, 'file paths must be relative, without ".."'),
);

const FileSchema = v.object({
  path: RelPath,
  url: v.optional(v.pipe(v.string(), v.url())),
  /** exact size in bytes, checked after download; null when not known */
  size: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))), null),
  /** rounded size from the hub's listing, for the progress total and the disk-space estimate */
  approxBytes: v.optional(v.nullable(v.number()), null),
  sha256: v.optional(v.nullable(Sha256), null),
});

const EntrySchema = v.object({
  id: v.pipe(v.string(), v.regex(MODEL_ID_PATTERN, 'ids are lowercase letters, digits, ".", "_" and "-"')),
  name: v.string(),
  description: v.optional(v.string(), ''),
  /** the user-facing text in other languages, by locale ("ko"); English is the fields themselves */
  text: v.optional(
    v.record(v.string(), v.object({ name: v.optional(v.string()), description: v.optional(v.string()), licenceName: v.optional(v.string()), licenceSummary: v.optional(v.string()) })),
    {},
  ),
  repo: v.string(),
  revision: v.string(),
  /** true when `revision` is a commit hash, so the bytes cannot change under us */
  pinned: v.boolean(),
  layout: v.picklist(['immich', 'transformers.js']),
  languages: v.array(v.string()),
  dim: v.optional(v.nullable(v.number()), null),
  licence: v.object({
    id: v.string(),
    name: v.string(),
    url: v.optional(v.string()),
    commercialUse: v.boolean(),
    summary: v.optional(v.string()),
  }),
  /** the CLI and the app show the licence and need an explicit yes before downloading */
  requiresLicenceAcceptance: v.boolean(),
  quality: v.array(v.object({ metric: v.string(), value: v.nullable(v.number()), source: v.string() })),
  recommendedFor: v.optional(v.string()),
  files: v.pipe(v.array(FileSchema), v.minLength(1)),
  notes: v.optional(v.string()),
});

const CatalogSchema = v.object({
  version: v.literal(1),
  default: v.string(),
  sources: v.optional(v.string()),
  models: v.array(EntrySchema),
});

export type CatalogFile = v.InferOutput<typeof FileSchema> & { url: string };
export type CatalogEntry = Omit<v.InferOutput<typeof EntrySchema>, 'files'> & { files: CatalogFile[] };
export interface Catalog {
  default: string;
  models: CatalogEntry[];
  /** where it was read from */
  file: string;
}

/** resources/models/catalog.json, found from this module (dist/src-main/... or src-main/...) or SHOEBOX_CATALOG. */
export function defaultCatalogPath(env = process.env): string {
  if (env.SHOEBOX_CATALOG) return resolve(env.SHOEBOX_CATALOG);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'models', 'catalog.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  // Packaged app: electron-builder copies resources/ next to app.asar.
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  return packaged ? join(packaged, 'models', 'catalog.json') : join(process.cwd(), 'resources', 'models', 'catalog.json');
}

export function hubUrl(repo: string, revision: string, path: string): string {
  return `https://huggingface.co/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export function parseCatalog(json: unknown, file = '(catalog)'): Catalog {
  const r = v.safeParse(CatalogSchema, json);
  if (!r.success) throw fail('models.catalog_malformed', { file, detail: v.summarize(r.issues) });
  const ids = new Set<string>();
  const models = r.output.models.map((m) => {
    if (ids.has(m.id)) throw fail('models.catalog_duplicate', { file, id: m.id });
    ids.add(m.id);
    return { ...m, files: m.files.map((f) => ({ ...f, url: f.url ?? hubUrl(m.repo, m.revision, f.path) })) };
  });
  if (!ids.has(r.output.default)) throw fail('models.catalog_default_missing', { id: r.output.default });
  return { default: r.output.default, models, file };
}

export function loadCatalog(file = defaultCatalogPath()): Catalog {
  if (!existsSync(file)) throw fail('models.catalog_missing', { file });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw fail('models.catalog_bad_json', { file, detail: (err as Error).message });
  }
  return parseCatalog(json, file);
}

export function catalogEntry(catalog: Catalog, id: string): CatalogEntry {
  const e = catalog.models.find((m) => m.id === id);
  if (!e) {
    throw fail('models.catalog_unknown', { id, known: catalog.models.map((m) => m.id).join(', ') });
  }
  return e;
}

/** Total download size in bytes, from exact sizes where known, else the listing's rounded ones; null if any is unknown. */
export function entryBytes(e: CatalogEntry): number | null {
  let total = 0;
  for (const f of e.files) {
    const n = f.size ?? f.approxBytes;
    if (n === null || n === undefined) return null;
    total += n;
  }
  return total;
}
