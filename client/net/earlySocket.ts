/**
 * The WebSocket client/index.html opened for a lesson link before any script loaded (issue 10),
 * taken once by whoever joins first: the join entry (client/joinEntry/) or the app's preconnect.
 */

/**
 * Kept well under the server's default join timeout (10 s), so that a taken socket is never
 * closed under a join.
 */
export const HOLD_MS = 6000;

interface EarlySocket {
  url: string;
  ws: WebSocket;
  /** Date.now() when it was opened. */
  at: number;
}

/** Takes the early socket if it goes to `url` and is young enough to use; closes it otherwise. */
export function adoptEarlySocket(url: string, now = Date.now()): { ws: WebSocket; heldMs: number } | null {
  const scope = globalThis as { __lophocEarlyWs?: EarlySocket };
  const early = scope.__lophocEarlyWs;
  if (!early) return null;
  delete scope.__lophocEarlyWs;
  const age = now - early.at;
  if (early.url === url && early.ws.readyState <= 1 && age >= 0 && age < HOLD_MS) return { ws: early.ws, heldMs: HOLD_MS - age };
  try {
    early.ws.close(1000, 'not used');
  } catch {
    // already closing
  }
  return null;
}
