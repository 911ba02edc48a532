/** The IPC transport wired to Electron's own ipcMain and dialog (the logic is in ipc-handlers.ts). */
import { dialog, ipcMain, shell, type BrowserWindow } from 'electron';
import type { ShoeboxApp } from '../app/shoebox-app.js';
import { wireIpc } from './ipc-handlers.js';

/** Wires the window to the app; returns the function that unwires it. */
export function serveIpc(app: ShoeboxApp, win: BrowserWindow): () => void {
  return wireIpc(app, win, { ipcMain, dialog, shell });
}
