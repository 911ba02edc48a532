/**
 * Worker thread that fills a VectorIndex from the library database: it reads
 * the float32 blobs with its own read-only connection and writes int8 codes
 * straight into the index's shared memory, so the thread that launched it can
 * load the model meanwhile (at startup the two take about as long each).
 * Posts { count } (rows written, ids in the shared `ids` buffer) or { error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { encodeRow, type RowLayout, type WasmMemory } from './int8-codes.js';

export interface LoaderData {
  dbPath: string;
  modelId: number;
  memory: WasmMemory;
  rowsOffset: number;
  layout: RowLayout;
  capacity: number;
  ids: SharedArrayBuffer;
}

/** The photos a model's index holds: the same rows as VectorStore.iterate (vectors of photos without errors). */
export const INDEX_ROWS_SQL =
  'SELECT e.photo_id, e.vector FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE e.model_id = ? AND p.error IS NULL ORDER BY e.photo_id';

function load(d: LoaderData): number {
  const db = new Database(d.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('mmap_size = 4294967296');
    const { layout } = d;
    const buf = d.memory.buffer;
    const mem = { i8: new Int8Array(buf), f32: new Float32Array(buf) };
    const ids = new Int32Array(d.ids);
    const v = new Float32Array(layout.dim);
    const bytes = new Uint8Array(v.buffer);
    let n = 0;
    for (const [id, blob] of db.prepare(INDEX_ROWS_SQL).raw(true).iterate(d.modelId) as Iterable<[number, Buffer]>) {
      if (n === d.capacity) throw new Error('more vectors than expected (the library changed while loading)');
      if (blob.byteLength !== layout.dim * 4) continue;
      bytes.set(blob);
      encodeRow(v, layout, mem, d.rowsOffset + n * layout.stride);
      ids[n++] = id;
    }
    return n;
  } finally {
    db.close();
  }
}

if (parentPort) {
  try {
    parentPort.postMessage({ count: load(workerData as LoaderData) });
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}
