/**
 * What the two custom protocols answer (protocols.ts registers them with
 * Electron), kept free of any runtime import of electron so that tests can
 * call them with plain Requests:
 *   shoebox://app/…            the built window, from a fixed list of its files
 *   shoebox-media://thumb/<id> and shoebox-media://full/<id>   a known photo's image, by id only
 * Neither ever joins a path from a URL, so there is nothing to traverse.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { isMediaKind, parseMediaId } from '../api/media-urls.js';
import { contentSecurityPolicy, contentType, rendererFiles } from '../api/renderer-files.js';
import { MEDIA_SCHEME } from '../api/contract.js';

export const APP_SCHEME = 'shoebox';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether `url` is a page of the app. Compares scheme and host, not `origin`:
 * Node's URL (the main process's) gives a custom scheme the opaque origin "null".
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

/** shoebox://app/… : the files of the built window in `rendererDir`, listed once. */
export function appHandler(rendererDir: string): ProtocolHandler {
  const files = rendererFiles(rendererDir);
  const csp = contentSecurityPolicy(`${MEDIA_SCHEME}:`);
  return async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? files.get(url.pathname === '/' ? '/index.html' : url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    const type = contentType(file);
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
    return new Response(new Uint8Array(await readFile(file)), { headers });
  };
}

/** shoebox-media://thumb|full/<id> : a known photo's image. */
export function mediaHandler(app: ShoeboxApp): ProtocolHandler {
  return async (request) => {
    const url = new URL(request.url);
    const kind = url.host;
    const id = parseMediaId(url.pathname.slice(1));
    if (!isMediaKind(kind) || id === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return new Response('Not found', { status: 404 });
    const media = await app.photos.media(kind, id, { method: request.method, range: request.headers.get('range') });
    if (media.status === 404) return new Response('Not found', { status: 404 });
    // Streamed, as the bridge does: a <video>-style Range read or a large photo never loads the whole file.
    const body = media.body ? (Readable.toWeb(media.body) as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: media.status, headers: { ...media.headers, 'X-Content-Type-Options': 'nosniff' } });
  };
}
