/**
 * The lesson's WebSocket opened while the join page shows, handed to the session when the user
 * presses "Vào lớp": the TCP handshake and the upgrade (two round trips, 600 ms on a 300 ms
 * link) are then behind us when the JoinRequest goes out. Nothing is sent on it before the join,
 * so it carries no identity. The server closes a connection that has not joined within its join
 * timeout (10 s by default): a held socket older than HOLD_MS is closed by us first and a fresh
 * one is opened on the next sign of life (typing the name, pressing the button). On a lesson link
 * the page's HTML opens the socket before any script arrives (client/index.html): the first
 * preconnect adopts it, counting its age against HOLD_MS.
 */
import { browserWebSocket } from './Socket.js';
import type { WebSocketFactory } from './SocketTypes.js';
import { adoptEarlySocket, HOLD_MS } from './earlySocket.js';

interface Held {
  url: string;
  ws: WebSocket;
  timer: ReturnType<typeof setTimeout>;
}

let held: Held | null = null;

/** Opens (or keeps) a WebSocket to `url` for the next join. Does nothing where there is no WebSocket. */
export function preconnect(url: string): void {
  if (held?.url === url && held.ws.readyState <= 1) return;
  dropPreconnection();
  const early = adoptEarlySocket(url);
  if (!early && typeof WebSocket === 'undefined') return;
  let ws: WebSocket;
  try {
    ws = early?.ws ?? new WebSocket(url);
  } catch {
    return; // the session opens its own
  }
  ws.binaryType = 'arraybuffer';
  const entry: Held = { url, ws, timer: setTimeout(() => held === entry && dropPreconnection(), early?.heldMs ?? HOLD_MS) };
  ws.onclose = () => {
    if (held !== entry) return;
    clearTimeout(entry.timer);
    held = null;
  };
  held = entry;
}

/** Closes the held socket, if any (the page leaves the lesson, or it is too old to use). */
export function dropPreconnection(): void {
  const h = held;
  held = null;
  if (!h) return;
  clearTimeout(h.timer);
  h.ws.onclose = null;
  try {
    h.ws.close(1000, 'not used');
  } catch {
    // already closing
  }
}

/**
 * The session's WebSocket factory: the held socket when it goes to the same URL and is open or
 * opening, else a new one (every reconnection, a redirect to another node).
 */
export const preconnectedWebSocket: WebSocketFactory = (url, handlers) => {
  const h = held;
  if (!h || h.url !== url || h.ws.readyState > 1) {
    dropPreconnection();
    return browserWebSocket(url, handlers);
  }
  held = null;
  clearTimeout(h.timer);
  const ws = h.ws;
  ws.onmessage = (event) => handlers.onMessage(event.data);
  ws.onclose = (event) => handlers.onClose(event.code, event.reason);
  if (ws.readyState === 1) queueMicrotask(() => handlers.onOpen());
  else ws.onopen = () => handlers.onOpen();
  return ws;
};
