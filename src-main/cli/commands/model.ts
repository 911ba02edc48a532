/** shoebox model list | download <id> | import <folder> | use <id|folder> | remove <id> */
import type { Command } from './command.js';
import type { CliSession } from '../session.js';
import { positiveInt } from '../args.js';
import type { ModelDownloadProgress } from '../../core/models/install.js';
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

function list(s: CliSession): void {
  const m = s.app.models.list();
  if (m.catalogError) throw new ShoeboxError('not_found', m.catalogError);
  const rows = m.catalog.map((c) => ({
    id: c.id,
    name: c.name,
    default: c.default,
    languages: c.languages,
    licence: c.licence.id,
    commercialUse: c.licence.commercialUse,
    requiresLicenceAcceptance: c.requiresLicenceAcceptance,
    pinned: c.pinned,
    downloadBytes: c.downloadBytes,
    quality: c.quality,
    installed: c.installed,
    active: c.active,
  }));
  const extra = m.installed
    .filter((i) => !m.catalog.some((c) => c.id === i.id))
    .map((i) => ({ id: i.id, dir: i.dir, installed: i.incomplete ? 'incomplete' : 'yes', active: i.active }));
  s.out.result({ catalog: rows, imported: extra, active: m.active, pendingSwitch: m.pendingSwitch }, () => {
    const lines = ['Models (★ default, ● in use):'];
    for (const r of rows) {
      const flags = `${r.active ? '●' : ' '}${r.default ? '★' : ' '}`;
      const lic = r.commercialUse ? r.licence : `${r.licence}, NOT for commercial use`;
      const state = r.installed === 'yes' ? 'installed' : r.installed === 'incomplete' ? 'INCOMPLETE' : `download ${mb(r.downloadBytes)}`;
      lines.push(`${flags} ${r.id.padEnd(22)} ${r.name}`);
      lines.push(`     ${state}; ${r.languages.includes('multilingual') ? 'multilingual' : r.languages.join(', ')}; licence ${lic}${r.pinned ? '' : '; not pinned'}`);
    }
    for (const e of extra) lines.push(`${e.active ? '●' : ' '}  ${e.id.padEnd(22)} imported from your files${e.installed === 'incomplete' ? ' (INCOMPLETE)' : ''}`);
    if (m.active && !rows.some((r) => r.active) && !extra.some((e) => e.active)) lines.push(`In use: ${m.active} (your own folder)`);
    if (m.pendingSwitch) lines.push(`Switching to ${m.pendingSwitch} was interrupted: \`shoebox model use\` it again to continue.`);
    return lines;
  });
}

async function download(s: CliSession, id: string, values: Record<string, unknown>): Promise<void> {
  const stop = s.stopOnSigint('Stopping the download… (Ctrl-C again to quit at once)');
  try {
    const r = await s.app.models.download(id, {
      acceptLicence: Boolean(values['accept-licence']),
      force: Boolean(values.force),
      signal: stop.signal,
      onProgress: (p) => s.out.progress(toBar(p)),
      // Not a bar sitting at 0 B: say that it is retrying, and why.
      onRetry: (r) => {
        s.out.endProgress();
        s.out.log(`Connecting… (retry ${r.retry} of ${r.of} in ${Math.round(r.waitMs / 1000)} s): ${r.reason}`);
      },
    });
    s.out.endProgress();
    if (r.alreadyInstalled) {
      s.out.result({ id, dir: r.dir, bytes: r.bytes, dim: r.dim, alreadyInstalled: true }, () => `${r.entry.name} is already installed (--force downloads it again).`);
      return;
    }
    if (!r.entry.pinned) s.out.log(`Note: ${id} is not pinned to a commit of ${r.entry.repo}; its files may have changed since the catalog was written.`);
    s.out.result({ id: r.id, dir: r.dir, bytes: r.bytes, dim: r.dim }, () =>
      [`Installed ${r.entry.name} (${mb(r.bytes)}) in ${r.dir}.`, `Use it with: shoebox model use ${r.id}`],
    );
  } catch (err) {
    if (err instanceof ShoeboxError && (err.key === 'models.licence' || err.key === 'models.licence_noncommercial')) {
      const entry = s.app.models.catalog().models.find((m) => m.id === id);
      const terms = [entry?.licence.summary, entry?.licence.url ? `Licence: ${entry.licence.url}.` : undefined].filter(Boolean).join(' ');
      throw new ShoeboxError('usage', `${err.message}${terms ? ` ${terms}` : ''} Run again with --accept-licence to accept it and download.`);
    }
    if (err instanceof ShoeboxError && err.code === 'cancelled') {
      throw new ShoeboxError('cancelled', `Download of ${id} stopped. Run the same command again to resume; \`shoebox model remove ${id}\` discards the partial files.`);
    }
    throw err;
  } finally {
    stop.dispose();
  }
}

async function use(s: CliSession, target: string, values: Record<string, unknown>): Promise<void> {
  const { app, out } = s;
  const dir = app.models.resolveTarget(target);
  const threads = values.threads !== undefined ? positiveInt(String(values.threads), 'threads', 1) : undefined;
  const batchSize = values['batch-size'] !== undefined ? positiveInt(String(values['batch-size']), 'batch-size', 16) : undefined;
  const stop = s.stopOnSigint('Stopping re-embedding (it resumes where it stopped)… (Ctrl-C again to quit at once)');
  const r = await app.models.switchHere(dir, { signal: stop.signal, onProgress: (p) => out.progress(p), threads, batchSize }).finally(stop.dispose);
  out.endProgress();
  out.result(r, () =>
    r.state === 'switched'
      ? [
          `Now using ${r.activeDir}: ${r.embedded} photos embedded in ${r.seconds.toFixed(1)} s; folders re-sorted.`,
          ...(r.offline ? [`  ${r.offline} photos on offline folders are embedded when those folders come back.`] : []),
        ]
      : [`Paused at ${r.embedded}/${r.total} photos; still using ${r.activeDir}. Run the same command again to continue.`],
  );
}

export const modelCommand: Command = {
  name: 'model',
  aliases: ['models'],
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
        return list(s);
      case 'download':
        return download(s, need('a model id (see `shoebox model list`)'), values);
      case 'import': {
        const r = await s.app.models.import(need('a folder'), values.id as string | undefined);
        s.out.result({ id: r.id, dir: r.dir, dim: r.manifest.dim, layout: r.manifest.layout }, () =>
          [`Imported ${r.manifest.name} as "${r.id}" (${r.manifest.layout} layout, ${r.manifest.dim}-number embeddings).`, `Use it with: shoebox model use ${r.id}`],
        );
        return;
      }
      case 'use':
        return use(s, need('a model id or folder'), values);
      case 'remove': {
        const id = need('a model id');
        const { name } = await s.app.models.remove(id);
        s.out.result({ removed: id }, () => `Removed ${name}. Its vectors stay in the library and are reused if you install it again.`);
        return;
      }
      default:
        throw new ShoeboxError('usage', `Unknown subcommand "model ${sub}". Use list, download, import, use or remove.`);
    }
  },
};
