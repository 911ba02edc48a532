/**
 * One cold start, as a fresh process: import the core, open the library, load
 * the active model's text tower while a worker thread loads the vector index,
 * answer one text query. Prints the times (ms since the process started) as JSON.
 */
const t0 = performance.now();
const { openLibrary } = await import('../src-main/core/context.js');
const { loadActiveModel } = await import('../src-main/core/models/active-model.js');
const { Searcher } = await import('../src-main/core/search/search.js');
const { loadIndex, loadModelAndIndex } = await import('../src-main/core/search/load-index.js');
const tImport = performance.now();
const ctx = openLibrary(process.argv[2]!);
const tOpen = performance.now();
let tModel = 0;
const loadModel = () => loadActiveModel(ctx).then((a) => ((tModel = performance.now()), a));
// What the app and the CLI do for a first search: the index's worker reads the codes of the
// model the settings name while the model loads. In-place (for contrast): one after the other.
const { active, index } =
  process.argv[3] !== 'in-place'
    ? await loadModelAndIndex(ctx, loadModel)
    : await loadModel().then((a) => ({ active: a, index: loadIndex(ctx, a.record.id, a.record.dim) }));
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
