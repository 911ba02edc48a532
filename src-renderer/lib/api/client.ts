/**
 * The window's one way to reach the backend. It picks the transport it finds:
 * the object Electron's preload exposed (window.shoebox), or the loopback HTTP
 * bridge of `shoebox serve`. Everything else in the renderer is the same for
 * both; both are typed by the one contract in src-main/api/contract.ts.
 */
import { MEDIA_SCHEME } from '../../../src-main/api/contract.js';
import type {
  ApiError,
  ApiResult,
  ArgsOf,
  CommandName,
  EventName,
  Events,
  MediaKind,
  ResultOf,
  ShoeboxTransport,
} from '../../../src-main/api/contract.js';
import { formatMessage } from '../../../src-main/core/messages/catalog.js';

export type { ApiError };

export interface Api extends ShoeboxTransport {
  kind: 'electron' | 'http';
  mediaUrl(kind: MediaKind, id: number): string;
}

/** A command's error, thrown by `call` for code that wants exceptions. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

declare global {
  interface Window {
    /** set by the Electron preload only */
    shoebox?: ShoeboxTransport;
  }
}

function electronApi(t: ShoeboxTransport): Api {
  return {
    kind: 'electron',
    invoke: (name, args) => t.invoke(name, args),
    on: (event, listener) => t.on(event, listener),
    mediaUrl: (kind, id) => `${MEDIA_SCHEME}://${kind}/${id}`,
  };
}

const TOKEN_KEY = 'shoebox.token';

/** The token arrives in the URL fragment (never sent to a server); kept for reloads, then wiped from the address bar. */
function readToken(): string {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpApi(): Api {
  const token = readToken();
  let source: EventSource | undefined;
  const events = (): EventSource => (source ??= new EventSource(`api/events?token=${encodeURIComponent(token)}`));
  return {
    kind: 'http',
    async invoke<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
      try {
        const res = await fetch(`api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(args ?? {}),
        });
        return (await res.json()) as ApiResult<ResultOf<N>>;
      } catch (err) {
        const detail = String((err as Error).message ?? err);
        return { ok: false, error: { code: 'network', message: formatMessage('window.no_backend', { detail }), key: 'window.no_backend', params: { detail } } };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      const handler = (e: MessageEvent<string>): void => listener(JSON.parse(e.data) as Events[E]);
      events().addEventListener(event, handler);
      return () => events().removeEventListener(event, handler);
    },
    mediaUrl: (kind, id) => `media/${kind}/${id}?token=${encodeURIComponent(token)}`,
  };
}

export const api: Api = typeof window !== 'undefined' && window.shoebox ? electronApi(window.shoebox) : httpApi();

/** Runs a command; throws ApiFailure on an error result. */
export async function call<N extends CommandName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  const r = await api.invoke(name, args);
  if (!r.ok) throw new ApiFailure(r.error);
  return r.value;
}
