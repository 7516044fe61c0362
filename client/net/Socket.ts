import { log } from '../util/log.js';
import { markStep } from '../util/timeline.js';
import { TypedEmitter } from '../util/emitter.js';
import { CodecError, decodeServerMessage, encodeClientMessage } from './codec.js';
import { RedirectError, ServerError, SocketError } from './errors.js';
import {
  FINAL_CLOSE_CODES,
  NORMAL_CLOSE,
  type PushEvents,
  type SocketEvents,
  type SocketOptions,
  type SocketStatus,
  type WebSocketFactory,
  type WebSocketLike,
} from './SocketTypes.js';
import type { ClientRequest, ResultFor, ServerPush, ServerResponse } from './types.js';

/**
 * The first retry after a working connection dropped goes at once (bench:failover: the fixed
 * 0.5 s was on every page's path back after a node died), spread over FIRST_RETRY_JITTER_MS so
 * that the thousands of pages of a dead node do not reach the balancer in one instant; a retry
 * that fails backs off.
 */
const DEFAULT_DELAYS = [0, 1000, 2000, 3000] as const;
const FIRST_RETRY_JITTER_MS = 250;

interface Pending {
  type: ClientRequest['type'];
  resolve: (response: ServerResponse) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The browser's WebSocket, binary frames as ArrayBuffers. */
export const browserWebSocket: WebSocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => handlers.onMessage(event.data);
  ws.onclose = (event) => handlers.onClose(event.code, event.reason);
  return ws;
};

/** Routes pushes to typed listeners. */
export class PushRouter extends TypedEmitter<PushEvents> {
  dispatch(push: ServerPush): void {
    // The union cannot be narrowed to one event's tuple by the compiler; type and payload
    // come from the same object, so they match.
    this.safeEmit(push.type, ...([push] as PushEvents[typeof push.type]));
  }
}

/**
 * The signaling socket: request/response by request id with a timeout, pushes as typed events,
 * and reconnection with backoff after any non-final close. It knows nothing of joining: on every
 * `open` its owner sends the JoinRequest (with the resume token after a reconnection).
 */
export class Socket extends TypedEmitter<SocketEvents> {
  readonly pushes = new PushRouter();
  #url: string;
  readonly #create: WebSocketFactory;
  readonly #requestTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #delays: readonly number[];
  readonly #random: () => number;
  readonly #pending = new Map<number, Pending>();
  #ws: WebSocketLike | null = null;
  /** Identifies the current WebSocket; events of an abandoned one are ignored. */
  #generation = 0;
  #status: SocketStatus = 'idle';
  #attempt = 0;
  #nextRequestId = 1;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  #openedOnce = false;

  constructor(options: SocketOptions) {
    super();
    this.#url = options.url;
    this.#create = options.createWebSocket ?? browserWebSocket;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#delays = options.reconnectDelaysMs?.length ? options.reconnectDelaysMs : DEFAULT_DELAYS;
    this.#random = options.random ?? Math.random;
  }

  get status(): SocketStatus {
    return this.#status;
  }

  get closed(): boolean {
    return this.#status === 'closed';
  }

  /** Where the next connection goes (the current one is kept): another node of the lesson's cluster. */
  setUrl(url: string): void {
    this.#url = url;
  }

  get url(): string {
    return this.#url;
  }

  /** Opens the first connection. Calling it again does nothing. */
  connect(): void {
    if (this.#status !== 'idle') return;
    this.#setStatus('connecting');
    this.#open();
  }

  /**
   * Sends a request and resolves with its response (`void` for an Ack). Rejects with a
   * ServerError when the server answers an Error, a SocketError when there is no usable answer.
   */
  request<T extends ClientRequest>(request: T, timeoutMs = this.#requestTimeoutMs): Promise<ResultFor<T['type']>> {
    const ws = this.#ws;
    if (this.#status !== 'open' || !ws) return Promise.reject(new SocketError('not-connected'));
    const requestId = this.#takeRequestId();
    let frame: Uint8Array;
    try {
      frame = encodeClientMessage(requestId, request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<ServerResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new SocketError('timeout', `${request.type} timed out`));
      }, timeoutMs);
      this.#pending.set(requestId, { type: request.type, resolve, reject, timer });
      try {
        ws.send(frame);
      } catch (error) {
        this.#settle(requestId, new SocketError('connection-lost', String(error)));
      }
    }).then((response) => resultOf(request.type, response) as ResultFor<T['type']>);
  }

  /**
   * Called by the owner once it has joined on the current connection: the next drop starts
   * the backoff from its first step again.
   */
  markHealthy(): void {
    this.#attempt = 0;
  }

  /**
   * Drops the current connection (if any) and reconnects at once: the browser came back
   * online, or the owner has reason to think the connection is dead.
   */
  reconnectNow(): void {
    if (this.#status === 'closed' || this.#status === 'idle') return;
    this.#clearTimer('reconnect');
    const ws = this.#ws;
    this.#abandonCurrent(new SocketError('connection-lost', 'reconnecting'));
    try {
      ws?.close(NORMAL_CLOSE, 'reconnecting');
    } catch {
      // already closing
    }
    this.#setStatus('reconnecting');
    this.#open();
  }

  /** Closes for good; safe to call twice. Pending requests reject with SocketError('closed'). */
  close(code = NORMAL_CLOSE, reason = ''): void {
    if (this.#status === 'closed') return;
    this.#clearTimer('reconnect');
    const ws = this.#ws;
    this.#abandonCurrent(new SocketError('closed'));
    try {
      ws?.close(code, reason);
    } catch {
      // already closing
    }
    this.#setStatus('closed');
  }

  #open(): void {
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.#clearTimer('connect');
    this.#connectTimer = setTimeout(() => {
      if (current()) this.#onClose(4000, 'connect timeout', true);
    }, this.#connectTimeoutMs);
    try {
      this.#ws = this.#create(this.#url, {
        onOpen: () => current() && this.#onOpen(),
        onMessage: (data) => current() && this.#onMessage(data),
        onClose: (code, reason) => current() && this.#onClose(code, reason, false),
      });
    } catch (error) {
      log.warn('could not create the WebSocket', error);
      this.#onClose(4000, 'create failed', false);
    }
  }

  #onOpen(): void {
    this.#clearTimer('connect');
    const reconnect = this.#openedOnce;
    this.#openedOnce = true;
    markStep('ws-open');
    this.#setStatus('open');
    this.safeEmit('open', { reconnect });
  }

  #onMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) {
      log.warn('ignored a non-binary frame');
      return;
    }
    let frame;
    try {
      frame = decodeServerMessage(new Uint8Array(data));
    } catch (error) {
      log.warn('ignored an undecodable frame', error);
      if (error instanceof CodecError && error.requestId) {
        this.#settle(error.requestId, new SocketError('bad-response', error.message));
      }
      return;
    }
    if (frame.kind === 'push') {
      this.pushes.dispatch(frame.push);
      return;
    }
    const { requestId, response } = frame;
    if (requestId === 0) {
      // An Error the server could not attach to a request: our frame was unreadable.
      log.warn('server rejected a frame', response);
      return;
    }
    const pending = this.#pending.get(requestId);
    if (!pending) {
      log.debug(`answer to unknown or timed-out request ${requestId}`);
      return;
    }
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  #onClose(code: number, reason: string, abandon: boolean): void {
    if (this.#status === 'closed') return;
    this.#clearTimer('connect');
    const ws = this.#ws;
    this.#abandonCurrent(new SocketError('connection-lost', `closed with ${code}`));
    if (abandon) {
      try {
        ws?.close(NORMAL_CLOSE, reason);
      } catch {
        // not open yet
      }
    }
    if (FINAL_CLOSE_CODES.has(code)) {
      this.#setStatus('closed');
      this.safeEmit('final', { code, reason });
      return;
    }
    this.safeEmit('disconnected', { code, reason });
    if (this.closed) return; // a listener closed us
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const step = this.#delays[Math.min(this.#attempt, this.#delays.length - 1)] ?? 3000;
    const delay = this.#attempt === 0 ? step + Math.floor(this.#random() * FIRST_RETRY_JITTER_MS) : step;
    this.#attempt++;
    this.#setStatus('reconnecting');
    this.#clearTimer('reconnect');
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#status === 'reconnecting') this.#open();
    }, delay);
  }

  /** Forgets the current WebSocket and rejects every request waiting on it. */
  #abandonCurrent(error: SocketError): void {
    this.#generation++;
    this.#ws = null;
    this.#clearTimer('connect');
    for (const id of [...this.#pending.keys()]) this.#settle(id, error);
  }

  #settle(requestId: number, error: Error): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  #takeRequestId(): number {
    const id = this.#nextRequestId;
    this.#nextRequestId = id >= 0xffff_fffe ? 1 : id + 1;
    return id;
  }

  #clearTimer(which: 'connect' | 'reconnect'): void {
    if (which === 'connect' && this.#connectTimer) {
      clearTimeout(this.#connectTimer);
      this.#connectTimer = null;
    }
    if (which === 'reconnect' && this.#reconnectTimer) {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
    }
  }

  #setStatus(status: SocketStatus): void {
    if (this.#status === status && status !== 'reconnecting') return;
    this.#status = status;
    this.safeEmit('status', status, this.#attempt);
  }
}

/** Requests answered by their own response type rather than an Ack. */
const WITH_RESPONSE: ReadonlySet<ClientRequest['type']> = new Set(['join', 'mediaSetup', 'produce', 'restartIce', 'firstSound', 'getAttendance']);

/** Checks that the answer fits the request and unwraps it. */
function resultOf(type: ClientRequest['type'], response: ServerResponse): unknown {
  if (response.type === 'error') throw new ServerError(response.code, response.message, response.reason);
  if (type === 'join' && response.type === 'join') return response.result;
  if (type === 'join' && response.type === 'redirect') throw new RedirectError(response.node, response.ticket);
  if (type === 'mediaSetup' && response.type === 'mediaSetup') return { send: response.send, recv: response.recv };
  if (type === 'produce' && response.type === 'produce') return { producerId: response.producerId };
  if (type === 'restartIce' && response.type === 'restartIce') return { iceParameters: response.iceParameters };
  if (type === 'firstSound' && response.type === 'firstSound') return { offer: response.offer };
  if (type === 'getAttendance' && response.type === 'attendance') return response.report;
  if (!WITH_RESPONSE.has(type) && response.type === 'ack') return undefined;
  throw new SocketError('bad-response', `${response.type} in answer to ${type}`);
}
