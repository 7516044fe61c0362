/**
 * The class Q&A pushed while the app is open (R13): GET /api/qa/events is a text/event-stream per
 * signed-in page; when ClassQa stores notifications (a question asked, an answer, an acceptance)
 * each person told gets `event: qa` with the question's id within the bus's delay, on whichever
 * node holds their stream: the note goes through the cluster bus (Redis pub/sub when scaled out,
 * in memory on one node). The event says only "look again": the page reads the badge and the
 * thread through the authorized routes.
 *
 * A stream lasts at most `maxStreamMs` and the browser's EventSource opens the next one by itself:
 * a session signed out or expired is checked again then. A comment line every `heartbeatMs` keeps
 * proxies from closing an idle stream.
 */
import { PassThrough } from 'node:stream';
import type { QaNotified } from '../../../classroom/index.js';
import type { MessageBus, Unsubscribe } from '../../../cluster/index.js';
import { RateLimitedError, type Logger } from '../../../platform/index.js';
import { classQaHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';

/** The bus channel of stored Q&A notifications: JSON {userIds, questionId, kind}. */
export const QA_NOTIFIED_CHANNEL = 'qa.notified';
/** People in one note at most (a class and its teachers is ~50). */
const MAX_TOLD = 500;
/** Bytes waiting for one stream's socket before it is cut off. */
const MAX_BUFFERED = 64 * 1024;

export interface QaEventsOptions {
  logger: Logger;
  /** Default 25000 ms. */
  heartbeatMs?: number;
  /** Default 300000 ms. */
  maxStreamMs?: number;
  /** Open streams of one person (tabs, devices); the oldest is closed beyond. Default 4. */
  perUser?: number;
  /** Open streams of this node; more are refused (429). Default 20000. */
  maxStreams?: number;
}

export class QaEvents {
  readonly #bus: MessageBus;
  readonly #logger: Logger;
  readonly #maxStreamMs: number;
  readonly #perUser: number;
  readonly #maxStreams: number;
  readonly #streams = new Map<string, PassThrough[]>();
  readonly #heartbeat: NodeJS.Timeout;
  #count = 0;
  #unsubscribe: Unsubscribe | null = null;
  #closed = false;

  constructor(bus: MessageBus, options: QaEventsOptions) {
    this.#bus = bus;
    this.#logger = options.logger;
    this.#maxStreamMs = options.maxStreamMs ?? 300_000;
    this.#perUser = options.perUser ?? 4;
    this.#maxStreams = options.maxStreams ?? 20_000;
    this.#heartbeat = setInterval(() => this.#each((s) => this.#write(s, ': ping\n\n')), options.heartbeatMs ?? 25_000);
    this.#heartbeat.unref();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Open streams on this node. */
  get size(): number {
    return this.#count;
  }

  async start(): Promise<void> {
    const unsubscribe = await this.#bus.subscribe(QA_NOTIFIED_CHANNEL, (payload) => this.#deliver(payload));
    if (this.#closed) return void (await unsubscribe());
    this.#unsubscribe = unsubscribe;
  }

  /** ClassQa's `notified`: to every node, this one included. */
  notified(n: QaNotified): void {
    if (this.#closed) return;
    const payload = new TextEncoder().encode(JSON.stringify({ userIds: n.userIds.slice(0, MAX_TOLD), questionId: n.questionId, kind: n.kind }));
    this.#bus.publish(QA_NOTIFIED_CHANNEL, payload).catch((err: unknown) => this.#logger.warn({ err }, 'could not pass on a Q&A notification; the badge catches up at the next look'));
  }

  /** A new stream for `userId`; it ends by itself after maxStreamMs. */
  open(userId: string): PassThrough {
    if (this.#closed || this.#count >= this.#maxStreams) throw new RateLimitedError('Too many open event streams; the page asks again later', 30);
    const stream = new PassThrough();
    const own = this.#streams.get(userId) ?? [];
    this.#streams.set(userId, own);
    own.push(stream);
    this.#count++;
    // Forgotten when it ends here (its last bytes still flow to the page) or when the page hangs up.
    const timer = setTimeout(() => this.#end(userId, stream), this.#maxStreamMs);
    timer.unref();
    stream.once('close', () => {
      clearTimeout(timer);
      this.#forget(userId, stream);
    });
    if (own.length > this.#perUser) this.#end(userId, own[0]!);
    // The first bytes send the headers (the page's EventSource opens); `retry` paces its reconnects.
    stream.write('retry: 3000\n: open\n\n');
    return stream;
  }

  /** Ends every stream and stops listening. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const [userId, list] of [...this.#streams]) for (const s of [...list]) this.#end(userId, s);
    await this.#unsubscribe?.();
  }

  #end(userId: string, s: PassThrough): void {
    this.#forget(userId, s);
    s.end();
  }

  #forget(userId: string, s: PassThrough): void {
    const list = this.#streams.get(userId);
    const i = list?.indexOf(s) ?? -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    this.#count--;
    if (list.length === 0) this.#streams.delete(userId);
  }

  #deliver(payload: Uint8Array): void {
    let note: { userIds?: unknown; questionId?: unknown; kind?: unknown };
    try {
      note = JSON.parse(new TextDecoder().decode(payload)) as typeof note;
    } catch {
      return this.#logger.warn('unreadable Q&A notification on the bus');
    }
    const event = classQaHttp.qaEvent.safeParse({ questionId: note.questionId, kind: note.kind });
    if (!event.success || !Array.isArray(note.userIds)) return this.#logger.warn('malformed Q&A notification on the bus');
    const line = `event: qa\ndata: ${JSON.stringify(event.data)}\n\n`;
    for (const userId of note.userIds.slice(0, MAX_TOLD)) {
      if (typeof userId !== 'string') continue;
      for (const s of [...(this.#streams.get(userId) ?? [])]) this.#write(s, line);
    }
  }

  /** A page that stopped reading (its socket stalled) is cut off rather than buffered for: it reconnects. */
  #write(s: PassThrough, text: string): void {
    if (s.writableLength > MAX_BUFFERED) s.destroy(); // 'close' forgets it
    else s.write(text);
  }

  #each(fn: (s: PassThrough) => void): void {
    for (const list of [...this.#streams.values()]) for (const s of [...list]) fn(s);
  }
}

/** GET /api/qa/events: any signed-in person (only students and teachers are ever told anything). */
export function classQaEventsRoutes(services: Services, events: QaEvents): ApiRoute[] {
  return [
    {
      method: 'get',
      path: classQaHttp.QA_EVENTS_PATH,
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        return {
          status: 200,
          headers: { 'x-accel-buffering': 'no' },
          stream: { contentType: 'text/event-stream; charset=utf-8', size: undefined, body: events.open(actor.userId) },
        };
      },
    },
  ];
}
