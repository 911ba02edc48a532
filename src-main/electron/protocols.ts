/**
 * Two custom protocols instead of file:// (Electron security checklist #18):
 *   shoebox://app/…            the built window, from a fixed list of its files
 *   shoebox-media://thumb/<id> and shoebox-media://full/<id>   a known photo's image, by id only
 * Neither ever joins a path from a URL, so there is nothing to traverse.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { isMediaKind, parseMediaId } from '../api/media-urls.js';
import { contentSecurityPolicy, contentType, rendererFiles } from '../api/renderer-files.js';
import { MEDIA_SCHEME } from '../api/contract.js';

export const APP_SCHEME = 'shoebox';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

export function handleProtocols(app: ShoeboxApp, rendererDir: string): void {
  const files = rendererFiles(rendererDir);
  const csp = contentSecurityPolicy(`${MEDIA_SCHEME}:`);

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? files.get(url.pathname === '/' ? '/index.html' : url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    const type = contentType(file);
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
    return new Response(new Uint8Array(await readFile(file)), { headers });
  });

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const kind = url.host;
    const id = parseMediaId(url.pathname.slice(1));
    if (!isMediaKind(kind) || id === undefined || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const media = await app.photos.media(kind, id);
    if (!media) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(media.body), { headers: { 'Content-Type': media.type, 'X-Content-Type-Options': 'nosniff' } });
  });
}
