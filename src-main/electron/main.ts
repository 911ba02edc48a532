/**
 * The Electron main process: a thin shell. It opens the library, creates one
 * locked-down window, and connects it to the same ShoeboxApp that
 * `shoebox serve` uses — everything behind the window is the API (api/), which
 * the browser tests exercise through the HTTP bridge. What only exists here:
 * the window's security settings, two custom protocols, the IPC transport and
 * the native folder picker.
 */
import { app, BrowserWindow, session, shell, type WebContents } from 'electron';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLibrary, closeLibrary, defaultLibraryDir } from '../core/context.js';
import { ShoeboxApp } from '../app/shoebox-app.js';
import { serveIpc } from './ipc.js';
import { APP_URL, handleProtocols, registerSchemes } from './protocols.js';
import { isAppUrl } from './protocol-handlers.js';
import { allowedExternalUrls, mayOpenExternally } from './external-links.js';

/** dist/src-main/electron/main.js → dist/renderer and the compiled preload beside this file. */
const RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

// Every renderer sandboxed, whatever a window asks for (checklist #4).
app.enableSandbox();
registerSchemes();
// The window's profile (local storage: language and theme; Chromium's caches) lives in Electron's
// userData folder. SHOEBOX_USER_DATA puts it elsewhere: an empty profile for the end-to-end test
// (test/electron/app.test.ts), or a second profile. Electron reads it only if set before 'ready'.
if (process.env.SHOEBOX_USER_DATA) app.setPath('userData', resolve(process.env.SHOEBOX_USER_DATA));

/** The links the window may open in the user's browser (external-links.ts); set once the app is up. */
let externalUrls = new Set<string>();

/** Applied to every web contents, not just ours: no navigation away, no new windows, no <webview>. */
function lockDown(contents: WebContents): void {
  // isAppUrl, not URL.origin: Node gives a custom scheme the opaque origin "null".
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // The licence links open in the user's browser, never inside the app; nothing else opens at all.
    if (mayOpenExternally(url, externalUrls)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Shoebox',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // No middle-click (auxclick) on links: it would ask for a new window by a path of its own.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  app.on('web-contents-created', (_e, contents) => lockDown(contents));

  // Deny every permission (camera, notifications, geolocation…): the app needs none (checklist #5).
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  const ctx = openLibrary(process.env.SHOEBOX_LIBRARY ?? defaultLibraryDir());
  const shoebox = new ShoeboxApp(ctx, { background: true });
  try {
    externalUrls = allowedExternalUrls(shoebox.models.catalog());
  } catch {
    // no readable catalog: no licence links to open
  }
  handleProtocols(shoebox, RENDERER_DIR);

  const win = createWindow();
  const unwire = serveIpc(shoebox, win);
  await win.loadURL(APP_URL);
  void shoebox.start();

  let closing = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => {
    if (closing) return;
    // Let the indexer stop cleanly (it finishes the photos in flight), then quit for real.
    e.preventDefault();
    closing = true;
    unwire();
    void shoebox
      .close()
      .catch(() => undefined)
      .finally(() => {
        closeLibrary(ctx);
        app.quit();
      });
  });
}

start().catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
