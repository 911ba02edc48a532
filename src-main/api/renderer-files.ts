/**
 * The built window (dist/renderer), as a fixed map from URL path to file,
 * listed once at start. Both transports serve it from this map, so a request
 * can only ever name a file that is in it: no path is joined from a URL.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export function rendererFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set('/' + relative(dir, p).split(sep).join('/'), p);
    }
  };
  walk(dir);
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentType(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The window's Content-Security-Policy: only its own scripts (no eval, no
 * inline script), images from itself and the media source, connections to
 * itself. Inline styles are allowed: Svelte sets style attributes; they cannot
 * run code.
 */
export function contentSecurityPolicy(mediaSource = "'self'"): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${mediaSource} data: blob:`,
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
