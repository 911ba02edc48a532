/**
 * The preload: the window's only door to the backend. It runs sandboxed, so it
 * can require nothing but Electron's renderer modules; it exposes exactly one
 * object, `window.shoebox`, with the contract's `invoke` and `on` — no
 * ipcRenderer, no Node. Compiled to CommonJS (preload.cjs), as sandboxed
 * preloads must be. The contract's types check it; its two channel names and
 * event names are repeated here as literals that the types hold equal.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, Events, IPC as IpcNames, ShoeboxTransport } from '../api/contract.js';

const INVOKE: (typeof IpcNames)['invoke'] = 'shoebox:invoke';
const EVENT: (typeof IpcNames)['event'] = 'shoebox:event';
const EVENT_NAMES = [
  'index.progress',
  'photos.added',
  'folders.changed',
  'organize.progress',
  'models.progress',
  'status.changed',
] as const satisfies readonly EventName[];
// Fails to compile if the contract gains an event this list lacks.
const everyEvent: Exclude<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true;
void everyEvent;

const api: ShoeboxTransport = {
  invoke: (name, args) => ipcRenderer.invoke(INVOKE, name, args),
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload as Events[E]);
    };
    ipcRenderer.on(EVENT, handler);
    return () => void ipcRenderer.removeListener(EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('shoebox', api);
