/**
 * A tiny file server on 127.0.0.1 for the download tests: serves a folder with
 * HTTP Range support and can misbehave on purpose (cut the connection halfway,
 * never answer, 404), recording every request it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export type Behaviour = 'ok' | 'cut-once' | 'hang' | 'slow';

export interface LoopbackServer {
  url: string;
  /** the requests seen: path and Range header */
  requests: { path: string; range: string | undefined }[];
  /** per-path behaviour (default 'ok'); 'cut-once' sends half of the first response, then drops the connection */
  behave(path: string, b: Behaviour): void;
  close(): Promise<void>;
}

export async function serveFolder(root: string): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const behaviours = new Map<string, Behaviour>();
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = req.headers.range;
    requests.push({ path, range });
    const b = behaviours.get(path) ?? 'ok';
    if (b === 'hang') return; // accept, then say nothing
    const file = join(root, ...path.split('/').filter(Boolean));
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = readFileSync(file);
    let start = 0;
    const m = range && /^bytes=(\d+)-$/.exec(range);
    if (m) start = Number(m[1]);
    if (start >= body.length && body.length > 0) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start);
    const headers: Record<string, string | number> = { 'content-length': slice.length, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (m) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(m ? 206 : 200, headers);
    if (b === 'cut-once') {
      behaviours.set(path, 'ok');
      const half = Math.floor(slice.length / 2);
      res.write(slice.subarray(0, half), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (b === 'slow') {
      // Drip the body so a test can cancel mid-transfer.
      let off = 0;
      const step = Math.max(1, Math.ceil(slice.length / 50));
      const tick = (): void => {
        if (res.destroyed) return;
        if (off >= slice.length) return void res.end();
        res.write(slice.subarray(off, off + step));
        off += step;
        setTimeout(tick, 10);
      };
      tick();
      return;
    }
    res.end(slice);
  };
  const server: Server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (path, b) => behaviours.set(path, b),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
