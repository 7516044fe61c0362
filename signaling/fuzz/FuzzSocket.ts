/**
 * A WebSocket for the fuzzer: sends raw frames, waits for the answer to one frame (or the close),
 * and remembers the participant ids it sees, so that later frames can name real participants.
 */
import WebSocket from 'ws';
import { classroom } from '../../proto/index.js';

type ServerMessage = classroom.v1.ServerMessage;

export type Outcome = { kind: 'answer'; message: ServerMessage } | { kind: 'closed'; code: number } | { kind: 'timeout' };

export class FuzzSocket {
  /** Participant ids seen in answers and pushes, newest last (at most 16). */
  readonly seenIds: string[] = [];
  selfId = '';
  closeCode: number | undefined;
  readonly #ws: WebSocket;
  #waiting: { id: number; resolve(o: Outcome): void } | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const m = classroom.v1.ServerMessage.decode(new Uint8Array(data));
      this.#learn(m);
      const w = this.#waiting;
      if (w && m.requestId === w.id && (w.id !== 0 || m.body === 'error')) {
        this.#waiting = undefined;
        w.resolve({ kind: 'answer', message: m });
      }
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      const w = this.#waiting;
      this.#waiting = undefined;
      w?.resolve({ kind: 'closed', code });
    });
    ws.on('error', () => undefined); // a refused or dropped socket is reported through 'close'
  }

  static open(url: string): Promise<FuzzSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new FuzzSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  get open(): boolean {
    return this.closeCode === undefined && this.#ws.readyState === WebSocket.OPEN;
  }

  /** Sends `frame` and resolves with the answer carrying `answerId` (0: an Error for a bad frame), the close, or a timeout. */
  exchange(frame: Uint8Array, answerId: number, timeoutMs: number): Promise<Outcome> {
    if (!this.open) return Promise.resolve({ kind: 'closed', code: this.closeCode ?? 1006 });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.#waiting = {
        id: answerId,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      this.#ws.send(frame, { binary: true });
    });
  }

  /** Resolves with the close code once the server closes the socket, or undefined after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<number | undefined> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.#ws.once('close', (code: number) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.#ws.terminate();
  }

  #learn(m: ServerMessage): void {
    const add = (id: string | null | undefined) => {
      if (!id || this.seenIds.includes(id)) return;
      this.seenIds.push(id);
      if (this.seenIds.length > 16) this.seenIds.shift();
    };
    if (m.join?.participantId) this.selfId = m.join.participantId;
    add(m.join?.participantId);
    for (const p of m.join?.snapshot?.participants ?? []) add(p.id);
    add(m.participantJoined?.participant?.id);
    for (const e of m.lobbyUpdated?.entries ?? []) add(e.participantId);
    for (const g of m.breakout?.groups ?? []) add(g.id);
  }
}
