/**
 * Two custom protocols instead of file:// (Electron security checklist #18),
 * registered with Electron here; what they answer is in protocol-handlers.ts.
 */
import { protocol } from 'electron';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { MEDIA_SCHEME } from '../api/contract.js';
import { APP_SCHEME, appHandler, mediaHandler } from './protocol-handlers.js';

export { APP_ORIGIN, APP_SCHEME, APP_URL } from './protocol-handlers.js';

/** Must run before the app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

export function handleProtocols(app: ShoeboxApp, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appHandler(rendererDir));
  protocol.handle(MEDIA_SCHEME, mediaHandler(app));
}
