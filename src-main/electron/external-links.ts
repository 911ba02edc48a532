/**
 * Which links the window may open in the user's browser: only the pages the
 * app itself shows links to, the model catalog's licence pages. Any other URL
 * (another host, another page on the same host, another scheme, credentials in
 * the URL) is refused, so a page that somehow got script into the window still
 * cannot make the system open what it likes (shell.openExternal runs the OS's
 * handler for the URL). Free of electron imports, so it is tested as a function.
 */
import type { Catalog } from '../core/models/catalog.js';

/** The project's own pages, if it gets one; none is linked from the window today. */
export const PROJECT_URLS: readonly string[] = [];

/** The exact URLs the window may open: the catalog's licence pages and the project's. */
export function allowedExternalUrls(catalog: Pick<Catalog, 'models'> | undefined): Set<string> {
  const urls = new Set<string>();
  for (const url of [...PROJECT_URLS, ...(catalog?.models ?? []).map((m) => m.licence.url)]) {
    const href = url && URL.canParse(url) ? new URL(url).href : undefined;
    if (href) urls.add(href);
  }
  return urls;
}

/** Whether `url` may be opened outside the app: https, no credentials, and exactly one of `allowed`. */
export function mayOpenExternally(url: string, allowed: ReadonlySet<string>): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowed.has(u.href);
}
