/**
 * A signaling client for tests: speaks the real protobuf protocol over a real WebSocket, keeps
 * every push, and lets a test await a response, a push or the close code.
 */
import WebSocket from 'ws';
import { classroom, PROTOCOL_VERSION } from '../proto/index.js';

const v1 = classroom.v1;
export type ServerMessage = classroom.v1.ServerMessage;
type ClientBody = Omit<classroom.v1.ClientMessage.$Properties, 'requestId'>;

export class TestClient {
  readonly pushes: ServerMessage[] = [];
  /** Every message in the order it arrived, answers and pushes together (ordering tests). */
  readonly received: ServerMessage[] = [];
  closeCode: number | undefined;
  readonly #ws: WebSocket;
  readonly #waiting = new Map<number, (m: ServerMessage) => void>();
  readonly #pushWaiters: Array<{ match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  readonly #closed: Promise<number>;
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const m = v1.ServerMessage.decode(new Uint8Array(data));
      this.received.push(m);
      const waiter = m.requestId ? this.#waiting.get(m.requestId) : undefined;
      if (waiter) {
        this.#waiting.delete(m.requestId);
        waiter(m);
        return;
      }
      this.pushes.push(m);
      for (const w of [...this.#pushWaiters]) {
        if (w.match(m)) {
          this.#pushWaiters.splice(this.#pushWaiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    this.#closed = new Promise((resolve) =>
      ws.on('close', (code: number) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Sends a request and resolves with the server's answer to it. */
  request(body: ClientBody, timeoutMs = 15_000): Promise<ServerMessage> {
    const requestId = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to request ${requestId} (${Object.keys(body).join()})`)), timeoutMs);
      this.#waiting.set(requestId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.#ws.send(v1.ClientMessage.encode({ requestId, ...body }).finish());
    });
  }

  join(fields: classroom.v1.JoinRequest.$Properties, timeoutMs?: number): Promise<ServerMessage> {
    return this.request({ join: { protocolVersion: PROTOCOL_VERSION, ...fields } }, timeoutMs);
  }

  /** Sends raw bytes or text, for malformed-input tests. */
  sendRaw(data: Uint8Array | string): void {
    this.#ws.send(data, { binary: typeof data !== 'string' });
  }

  /** The first push (already received or future) that `match` accepts. */
  waitForPush(match: (m: ServerMessage) => boolean, timeoutMs = 15_000, what = 'push'): Promise<ServerMessage> {
    const seen = this.pushes.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.#pushWaiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  waitForClose(timeoutMs = 15_000): Promise<number> {
    return Promise.race([this.#closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('socket did not close')), timeoutMs))]);
  }

  close(): void {
    this.#ws.close();
  }
}
