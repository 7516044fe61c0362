/**
 * The join entry's connection (docs/weak-networks.md "The join entry"): on "Vào lớp" it sends the
 * JoinRequest and, right behind it, the FirstSoundRequest, on the socket the page's HTML opened,
 * plays the teacher's microphone when the answer offers it, and keeps every other frame the
 * server sends for the app. When the app's code arrives, its session takes the socket through
 * `adopt()`: the JoinRequest it sends first is not sent again but answered with the JoinResponse
 * received here (under the app's request id), and then come the frames kept, in order. The
 * entry's own requests (the first sound's) have ids from a range the app's socket never reaches
 * and are answered here even after the hand-over.
 */
import { FirstSound, type FirstSoundDeps, type FirstSoundSignal } from '../media/firstSound/FirstSound.js';
import type { DtlsParameters, IceServer } from '../net/types.js';
import type { WebSocketHandlers, WebSocketLike } from '../net/SocketTypes.js';
import { log } from '../util/log.js';
import { markStep } from '../util/timeline.js';
import { ERROR_BODY, FIRST_SOUND_BODY, JOIN_BODY } from './entrySchemas.js';
import { encodeFirstSound, encodeFirstSoundClose, encodeFirstSoundConnect, encodeJoin, readServerFrame, withRequestId, type EntryJoin } from './entryWire.js';

/** The entry's request ids: far above where the app's socket counts from 1. */
const FIRST_ENTRY_ID = 0xfff0_0000;
const REQUEST_TIMEOUT_MS = 10_000;
/** WebSocket's readyState values (not read from the global, which tests replace). */
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;

interface EntryRequest {
  resolve: (frame: ReturnType<typeof readServerFrame>) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class EntryConnection {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, EntryRequest>();
  #nextId = FIRST_ENTRY_ID;
  /** The JoinResponse (or Error, Redirect) to the entry's join, until the app's join takes it. */
  #joinAnswer: Uint8Array | null = null;
  readonly #joinId: number;
  /** Frames for the app, in the order they came, until it has joined on the socket. */
  readonly #kept: Uint8Array[] = [];
  #closedWith: { code: number; reason: string } | null = null;
  #app: WebSocketHandlers | null = null;
  /** The request id of the app's JoinRequest, answered with #joinAnswer. */
  #appJoinId: number | null = null;
  /** The app has had the join's answer: what follows is its own. */
  #joinAnswered = false;
  /** What the app gets next, one per task. */
  readonly #outbox: Array<() => void> = [];
  #pumping = false;
  #iceServers: IceServer[] = [];
  /** Resolves with the first sound once it plays, or null (nothing to hear, refused, failed). */
  readonly firstSound: Promise<FirstSound | null>;

  readonly #deps: FirstSoundDeps | undefined;

  constructor(ws: WebSocket, join: EntryJoin, deps?: FirstSoundDeps) {
    this.#ws = ws;
    this.#deps = deps;
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (event: MessageEvent) => this.#onMessage(event.data);
    ws.onclose = (event: CloseEvent) => this.#onClose(event.code, event.reason);
    this.#joinId = this.#takeId();
    const soundId = this.#takeId();
    const asked = this.#expect(soundId);
    const send = () => {
      markStep('join-sent');
      ws.send(encodeJoin(this.#joinId, join));
      ws.send(encodeFirstSound(soundId));
    };
    if (ws.readyState === OPEN) send();
    else ws.onopen = send;
    this.firstSound = asked.then((frame) => this.#openFirstSound(frame)).catch((error: unknown) => {
      log.info('no first sound for the join entry', error);
      return null;
    });
  }

  /**
   * The app's socket factory's first call: this connection, as it stands, for the app's session.
   * Its open is reported at once when the socket is open (or when it opens).
   */
  adopt(handlers: WebSocketHandlers): WebSocketLike {
    this.#app = handlers;
    const ws = this.#ws;
    if (ws.readyState >= CLOSING) {
      // Lost before the app came: its session reconnects as after any drop.
      const closed = this.#closedWith ?? { code: 1006, reason: '' };
      this.#closedWith = null;
      queueMicrotask(() => handlers.onClose(closed.code, closed.reason));
      return { send: () => undefined, close: () => undefined };
    }
    if (ws.readyState === OPEN) queueMicrotask(() => handlers.onOpen());
    else if (ws.readyState === CONNECTING) {
      const sendEntry = ws.onopen;
      ws.onopen = (event) => {
        if (typeof sendEntry === 'function') sendEntry.call(ws, event);
        handlers.onOpen();
      };
    }
    this.#deliver();
    return {
      send: (frame) => this.#sendFromApp(frame),
      close: (code, reason) => ws.close(code, reason),
    };
  }

  #sendFromApp(frame: Uint8Array): void {
    if (this.#appJoinId === null) {
      // The app's JoinRequest: the entry's was sent with the same parameters; its answer is ours.
      this.#appJoinId = leadingRequestId(frame);
      this.#deliver();
      return;
    }
    this.#ws.send(frame);
  }

  /** The first sound's signaling, over this socket with the entry's request ids. */
  #signal(): FirstSoundSignal {
    return {
      firstSound: () => Promise.reject(new Error('the join entry asks once')),
      firstSoundConnect: async (transportId: string, dtls: DtlsParameters) => {
        const id = this.#takeId();
        const answer = this.#expect(id);
        this.#ws.send(encodeFirstSoundConnect(id, transportId, dtls));
        const frame = await answer;
        if (frame.body === ERROR_BODY) throw new Error(`first sound refused: ${frame.error?.message ?? ''}`);
      },
      firstSoundClose: async (transportId: string) => {
        if (this.#ws.readyState !== OPEN) return;
        const id = this.#takeId();
        const answer = this.#expect(id);
        this.#ws.send(encodeFirstSoundClose(id, transportId));
        await answer;
      },
    };
  }

  async #openFirstSound(frame: ReturnType<typeof readServerFrame>): Promise<FirstSound | null> {
    if (frame.body !== FIRST_SOUND_BODY || !frame.firstSound) return null;
    return FirstSound.open(frame.firstSound, this.#iceServers, this.#signal(), this.#deps);
  }

  #onMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return;
    const bytes = new Uint8Array(data);
    let frame: ReturnType<typeof readServerFrame> | null = null;
    try {
      frame = readServerFrame(bytes);
    } catch (error) {
      log.warn('the join entry could not read a frame (left to the app)', error);
    }
    const pending = frame ? this.#pending.get(frame.requestId) : undefined;
    if (frame && pending) {
      this.#pending.delete(frame.requestId);
      clearTimeout(pending.timer);
      pending.resolve(frame);
      return;
    }
    if (frame?.requestId === this.#joinId) {
      if (frame.body === JOIN_BODY) {
        markStep('join-answered');
        this.#iceServers = frame.iceServers ?? [];
      }
      this.#joinAnswer = bytes;
    } else {
      this.#kept.push(bytes);
    }
    this.#deliver();
  }

  #onClose(code: number, reason: string): void {
    this.#closedWith = { code, reason };
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`closed with ${code}`));
      this.#pending.delete(id);
    }
    this.#deliver();
  }

  /**
   * Gives the app what it may have now: the join's answer once it has asked, then the rest in
   * order, then the close. One frame per task, as the browser delivers them: the app's session
   * takes the join's answer in the microtasks after it, before the first push that follows.
   */
  #deliver(): void {
    const app = this.#app;
    if (!app || this.#appJoinId === null) return;
    if (this.#joinAnswer) {
      const answer = withRequestId(this.#joinAnswer, this.#appJoinId);
      this.#joinAnswer = null;
      this.#joinAnswered = true;
      this.#outbox.push(() => app.onMessage(toArrayBuffer(answer)));
    }
    if (!this.#joinAnswered && !this.#closedWith) return;
    for (const frame of this.#kept.splice(0)) this.#outbox.push(() => app.onMessage(toArrayBuffer(frame)));
    const closed = this.#closedWith;
    if (closed) {
      this.#closedWith = null;
      this.#outbox.push(() => app.onClose(closed.code, closed.reason));
    }
    this.#pump();
  }

  #pump(): void {
    if (this.#pumping || this.#outbox.length === 0) return;
    this.#pumping = true;
    setTimeout(() => {
      this.#pumping = false;
      this.#outbox.shift()?.();
      this.#pump();
    }, 0);
  }

  #expect(id: number): Promise<ReturnType<typeof readServerFrame>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error('the server did not answer the join entry'));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  #takeId(): number {
    return this.#nextId++;
  }
}

/**
 * The request id of a ClientMessage as the app's codec writes it: field 1 (varint) first. Anything
 * else is not the JoinRequest the app's session sends first on a new socket.
 */
export function leadingRequestId(frame: Uint8Array): number {
  if (frame[0] !== 0x08) throw new Error('the first frame of the app has no leading request id');
  let id = 0;
  for (let i = 1, shift = 0; i < 6 && i < frame.length; i++, shift += 7) {
    const byte = frame[i] ?? 0;
    id += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return id;
  }
  throw new Error('the first frame of the app has a broken request id');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}
