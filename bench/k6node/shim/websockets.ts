/**
 * Node stand-in for `k6/websockets` (also `k6/experimental/websockets`) on the `ws` package:
 * the browser-like WebSocket of k6, event handlers and addEventListener, text and binary frames
 * (binaryType "arraybuffer"; "blob" gives a Node Blob). Records ws_sessions, ws_connecting,
 * ws_session_duration, ws_msgs_sent and ws_msgs_received like k6. An open socket keeps the
 * iteration going until it is closed.
 */
import WS from 'ws';
import { addHandle, invoke, removeHandle, runtime, type Handle } from './runtime.js';

type Listener = (event: unknown) => void;

export class WebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readonly url: string;
  binaryType: 'blob' | 'arraybuffer' = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((e: unknown) => void) | null = null;
  onclose: ((e?: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onping: (() => void) | null = null;
  onpong: (() => void) | null = null;
  readonly #ws: WS;
  readonly #listeners = new Map<string, Listener[]>();
  readonly #handle: Handle;
  readonly #started = performance.now();
  #openedAt = 0;

  constructor(url: string, protocols?: string | string[] | null, params?: { headers?: Record<string, string>; compression?: string } | null) {
    this.url = url;
    this.#ws = new WS(url, protocols ?? undefined, { headers: params?.headers ?? {}, perMessageDeflate: params?.compression === 'deflate' });
    this.#handle = { abort: () => this.#ws.terminate() };
    addHandle(this.#handle);
    this.#ws.on('open', () => {
      this.#openedAt = performance.now();
      runtime.store.add('ws_connecting', 'trend', this.#openedAt - this.#started);
      runtime.store.add('ws_sessions', 'counter', 1);
      this.#emit('open', { type: 'open', timestamp: Date.now() }, this.onopen);
    });
    this.#ws.on('message', (data: Buffer, isBinary: boolean) => {
      runtime.store.add('ws_msgs_received', 'counter', 1);
      let payload: unknown;
      if (!isBinary) payload = data.toString('utf8');
      else if (this.binaryType === 'arraybuffer') payload = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      else payload = new Blob([data]);
      this.#emit('message', { type: 'message', data: payload, timestamp: Date.now() }, this.onmessage);
    });
    this.#ws.on('ping', () => this.#emit('ping', { type: 'ping', timestamp: Date.now() }, this.onping));
    this.#ws.on('pong', () => this.#emit('pong', { type: 'pong', timestamp: Date.now() }, this.onpong));
    this.#ws.on('error', (err: Error) => this.#emit('error', { type: 'error', error: err.message, timestamp: Date.now() }, this.onerror));
    this.#ws.on('close', (code: number, reason: Buffer) => {
      if (this.#openedAt > 0) runtime.store.add('ws_session_duration', 'trend', performance.now() - this.#started);
      this.#emit('close', { type: 'close', code, reason: reason.toString(), timestamp: Date.now() }, this.onclose);
      removeHandle(this.#handle);
    });
  }

  get readyState(): number {
    return this.#ws.readyState;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    if (this.#ws.readyState !== WS.OPEN) throw new Error('InvalidStateError: the WebSocket is not open');
    runtime.store.add('ws_msgs_sent', 'counter', 1);
    if (typeof data === 'string') this.#ws.send(data);
    else if (data instanceof ArrayBuffer) this.#ws.send(Buffer.from(data), { binary: true });
    else if (ArrayBuffer.isView(data)) this.#ws.send(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { binary: true });
    else void data.arrayBuffer().then((b) => this.#ws.send(Buffer.from(b), { binary: true }));
  }

  close(code?: number, reason?: string): void {
    if (this.#ws.readyState === WS.CLOSED || this.#ws.readyState === WS.CLOSING) return;
    if (this.#ws.readyState === WS.CONNECTING) this.#ws.terminate();
    else this.#ws.close(code ?? 1000, reason);
  }

  ping(): void {
    this.#ws.ping();
  }

  addEventListener(event: string, listener: Listener): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
  }

  #emit(event: string, payload: unknown, handler: ((e: never) => void) | null): void {
    invoke(handler as ((...a: unknown[]) => unknown) | null, payload);
    for (const l of this.#listeners.get(event) ?? []) invoke(l as (...a: unknown[]) => unknown, payload);
  }
}

export default { WebSocket };
