import type { PushOf, ServerPushType } from './types.js';

/**
 * The part of a WebSocket the signaling socket uses. The browser's WebSocket is adapted by
 * `browserWebSocket`; tests pass a typed fake.
 */
export interface WebSocketLike {
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** What a WebSocket reports to its owner. */
export interface WebSocketHandlers {
  onOpen(): void;
  /** `data` is an ArrayBuffer for binary frames, a string for text frames. */
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

export type WebSocketFactory = (url: string, handlers: WebSocketHandlers) => WebSocketLike;

export interface SocketOptions {
  /** Absolute ws:// or wss:// URL of the signaling endpoint (same origin, `/ws`). */
  url: string;
  /** Creates the underlying WebSocket. Default: the browser's WebSocket. */
  createWebSocket?: WebSocketFactory;
  /** How long a request waits for its answer. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** How long an opening WebSocket may take before it is abandoned and retried. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Delays before each reconnection attempt; the last one repeats; the first gets a random
   * 0–250 ms more. Default [0, 1000, 2000, 3000] (docs/protocol.md "Reconnection").
   */
  reconnectDelaysMs?: readonly number[];
  /** Tests: the source of the first retry's jitter (0 <= x < 1). Default Math.random. */
  random?: () => number;
}

/**
 * - idle: not started;
 * - connecting: the first connection is opening;
 * - open: a WebSocket is open (the owner still has to join on it);
 * - reconnecting: the connection dropped (non-final close) and another attempt is scheduled
 *   or opening;
 * - closed: closed by the owner or by a final close code; never reopens.
 */
export type SocketStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface SocketEvents {
  [event: string]: unknown[];
  /** Every status change; `attempt` counts reconnection attempts since the last healthy join. */
  status: [status: SocketStatus, attempt: number];
  /** A WebSocket opened; the owner sends its JoinRequest first. */
  open: [info: { reconnect: boolean }];
  /** A non-final close: a reconnection follows. */
  disconnected: [info: CloseInfo];
  /** A final close code (docs/protocol.md): the socket will not reconnect. */
  final: [info: CloseInfo];
}

/** Pushes as typed events: `socket.pushes.on('chat', (push) => ...)`. */
export type PushEvents = { [K in ServerPushType]: [push: PushOf<K>] };

/** Close codes after which reconnecting cannot help (docs/protocol.md "Errors and close codes"). */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403, 4404, 4409, 4410, 4423, 4426]);

/** The close code the client uses when it leaves on purpose. */
export const NORMAL_CLOSE = 1000;
