/**
 * One cold start, as a fresh process: import the core, open the library, load
 * the active model's text tower while a worker thread loads the vector index,
 * answer one text query. Prints the times (ms since the process started) as JSON.
 */
const t0 = performance.now();
const { resolve } = await import('node:path');
const { openLibrary } = await import('../src-main/core/context.js');
const { loadActiveModel, modelSettings } = await import('../src-main/core/models/active-model.js');
const { Searcher } = await import('../src-main/core/search/search.js');
const { loadIndex, loadIndexInBackground } = await import('../src-main/core/search/load-index.js');
const tImport = performance.now();
const ctx = openLibrary(process.argv[2]!);
const tOpen = performance.now();
const background = process.argv[3] !== 'in-place';
// The model's vectors are known before the model is loaded: start reading them now.
const dir = modelSettings(ctx)?.dir;
const rec = dir ? ctx.vectors.models().find((m) => m.key === resolve(dir)) : undefined;
const indexP = background && rec ? loadIndexInBackground(ctx, rec.id, rec.dim) : undefined;
const active = await loadActiveModel(ctx);
const tModel = performance.now();
const index = (await indexP) ?? loadIndex(ctx, active.record.id, active.record.dim);
const tIndex = performance.now();
const searcher = new Searcher(ctx, active, index);
const hits = await searcher.byText('a dog playing on the beach', 50);
const tQuery = performance.now();
console.log(
  JSON.stringify({
    processStart: t0,
    imports: tImport - t0,
    open: tOpen - tImport,
    model: tModel - tOpen,
    index: tIndex - tModel,
    query: tQuery - tIndex,
    total: tQuery,
    photos: index.size,
    hits: hits.length,
  }),
);
index.close();
await active.model.release();
process.exit(0);
