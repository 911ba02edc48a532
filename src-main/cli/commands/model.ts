/** shoebox model list | download <id> | import <folder> | use <id|folder> | remove <id> */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { positiveInt } from '../args.js';
import { catalogEntry, entryBytes, loadCatalog, type Catalog } from '../../core/models/catalog.js';
import {
  downloadModel,
  importModel,
  installedDir,
  listInstalled,
  readManifest,
  removeModel,
  verifyModelDir,
  type ModelDownloadProgress,
} from '../../core/models/install.js';
import { pendingSwitch, switchModel } from '../../core/models/switch.js';
import { modelSettings } from '../../core/models/active-model.js';
import { ShoeboxError } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';

const MB = 1e6;

function mb(n: number | null): string {
  return n === null ? '?' : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;
}

/** Download progress in MB, in the shape the CLI's progress bar draws. */
function toBar(p: ModelDownloadProgress): Progress {
  const r = (n: number): number => Math.round(n / 1e5) / 10;
  return {
    phase: `download (MB, file ${p.fileIndex + 1}/${p.fileCount})`,
    done: r(p.bytesDone),
    total: p.bytesTotal === null ? 0 : r(p.bytesTotal),
    rate: p.rate / MB,
    etaMs: p.etaMs,
    current: p.file,
  };
}

/** Ctrl-C stops the job gracefully (a pause): a second Ctrl-C quits at once. */
function pauseOnSigint(s: CliSession, what: string): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    s.out.log(`Stopping ${what}… (Ctrl-C again to quit at once)`);
    process.off('SIGINT', onSigint);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, done: () => process.off('SIGINT', onSigint) };
}

function catalogOf(values: Record<string, unknown>): Catalog {
  return loadCatalog(values.catalog ? resolve(String(values.catalog)) : undefined);
}

async function list(s: CliSession, values: Record<string, unknown>): Promise<void> {
  const catalog = catalogOf(values);
  const installed = listInstalled(s.ctx.dir);
  const activeDir = modelSettings(s.ctx)?.dir ?? null;
  const pending = pendingSwitch(s.ctx) ?? null;
  const rows = catalog.models.map((m) => {
    const inst = installed.find((i) => i.id === m.id);
    return {
      id: m.id,
      name: m.name,
      default: m.id === catalog.default,
      languages: m.languages,
      licence: m.licence.id,
      commercialUse: m.licence.commercialUse,
      requiresLicenceAcceptance: m.requiresLicenceAcceptance,
      pinned: m.pinned,
      downloadBytes: entryBytes(m),
      quality: m.quality,
      installed: inst ? ('incomplete' in inst ? 'incomplete' : 'yes') : 'no',
      active: inst ? resolve(inst.dir) === activeDir : false,
    };
  });
  const extra = installed
    .filter((i) => !catalog.models.some((m) => m.id === i.id))
    .map((i) => ({ id: i.id, dir: i.dir, installed: 'incomplete' in i ? 'incomplete' : 'yes', active: resolve(i.dir) === activeDir }));
  s.out.result({ catalog: rows, imported: extra, active: activeDir, pendingSwitch: pending }, () => {
    const lines = ['Models (★ default, ● in use):'];
    for (const r of rows) {
      const flags = `${r.active ? '●' : ' '}${r.default ? '★' : ' '}`;
      const lic = r.commercialUse ? r.licence : `${r.licence}, NOT for commercial use`;
      const state = r.installed === 'yes' ? 'installed' : r.installed === 'incomplete' ? 'INCOMPLETE' : `download ${mb(r.downloadBytes)}`;
      lines.push(`${flags} ${r.id.padEnd(22)} ${r.name}`);
      lines.push(`     ${state}; ${r.languages.includes('multilingual') ? 'multilingual' : r.languages.join(', ')}; licence ${lic}${r.pinned ? '' : '; not pinned'}`);
    }
    for (const e of extra) lines.push(`${e.active ? '●' : ' '}  ${e.id.padEnd(22)} imported from your files${e.installed === 'incomplete' ? ' (INCOMPLETE)' : ''}`);
    if (activeDir && !rows.some((r) => r.active) && !extra.some((e) => e.active)) lines.push(`In use: ${activeDir} (your own folder)`);
    if (pending) lines.push(`Switching to ${pending.dir} was interrupted: \`shoebox model use\` it again to continue.`);
    return lines.join('\n');
  });
}

async function download(s: CliSession, id: string, values: Record<string, unknown>): Promise<void> {
  const entry = catalogEntry(catalogOf(values), id);
  const have = readManifest(installedDir(s.ctx.dir, id));
  if (have && !values.force) {
    await verifyModelDir(installedDir(s.ctx.dir, id), { libraryDir: s.ctx.dir });
    s.out.result({ id, dir: installedDir(s.ctx.dir, id), bytes: have.files.reduce((a, f) => a + f.size, 0), dim: have.dim, alreadyInstalled: true }, () =>
      `${entry.name} is already installed (--force downloads it again).`,
    );
    return;
  }
  if (!entry.pinned) s.out.log(`Note: ${id} is not pinned to a commit of ${entry.repo}; its files may have changed since the catalog was written.`);
  if (entry.requiresLicenceAcceptance && !values['accept-licence']) {
    throw new ShoeboxError(
      'usage',
      `${entry.name} is under "${entry.licence.name}"${entry.licence.commercialUse ? '' : ' (no commercial use)'}.` +
        `${entry.licence.summary ? ` ${entry.licence.summary}` : ''}${entry.licence.url ? ` Licence: ${entry.licence.url}.` : ''}` +
        ` Run again with --accept-licence to accept it and download.`,
    );
  }
  const { signal, done } = pauseOnSigint(s, 'the download');
  try {
    const r = await downloadModel(entry, {
      libraryDir: s.ctx.dir,
      signal,
      acceptLicence: Boolean(values['accept-licence']),
      onProgress: (p) => s.out.progress(toBar(p)),
    });
    s.out.endProgress();
    const bytes = r.manifest.files.reduce((a, f) => a + f.size, 0);
    s.out.result({ id: r.id, dir: r.dir, bytes, dim: r.manifest.dim }, () =>
      [`Installed ${entry.name} (${mb(bytes)}) in ${r.dir}.`, `Use it with: shoebox model use ${r.id}`].join('\n'),
    );
  } catch (err) {
    if (err instanceof ShoeboxError && err.code === 'cancelled') {
      throw new ShoeboxError('cancelled', `Download of ${id} stopped. Run the same command again to resume; \`shoebox model remove ${id}\` discards the partial files.`);
    }
    throw err;
  } finally {
    done();
  }
}

async function use(s: CliSession, target: string, values: Record<string, unknown>): Promise<void> {
  const { ctx, out } = s;
  let dir: string;
  const asId = installedDir(ctx.dir, target);
  if (/^[a-z0-9][a-z0-9._-]*$/.test(target) && existsSync(asId)) dir = asId;
  else if (existsSync(target)) dir = resolve(target);
  else {
    const inCatalog = catalogOf(values).models.some((m) => m.id === target);
    throw new ShoeboxError(
      'not_found',
      inCatalog
        ? `The model "${target}" is not installed yet: \`shoebox model download ${target}\` first.`
        : `"${target}" is neither an installed model nor a folder. See \`shoebox model list\`.`,
    );
  }
  const threads = values.threads !== undefined ? positiveInt(String(values.threads), 'threads', 1) : undefined;
  const batchSize = values['batch-size'] !== undefined ? positiveInt(String(values['batch-size']), 'batch-size', 16) : undefined;
  const { signal, done } = pauseOnSigint(s, 're-embedding (it resumes where it stopped)');
  const r = await switchModel(ctx, dir, { signal, onProgress: (p) => out.progress(p), threads, batchSize }).finally(done);
  out.endProgress();
  out.result(r, () =>
    r.state === 'switched'
      ? [
          `Now using ${r.activeDir}: ${r.embedded} photos embedded in ${r.seconds.toFixed(1)} s; folders re-sorted.`,
          ...(r.offline ? [`  ${r.offline} photos on offline folders are embedded when those folders come back.`] : []),
        ].join('\n')
      : `Paused at ${r.embedded}/${r.total} photos; still using ${r.activeDir}. Run the same command again to continue.`,
  );
}

async function remove(s: CliSession, id: string): Promise<void> {
  const dir = installedDir(s.ctx.dir, id);
  const active = modelSettings(s.ctx)?.dir;
  if (active && resolve(active) === resolve(dir)) {
    throw new ShoeboxError('conflict', `"${id}" is the model in use. Switch to another one first (\`shoebox model use <id>\`).`);
  }
  const name = readManifest(dir)?.name ?? id;
  await removeModel(s.ctx.dir, id);
  s.out.result({ removed: id }, () => `Removed ${name}. Its vectors stay in the library and are reused if you install it again.`);
}

export const modelCommand: Command = {
  name: 'model',
  summary: 'model list | download <id> | import <folder> | use <id|folder> | remove <id>   manage CLIP models',
  options: {
    'accept-licence': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    catalog: { type: 'string' },
    id: { type: 'string' },
    threads: { type: 'string' },
    'batch-size': { type: 'string' },
  },
  async run(s, positionals, values) {
    const [sub, arg] = positionals;
    const need = (what: string): string => {
      if (!arg) throw new ShoeboxError('usage', `shoebox model ${sub} needs ${what}.`);
      return arg;
    };
    switch (sub) {
      case undefined:
      case 'list':
        return list(s, values);
      case 'download':
        return download(s, need('a model id (see `shoebox model list`)'), values);
      case 'import': {
        const r = await importModel(need('a folder'), { libraryDir: s.ctx.dir, id: values.id as string | undefined });
        s.out.result({ id: r.id, dir: r.dir, dim: r.manifest.dim, layout: r.manifest.layout }, () =>
          [`Imported ${r.manifest.name} as "${r.id}" (${r.manifest.layout} layout, ${r.manifest.dim}-number embeddings).`, `Use it with: shoebox model use ${r.id}`].join('\n'),
        );
        return;
      }
      case 'use':
        return use(s, need('a model id or folder'), values);
      case 'remove':
        return remove(s, need('a model id'));
      default:
        throw new ShoeboxError('usage', `Unknown subcommand "model ${sub}". Use list, download, import, use or remove.`);
    }
  },
};
