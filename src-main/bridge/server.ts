/**
 * The loopback HTTP transport of the API, for `shoebox serve` and the
 * browser tests. Bound to 127.0.0.1 only. Every request for data needs the
 * per-launch random token:
 *   POST /api/<command>          JSON arguments → JSON ApiResult   (header Authorization: Bearer <token>)
 *   GET  /api/events?token=…     server-sent events (EventSource cannot send headers)
 *   GET  /media/<thumb|full>/<id>?token=…   a known photo's image, by id only
 *   GET  /, /assets/…            the built renderer (no data in it; it reads the token from the URL fragment)
 * The Host header must name the loopback address (defeats DNS rebinding), and
 * a cross-origin page gets no CORS headers, so it can neither call nor read.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../api/dispatch.js';
import { EVENT_NAMES, type ApiResult } from '../api/contract.js';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { isMediaKind, parseMediaId } from '../api/media-urls.js';
import { contentSecurityPolicy, contentType, rendererFiles } from '../api/renderer-files.js';

export interface BridgeOptions {
  app: ShoeboxApp;
  /** 0 picks a free port */
  port?: number | undefined;
  /** the built renderer (dist/renderer); when missing, only the API is served */
  rendererDir?: string | undefined;
  /** for tests; a random one otherwise */
  token?: string | undefined;
}

export interface Bridge {
  url: string;
  /** the URL to open: the token travels in the fragment, which is never sent to the server */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Content-Security-Policy of the served page: only our own scripts, images and connections. */
export const CSP = contentSecurityPolicy();

/** The largest request body a command takes (arguments are small: ids, paths, descriptions). */
export const MAX_BODY = 8 * 1024 * 1024;
/**
 * A larger body is read and thrown away up to this, so the client hears the
 * 413 (a connection reset mid-upload is all it would get otherwise); past it
 * the 413 goes out at once and the connection is closed.
 */
const DISCARD_LIMIT = 128 * 1024 * 1024;

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const files = opts.rendererDir ? rendererFiles(opts.rendererDir) : new Map<string, string>();
  const { app } = opts;
  const caller = { app, transport: 'http' as const };
  const streams = new Set<ServerResponse>();
  let port = 0;

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };

  const hostOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!hostOk(req)) return text(res, 403, 'Forbidden host.');

    if (path.startsWith('/api/')) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (path === '/api/events' && req.method === 'GET') {
        if (!tokenOk(url.searchParams.get('token') ?? bearer)) return unauthorized(res);
        return events(res);
      }
      if (!tokenOk(bearer)) return unauthorized(res);
      if (req.method !== 'POST') return text(res, 405, 'Use POST.');
      // A page from another origin could send a "simple" POST; it never carries our token, but refuse it anyway.
      const origin = req.headers.origin;
      if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return text(res, 403, 'Forbidden origin.');
      let args: unknown;
      try {
        const body = await readBody(req);
        if (body === 'too_large' || body === 'far_too_large') {
          if (body === 'far_too_large') res.once('finish', () => req.socket.destroy()).setHeader('Connection', 'close');
          const limit = `${MAX_BODY / (1024 * 1024)} MB`;
          return json(res, 413, { ok: false, error: { code: 'invalid_args', message: `The request body is larger than the ${limit} limit.`, params: { limit: MAX_BODY } } });
        }
        args = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (err) {
        return json(res, 400, { ok: false, error: { code: 'invalid_args', message: `The request body is not JSON: ${(err as Error).message}` } });
      }
      const raw = path.slice('/api/'.length);
      let name: string;
      try {
        name = decodeURIComponent(raw);
      } catch {
        name = raw; // malformed escapes (/api/%): no command has such a name, so it is refused as unknown below
      }
      const result = await dispatch(caller, name, args);
      const status = !result.ok && result.error.code === 'unknown_command' ? 404 : 200;
      return json(res, status, result);
    }

    if (path.startsWith('/media/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Use GET.');
      if (!tokenOk(url.searchParams.get('token') ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1])) return unauthorized(res);
      const m = /^\/media\/([a-z]+)\/([^/]+)$/.exec(path);
      const kind = m?.[1];
      const id = m?.[2] !== undefined ? parseMediaId(m[2]) : undefined;
      if (!kind || !isMediaKind(kind) || id === undefined) return text(res, 404, 'No such photo.');
      const media = await app.photos.media(kind, id, { method: req.method, range: req.headers.range });
      if (media.status === 404) return text(res, 404, 'No such photo.');
      res.writeHead(media.status, media.headers);
      if (!media.body) return void res.end();
      // Streamed: a large photo is never held in memory; a client that goes away stops the read.
      return pipeline(media.body, res).catch(() => undefined);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Use GET.');
    // Only files that exist in the built renderer, looked up by exact name: no path is ever joined from the URL.
    const file = files.get(path === '/' ? '/index.html' : path);
    if (!file) {
      if (files.size === 0 && path === '/') return text(res, 404, 'The window is not built. Run `npm run build:renderer`.');
      return text(res, 404, 'Not found.');
    }
    const type = contentType(file);
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };

  const events = (res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    // The current indexing state at once, so a reloaded page shows the bar without waiting.
    res.write(`event: index.progress\ndata: ${JSON.stringify(app.indexing.state())}\n\n`);
    res.on('close', () => streams.delete(res));
  };

  const unsubscribe = app.events.on((event, payload) => {
    if (!EVENT_NAMES.includes(event)) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15_000);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'internal', message: String((err as Error)?.message ?? err) } });
      else res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    close: async () => {
      clearInterval(keepAlive);
      unsubscribe();
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The body, or how far past MAX_BODY it went: 'too_large' was read to its end and thrown away, 'far_too_large' was not. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too_large' | 'far_too_large'> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > DISCARD_LIMIT) return resolveBody('far_too_large');
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > DISCARD_LIMIT) {
        req.off('data', onData);
        req.pause();
        resolveBody('far_too_large');
      } else chunks.length = 0;
    };
    req.on('data', onData);
    req.on('end', () => resolveBody(size > MAX_BODY ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(data);
}

function unauthorized(res: ServerResponse): void {
  json(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token. Open the address `shoebox serve` printed.' } });
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
}
