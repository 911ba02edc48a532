/**
 * The IPC transport of the API. One channel for commands, one for events.
 * Every message is checked before it reaches the core (Electron security
 * checklist #17, VS Code's validatedIpcMain): it must come from our window's
 * main frame, showing our own app origin; then dispatch() checks the command
 * name and validates its arguments against the contract.
 * No runtime import of electron here (ipc.ts passes in ipcMain and dialog),
 * so the tests can drive it with fake windows and events.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { IPC, type ApiResult } from '../api/contract.js';
import { dispatch } from '../api/dispatch.js';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { isAppUrl } from './protocol-handlers.js';

/** The part of Electron's `dialog` the shell uses. */
export interface FolderDialog {
  showOpenDialog(win: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
}

/** The part of Electron's `shell` the window uses: show a photo's file in the file manager. */
export interface FileManager {
  showItemInFolder(path: string): void;
}

export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: FolderDialog;
  shell?: FileManager;
}

export function isTrustedSender(e: IpcMainInvokeEvent, win: BrowserWindow): boolean {
  if (win.isDestroyed() || e.sender !== win.webContents) return false;
  const frame = e.senderFrame;
  if (!frame || frame !== win.webContents.mainFrame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** What the invoke channel answers: a refusal for anyone but our window, the folder picker, or the command. */
export function invokeHandler(app: ShoeboxApp, win: BrowserWindow, dialog: FolderDialog, shell?: FileManager) {
  return async (e: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(e, win)) return { ok: false, error: { code: 'unauthorized', message: 'Refused: not the Shoebox window.' } };
    // The one command only this transport can serve: the native folder picker.
    if (name === 'roots.choose') {
      const r = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
      return { ok: true, value: { path: r.canceled ? null : (r.filePaths[0] ?? null) } };
    }
    // Show in file manager: the path comes from the library (photos.get checks the id), never from the window.
    if (name === 'photos.reveal' && shell) {
      const photo = await dispatch({ app, transport: 'electron' }, 'photos.get', args);
      if (!photo.ok) return photo;
      shell.showItemInFolder((photo.value as { path: string }).path);
      return { ok: true, value: { shown: true } };
    }
    return dispatch({ app, transport: 'electron' }, name, args);
  };
}

/** Wires the window to the app; returns the function that unwires it. */
export function wireIpc(app: ShoeboxApp, win: BrowserWindow, { ipcMain, dialog, shell }: IpcDeps): () => void {
  ipcMain.handle(IPC.invoke, invokeHandler(app, win, dialog, shell));
  const off = app.events.on((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC.event, event, payload);
  });
  return () => {
    off();
    ipcMain.removeHandler(IPC.invoke);
  };
}
