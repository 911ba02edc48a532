/**
 * One cold start, as a fresh process: import the core, open the library, load
 * the active model's text tower, load the vector index, answer one text query.
 * Prints the times (ms since the process started) as JSON.
 */
const t0 = performance.now();
const { openLibrary } = await import('../src-main/core/context.js');
const { loadActiveModel } = await import('../src-main/core/models/active-model.js');
const { Searcher } = await import('../src-main/core/search/search.js');
const tImport = performance.now();
const ctx = openLibrary(process.argv[2]!);
const tOpen = performance.now();
// Model and index load at the same time, as the app can do at launch.
const activeP = loadActiveModel(ctx);
const active = await activeP;
const tModel = performance.now();
const searcher = new Searcher(ctx, active);
const index = searcher.vectors();
const tIndex = performance.now();
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
