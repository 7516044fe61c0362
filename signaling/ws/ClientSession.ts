/**
 * One WebSocket connection: decodes frames, enforces the per-connection rules (rate, bad frames,
 * join first), handles its requests one at a time in arrival order, and answers each exactly once.
 */
import { RateLimitedError, SerialQueue, TimeoutError, isExpected, newId, publicError, withTimeout, type Logger } from '../../platform/index.js';
import { decodeClientMessage, requestIdOf } from '../codec/decodeClient.js';
import { encodeServerMessage } from '../codec/encodeServer.js';
import type { ClientRequest, ServerBody } from '../codec/messages.js';
import type { SignalingMetrics } from '../metrics.js';
import { CLOSE, closeCodeForJoinError } from './closeCodes.js';
import { TokenBucket } from './TokenBucket.js';

/** The socket under a session; a typed seam so sessions can be tested without uWS. */
export interface SessionTransport {
  /** Returns false when the message could not be queued (backpressure limit reached). */
  send(bytes: Uint8Array): boolean;
  /** Closes gracefully with a code (ignored when already closed). */
  close(code: number, reason: string): void;
}

export interface SessionLimits {
  maxBadFrames: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** A request still unanswered after this long is answered UNAVAILABLE (the next one waits for it to end: #outlive). */
  requestTimeoutMs: number;
}

/** What a request does; returns its response body, or nothing for an Ack. */
export type Dispatch = (session: ClientSession, request: ClientRequest) => Promise<ServerBody | void>;

/** Set by the join handler: the lesson and participant this connection speaks for. */
export interface SessionBinding {
  lessonId: string;
  participantId: string;
  /** Called once when the connection ends while bound (not after a leave or a takeover). */
  onConnectionLost(session: ClientSession): void;
}

export class ClientSession {
  readonly id = newId('s');
  readonly remoteAddress: string;
  readonly cookieHeader: string;
  readonly logger: Logger;
  #transport: SessionTransport;
  #dispatch: Dispatch;
  #metrics: SignalingMetrics;
  #limits: SessionLimits;
  #queue: SerialQueue;
  #bucket: TokenBucket;
  #badFrames = 0;
  #limitedInARow = 0;
  #closed = false;
  #running = false;
  #closeAfter: { code: number; reason: string } | undefined;
  #binding: SessionBinding | undefined;
  /**
   * Pushes held while the request that bound this connection (its join) is unanswered: the
   * answer waits for the attendance commit (createDispatch), and a push sent meanwhile would
   * reach the client before the JoinResponse whose snapshot it follows — the page applies the
   * push, then the older snapshot over it (a restored raised hand vanished from the teacher's
   * queue after a failover). Undefined: pushes go out at once.
   */
  #held: ServerBody[] | undefined;

  constructor(args: {
    transport: SessionTransport;
    dispatch: Dispatch;
    limits: SessionLimits;
    metrics: SignalingMetrics;
    logger: Logger;
    remoteAddress: string;
    cookieHeader: string;
    now: number;
  }) {
    this.#transport = args.transport;
    this.#dispatch = args.dispatch;
    this.#limits = args.limits;
    this.#metrics = args.metrics;
    this.remoteAddress = args.remoteAddress;
    this.cookieHeader = args.cookieHeader;
    this.logger = args.logger.child({ session: this.id });
    this.#queue = new SerialQueue(`session ${this.id}`);
    this.#bucket = new TokenBucket(args.limits.messagesPerSecond, args.limits.messageBurst, args.now);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get binding(): SessionBinding | undefined {
    return this.#binding;
  }

  /**
   * Binds the connection to a participant. Called by the join request running now: pushes to
   * the connection from here on follow that request's answer, in order (docs/protocol.md).
   */
  bind(binding: SessionBinding): void {
    this.#binding = binding;
    if (this.#running) this.#held ??= [];
    this.logger.setBindings({ room: binding.lessonId, participant: binding.participantId });
  }

  /** Forget the binding so that closing the socket is not reported as a lost connection. */
  unbind(): void {
    this.#binding = undefined;
  }

  push(body: ServerBody): void {
    if (this.#held) this.#held.push(body);
    else this.#send(0, body);
  }

  /** Closes the socket; the transport's close callback finishes the cleanup. Safe twice. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#transport.close(code, reason.slice(0, 120));
  }

  /** A text frame: not part of the protocol. */
  onTextFrame(): void {
    this.#badFrame(0, 'BAD_REQUEST', 'Binary frames only');
  }

  onBinaryFrame(frame: Uint8Array, now: number): void {
    if (this.#closed) return;
    let decoded;
    try {
      decoded = decodeClientMessage(frame);
    } catch (err) {
      const pub = publicError(err);
      this.#badFrame(requestIdOf(err), pub.code, pub.message);
      return;
    }
    const { requestId, request } = decoded;
    this.#metrics.messageIn(request.type);
    if (!this.#bucket.take(now)) {
      this.#limitedInARow++;
      if (this.#limitedInARow > this.#limits.messageBurst) return this.close(CLOSE.rateLimited, 'Too many messages');
      return this.#fail(requestId, request.type, new RateLimitedError('Too many messages, slow down', 1));
    }
    this.#limitedInARow = 0;
    const arrived = performance.now();
    this.#queue
      .push(async () => {
        this.#running = true;
        const started = performance.now();
        const work = this.#dispatch(this, request);
        try {
          const body = await withTimeout(work, this.#limits.requestTimeoutMs, request.type);
          this.#send(requestId, body ?? { type: 'ack' });
          // Where a reconnection's seconds go (bench:failover reads these): queued behind this
          // connection's earlier requests, then handled.
          this.logger.debug({ request: request.type, answer: body?.type ?? 'ack', waitedMs: Math.round(started - arrived), ranMs: Math.round(performance.now() - started) }, 'answered');
        } catch (err) {
          this.#fail(requestId, request.type, err);
          if (err instanceof TimeoutError) await this.#outlive(work, request.type);
        } finally {
          this.#running = false;
          this.#releaseHeld();
          if (this.#closeAfter) this.close(this.#closeAfter.code, this.#closeAfter.reason);
        }
      })
      .catch(() => undefined); // the queue was closed with the socket: nothing left to answer
  }

  /**
   * A request answered UNAVAILABLE at its timeout may still be running (a slow store, a media
   * call): the next request of this connection waits for it, so that requests keep running one
   * at a time in arrival order (conventions §12; a leave must not overtake the join it follows).
   * One still running after a second timeout is given up on: the connection closes (1011) and the
   * client reconnects into a fresh session, rather than this one holding its queue forever.
   */
  async #outlive(work: Promise<unknown>, what: string): Promise<void> {
    try {
      await withTimeout(
        work.catch(() => undefined),
        this.#limits.requestTimeoutMs,
        what,
      );
    } catch {
      this.logger.warn({ request: what, ms: 2 * this.#limits.requestTimeoutMs }, 'a request still runs after twice its timeout: the connection is closed');
      this.close(CLOSE.requestStuck, 'A request did not finish');
      this.#queue.close(); // what waits behind it is dropped now, not when the socket's close arrives
    }
  }

  /**
   * Closes once the request running now (if any) has been answered, e.g. by a leave or an end
   * of the lesson whose answer waits for the attendance record; an idle session closes after
   * the pushes already queued for it. Requests queued behind are dropped, as on any close.
   */
  closeAfterAnswer(code: number, reason: string): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#closeAfter ??= { code, reason };
      return;
    }
    setImmediate(() => this.close(code, reason));
  }

  /** The socket is gone (closed by either side). Pending requests are dropped. */
  onTransportClosed(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    const binding = this.#binding;
    this.#binding = undefined;
    this.logger.debug({ code }, 'connection closed');
    binding?.onConnectionLost(this);
  }

  /** The binding request was answered: what was pushed meanwhile goes out now, in order. */
  #releaseHeld(): void {
    const held = this.#held;
    this.#held = undefined;
    for (const body of held ?? []) this.#send(0, body);
  }

  #badFrame(requestId: number, code: ReturnType<typeof publicError>['code'], message: string): void {
    this.#badFrames++;
    this.#metrics.messageError('frame', code);
    this.#send(requestId, { type: 'error', code, message });
    if (this.#badFrames >= this.#limits.maxBadFrames) this.close(CLOSE.protocolViolation, 'Too many malformed messages');
  }

  #fail(requestId: number, requestType: string, err: unknown): void {
    if (this.#closed) return;
    const pub = publicError(err);
    this.#metrics.messageError(requestType, pub.code);
    if (!isExpected(err)) this.logger.error({ err, requestType }, 'request failed');
    this.#send(requestId, { type: 'error', ...pub });
    // A join that failed for a reason retrying cannot fix ends the connection (docs/protocol.md).
    const closeCode = requestType === 'join' ? closeCodeForJoinError(err) : undefined;
    if (closeCode === undefined) return;
    this.#held = undefined; // the connection ends with this answer
    this.close(closeCode, pub.message);
  }

  #send(requestId: number, body: ServerBody): void {
    if (this.#closed) return;
    this.#metrics.messageOut(body.type);
    if (!this.#transport.send(encodeServerMessage(requestId, body))) {
      // The client does not read fast enough; it will reconnect and resume with fresh state.
      this.close(CLOSE.tooSlow, 'Connection too slow');
    }
  }
}
