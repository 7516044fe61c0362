/**
 * A bot's signaling connection: the real protocol of docs/protocol.md (binary protobuf frames
 * over the `/ws` WebSocket, request ids, pushes with request id 0), from Node, as an outside
 * client would speak it.
 */
import WebSocket from 'ws';
import { classroom, PROTOCOL_VERSION } from '../../proto/index.js';

const v1 = classroom.v1;
export type ServerMessage = classroom.v1.ServerMessage;
export type ClientBody = Omit<classroom.v1.ClientMessage.$Properties, 'requestId'>;

export class SignalingError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SignalingClientOptions {
  /** Bound on each request. Default 20000 ms. */
  requestTimeoutMs?: number;
  /** Called for every push (request id 0) and for answers nobody waits for any more. */
  onPush?: (m: ServerMessage) => void;
  onClose?: (code: number, reason: string) => void;
}

export class SignalingClient {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, { resolve: (m: ServerMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  readonly #opts: SignalingClientOptions;
  #nextId = 1;
  #closeCode: number | undefined;

  private constructor(ws: WebSocket, opts: SignalingClientOptions) {
    this.#ws = ws;
    this.#opts = opts;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      let m: ServerMessage;
      try {
        m = v1.ServerMessage.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch {
        return;
      }
      const waiter = m.requestId ? this.#pending.get(m.requestId) : undefined;
      if (waiter) {
        this.#pending.delete(m.requestId);
        clearTimeout(waiter.timer);
        waiter.resolve(m);
      } else this.#opts.onPush?.(m);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.#closeCode = code;
      for (const [id, w] of this.#pending) {
        clearTimeout(w.timer);
        w.reject(new Error(`socket closed (${code}) before the answer to request ${id}`));
      }
      this.#pending.clear();
      this.#opts.onClose?.(code, reason.toString());
    });
    ws.on('error', () => {}); // 'close' follows and rejects what is pending
  }

  /** Opens `ws(s)://host/ws`; fails after `timeoutMs`. */
  static connect(url: string, opts: SignalingClientOptions = {}, timeoutMs = 10_000): Promise<SignalingClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
      const client = new SignalingClient(ws, opts);
      const fail = (err: Error) => reject(err);
      ws.once('open', () => {
        ws.off('error', fail);
        resolve(client);
      });
      ws.once('error', fail);
    });
  }

  get closeCode(): number | undefined {
    return this.#closeCode;
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Sends a request and resolves with its answer; an `Error` answer rejects with a SignalingError. */
  request(body: ClientBody): Promise<ServerMessage> {
    const requestId = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#ws.readyState !== WebSocket.OPEN) {
        reject(new Error(`socket not open (request ${Object.keys(body).join()})`));
        return;
      }
      const timeoutMs = this.#opts.requestTimeoutMs ?? 20_000;
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new Error(`no answer within ${timeoutMs} ms to ${Object.keys(body).join()}`));
      }, timeoutMs);
      this.#pending.set(requestId, {
        resolve: (m) => (m.error ? reject(new SignalingError(m.error.code ?? 0, m.error.message ?? '')) : resolve(m)),
        reject,
        timer,
      });
      this.#ws.send(v1.ClientMessage.encode(v1.ClientMessage.create({ requestId, ...body })).finish());
    });
  }

  /** JoinRequest with a link token; resolves with the JoinResponse. */
  async join(lessonId: string, joinToken: string, extra: Partial<classroom.v1.JoinRequest.$Properties> = {}): Promise<classroom.v1.JoinResponse.$Properties> {
    const m = await this.request({ join: { protocolVersion: PROTOCOL_VERSION, lessonId, joinToken, ...extra } });
    if (!m.join) throw new Error('join answered without a JoinResponse');
    return m.join;
  }

  close(code = 1000): void {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) this.#ws.close(code);
  }

  /** Drops the connection without a close handshake. */
  terminate(): void {
    this.#ws.terminate();
  }
}

export const v1Enums = {
  TrackSource: v1.TrackSource,
  AdmissionStatus: v1.AdmissionStatus,
  VideoLayer: v1.VideoLayer,
  ErrorCode: v1.ErrorCode,
};
