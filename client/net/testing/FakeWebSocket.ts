import { decodeClientMessage, encodeServerFrame } from '../codecMirror.js';
import type { WebSocketFactory, WebSocketHandlers, WebSocketLike } from '../SocketTypes.js';
import type { ClientRequest, ServerPush, ServerResponse } from '../types.js';

/**
 * A typed in-memory WebSocket for tests: records what the client sends (decoded as a server
 * would) and lets the test open it, answer, push and close it.
 */
export class FakeWebSocket implements WebSocketLike {
  readonly sent: Array<{ requestId: number; request: ClientRequest }> = [];
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(
    readonly url: string,
    private readonly handlers: WebSocketHandlers,
  ) {}

  send(data: Uint8Array): void {
    if (this.closedWith) throw new Error('send on a closed FakeWebSocket');
    const { requestId, request } = decodeClientMessage(data);
    this.sent.push({ requestId, request });
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  // ---- the server's side

  open(): void {
    this.handlers.onOpen();
  }

  respond(requestId: number, response: ServerResponse): void {
    this.deliver(encodeServerFrame({ kind: 'response', requestId, response }));
  }

  push(push: ServerPush): void {
    this.deliver(encodeServerFrame({ kind: 'push', push }));
  }

  /** Delivers raw bytes as a binary frame. */
  deliver(bytes: Uint8Array): void {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    this.handlers.onMessage(copy.buffer);
  }

  deliverText(text: string): void {
    this.handlers.onMessage(text);
  }

  serverClose(code: number, reason = ''): void {
    this.closedWith ??= { code, reason };
    this.handlers.onClose(code, reason);
  }

  /** The last request of one type, with its id. */
  last<T extends ClientRequest['type']>(type: T): { requestId: number; request: Extract<ClientRequest, { type: T }> } {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const entry = this.sent[i];
      if (entry && entry.request.type === type) {
        return { requestId: entry.requestId, request: entry.request as Extract<ClientRequest, { type: T }> };
      }
    }
    throw new Error(`no ${type} request was sent`);
  }
}

/** A factory that keeps every FakeWebSocket it creates, newest last. */
export class FakeWebSocketServer {
  readonly sockets: FakeWebSocket[] = [];
  readonly factory: WebSocketFactory = (url, handlers) => {
    const ws = new FakeWebSocket(url, handlers);
    this.sockets.push(ws);
    return ws;
  };

  get current(): FakeWebSocket {
    const ws = this.sockets[this.sockets.length - 1];
    if (!ws) throw new Error('no WebSocket was created');
    return ws;
  }
}
