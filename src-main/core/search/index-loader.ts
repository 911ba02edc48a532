/**
 * Worker thread that fills a VectorIndex from the library database: it reads
 * the stored int8 codes with its own read-only connection and copies them
 * straight into the index's shared memory, so the thread that launched it can
 * load the model meanwhile. Posts { count } (rows written, ids in the shared
 * `ids` buffer) or { error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { writeCodeRows, type RowLayout, type WasmMemory } from './int8-codes.js';
import { INDEX_CODES_SQL } from '../store/vectors.js';

export interface LoaderData {
  dbPath: string;
  modelId: number;
  memory: WasmMemory;
  rowsOffset: number;
  layout: RowLayout;
  capacity: number;
  ids: SharedArrayBuffer;
}

function load(d: LoaderData): number {
  const db = new Database(d.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('mmap_size = 4294967296');
    const rows = db.prepare(INDEX_CODES_SQL).raw(true).iterate(d.modelId) as Iterable<[number, Buffer]>;
    return writeCodeRows(rows, d, new Int32Array(d.ids));
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
