/** The IPC transport wired to Electron's own ipcMain and dialog (the logic is in ipc-handlers.ts). */
import { dialog, ipcMain, type BrowserWindow } from 'electron';
import type { ShoeboxService } from '../api/service.js';
import { wireIpc } from './ipc-handlers.js';

/** Wires the window to the service; returns the function that unwires it. */
export function serveIpc(service: ShoeboxService, win: BrowserWindow): () => void {
  return wireIpc(service, win, { ipcMain, dialog });
}
