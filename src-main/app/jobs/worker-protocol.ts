/**
 * One typed protocol for work in a worker thread (indexing, re-embedding with
 * another model), so the thread that answers the window never waits on it.
 *   worker → { type: 'progress', progress } | { type: 'event', event } | { type: 'done', result } | { type: 'error', error }
 *   worker ← { type: 'abort' }   stop after the items in flight; nothing half-written
 * Errors cross with their codes (ErrorInfo), never as bare text.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { errorInfo, fromErrorInfo, fail, type ErrorInfo } from '../../core/util/errors.js';
import type { Progress } from '../../core/util/progress.js';

export type WorkerMessage<R, E> =
  | { type: 'progress'; progress: Progress }
  | { type: 'event'; event: E }
  | { type: 'done'; result: R }
  | { type: 'error'; error: ErrorInfo };

export interface WorkerRun<R> {
  result: Promise<R>;
  /** asks the worker to stop after the items in flight */
  abort(): void;
  /** resolves when the thread has exited */
  exited: Promise<void>;
  terminate(): Promise<void>;
}

/** Main side: starts the worker at `url` with `data`; the result rejects with the worker's own coded error. */
export function runInWorker<D, R, E = never>(
  url: URL,
  data: D,
  on: { progress?(p: Progress): void; event?(e: E): void; what: string },
): WorkerRun<R> {
  const worker = new Worker(url, { workerData: data });
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  const result = new Promise<R>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage<R, E>) => {
      if (m.type === 'progress') on.progress?.(m.progress);
      else if (m.type === 'event') on.event?.(m.event);
      else if (!settled) {
        settled = true;
        if (m.type === 'done') resolve(m.result);
        else reject(fromErrorInfo(m.error));
      }
    });
    worker.on('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(fail('job.stopped', { what: on.what, exit: code }));
      settled = true;
    });
  });
  return {
    result,
    abort: () => worker.postMessage({ type: 'abort' }),
    exited,
    terminate: async () => void (await worker.terminate()),
  };
}

/** Worker side: runs `work` with the data it was started with, a signal for abort, and a way to send events. */
export function serveWorker<D, R, E = never>(
  work: (data: D, io: { signal: AbortSignal; progress(p: Progress): void; event(e: E): void }) => Promise<R>,
): void {
  const port = parentPort;
  if (!port) return;
  const controller = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m?.type === 'abort') controller.abort();
  });
  const post = (m: WorkerMessage<R, E>): void => port.postMessage(m);
  void work(workerData as D, {
    signal: controller.signal,
    progress: (progress) => post({ type: 'progress', progress }),
    event: (event) => post({ type: 'event', event }),
  })
    .then((result) => post({ type: 'done', result }))
    .catch((err: unknown) => post({ type: 'error', error: errorInfo(err) }))
    .finally(() => port.close());
}
