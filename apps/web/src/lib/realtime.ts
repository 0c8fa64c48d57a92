import type { ClientMessage, ServerMessage } from '@souk/contracts';

export type RealtimeStatus = 'connecting' | 'open' | 'closed';

export interface RealtimeOptions {
  onMessage: (message: ServerMessage) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** The server closed the socket because the session ended (signed out or revoked elsewhere). */
  onSessionEnded?: () => void;
  /** Defaults to `/api/ws` on this page's host; the session cookie authenticates it. */
  url?: string;
}

export interface RealtimeConnection {
  send(message: ClientMessage): void;
  close(): void;
}

const PING_EVERY_MS = 25_000; // under the usual 30-60 s idle timeout of proxies
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** The close code the server uses for a session that is no longer valid: retrying cannot help. */
const SESSION_ENDED = 4401;

export function realtimeUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws`;
}

/**
 * Keeps one WebSocket open until `close()`: reconnects with exponential
 * backoff and full jitter (so a restarted server is not hit by every client
 * at once), and reconnects at once when the device comes back online or the
 * tab becomes visible again.
 */
export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  const url = options.url ?? realtimeUrl();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const setStatus = (status: RealtimeStatus) => options.onStatus?.(status);

  const open = () => {
    clearTimeout(retryTimer);
    if (closed) return;
    setStatus('connecting');
    const ws = new WebSocket(url);
    socket = ws;

    ws.onmessage = (event) => {
      const message = parse(event.data);
      if (!message) return;
      if (message.type === 'ready') {
        attempt = 0;
        setStatus('open');
      }
      options.onMessage(message);
    };
    ws.onopen = () => {
      pingTimer = setInterval(() => send({ type: 'ping' }), PING_EVERY_MS);
    };
    ws.onclose = (event) => {
      clearInterval(pingTimer);
      if (socket !== ws) return;
      socket = undefined;
      if (closed) return;
      setStatus('closed');
      if (event.code === SESSION_ENDED) {
        closed = true;
        options.onSessionEnded?.();
        return;
      }
      const delay = Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
      attempt += 1;
      retryTimer = setTimeout(open, delay);
    };
  };

  const send = (message: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const reconnectNow = () => {
    if (!closed && !socket && document.visibilityState === 'visible') open();
  };
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', reconnectNow);

  open();

  return {
    send,
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      window.removeEventListener('online', reconnectNow);
      document.removeEventListener('visibilitychange', reconnectNow);
      socket?.close(1000);
      socket = undefined;
      setStatus('closed');
    },
  };
}

function parse(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const message = JSON.parse(data) as ServerMessage;
    return typeof message?.type === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
