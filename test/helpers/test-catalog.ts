/**
 * A model catalog for tests: the committed test model, served by a loopback
 * server, as a free model ("tiny", the default) and as one whose licence must be
 * accepted ("tiny-research").
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TINY_CLIP } from './paths.js';
import { sha256 } from './hash.js';

export interface CatalogFile {
  path: string;
  url: string;
  size: number;
  sha256: string;
}

function filesOf(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split(sep).join('/')],
  );
}

/** Every file of the model folder as a catalog file served at `serverUrl` (paths relative to the folder). */
export function catalogFiles(serverUrl: string, modelDir = TINY_CLIP): CatalogFile[] {
  return filesOf(modelDir).map((path) => {
    const b = readFileSync(join(modelDir, path));
    return { path, url: `${serverUrl}/${path}`, size: b.length, sha256: sha256(b) };
  });
}

/** Writes the catalog to `catalogFile`; returns its files (paths relative to the model folder). */
export function writeTestCatalog(catalogFile: string, serverUrl: string, modelDir = TINY_CLIP): CatalogFile[] {
  const files = catalogFiles(serverUrl, modelDir);
  const base = {
    repo: 'shoebox/tiny-clip',
    revision: '0'.repeat(40),
    pinned: true,
    layout: 'transformers.js',
    languages: ['en'],
    dim: 64,
    quality: [{ metric: 'Test accuracy', value: 100, source: 'test/fixtures/models/tiny-clip/README.md' }],
    files,
  };
  writeFileSync(
    catalogFile,
    JSON.stringify({
      version: 1,
      default: 'tiny',
      models: [
        { ...base, id: 'tiny', name: 'Tiny CLIP', licence: { id: 'MIT', name: 'MIT', commercialUse: true }, requiresLicenceAcceptance: false },
        {
          ...base,
          id: 'tiny-research',
          name: 'Tiny (research only)',
          licence: { id: 'research', name: 'Research-only licence', commercialUse: false, summary: 'Research purposes only.' },
          requiresLicenceAcceptance: true,
        },
      ],
    }),
  );
  return files;
}
