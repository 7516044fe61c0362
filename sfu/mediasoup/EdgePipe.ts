/**
 * The edge's end of a node-to-node pipe (docs/cluster.md "One lesson over several nodes"): a
 * room on this node receives the streams of the same room on its owner node. The edge makes a
 * PipeTransport on its room's origin router (SRTP, RTX), offers its tuple and SRTP key to the
 * owner over the bus, and connects to the owner's answer; then for each stream the owner lists it
 * asks for it (`consume`) and produces it here under the SAME producer id, offered to the room's
 * peers as the publisher's stream (MediasoupRoom.adoptPiped), so the room fans it out locally.
 *
 * It keeps the pipe up until stop(): an offer not answered within `answerTimeoutMs` (5 s) is
 * abandoned, a pipe closed by the owner, lost with the room's worker, or whose RTP stopped for
 * `silenceMs` while a stream should flow is closed, and a new offer follows (1, 2, 4, 5, 5… s).
 * All work runs in one serial queue; after every await `#attempt` is re-checked (§3).
 */
import type { types } from 'mediasoup';
import { SerialQueue, deferred, newId, withTimeout, type Deferred } from '../../platform/index.js';
import { classroom, rtpParametersFromProto } from '../../proto/index.js';
import type { cluster } from '../../proto/cluster/index.js';
import type { MediasoupRoom } from './MediasoupRoom.js';
import { checkSrtp, checkTuple } from './nodePipeWire.js';
import type { PipeEndDeps } from './OriginPipe.js';
import { parametersToMediasoup } from './ortcMapping.js';

export interface EdgePipeDeps extends Omit<PipeEndDeps, 'send' | 'onClosed'> {
  /** Sends one message of pipe `pipeId` to the owner. */
  send(pipeId: string, body: Parameters<PipeEndDeps['send']>[0]): void;
  answerTimeoutMs: number;
  /** The pipe is up (connected) or down (why), for logs, metrics and tests. */
  changed(up: boolean, why: string): void;
}

interface Attempt {
  pipeId: string;
  placement: number;
  transport: types.PipeTransport;
  answer: Deferred<cluster.v1.IPipeAnswer>;
  /** The owner's streams by producer id (its latest list). */
  listed: Map<string, cluster.v1.IPipeStream>;
  /** Producers made here, by id; a consume asked and not answered yet has `asked`. */
  producers: Map<string, types.Producer>;
  asked: Map<string, number>;
  /** Piped producers nobody here wants, since when (let go after RELEASE_AFTER_MS). */
  unwanted: Map<string, number>;
  lastBytes: number;
  lastHeard: number;
  timer?: NodeJS.Timeout;
}

const ASK_AGAIN_MS = 5_000;
/** A piped stream nobody here has wanted this long is let go: a page reload or a layer switch is shorter. */
export const RELEASE_AFTER_MS = 10_000;

export class EdgePipe {
  readonly #room: MediasoupRoom;
  readonly #deps: EdgePipeDeps;
  readonly #queue = new SerialQueue('edge pipe');
  #attempt: Attempt | undefined;
  #stopped = false;
  #failures = 0;
  #retry: NodeJS.Timeout | undefined;
  readonly #onRoomGone = (why: string) => () => this.#fail(why);
  readonly #onReset = this.#onRoomGone('the room was re-created on another worker');
  /** A peer here may want a stream not piped in yet: ask now, not at the next tick (a first viewer waits for the owner's answer and a key frame only). */
  readonly #onWants = () => {
    const a = this.#attempt;
    if (!a?.timer) return; // not connected yet: the owner's answer lists the streams, asked for then
    this.#queue
      .push(async () => {
        if (this.#attempt === a) this.#list(a, [...a.listed.values()]);
      })
      .catch(() => undefined);
  };

  constructor(room: MediasoupRoom, deps: EdgePipeDeps) {
    this.#room = room;
    this.#deps = deps;
    room.on('reset', this.#onReset);
    room.on('subscriptionsChanged', this.#onWants);
    room.once('closed', () => this.stop());
  }

  /** The id of the current pipe (answers carry it), if an offer is out or the pipe is up. */
  get pipeId(): string | undefined {
    return this.#attempt?.pipeId;
  }

  /** Producers piped in now. */
  get streams(): number {
    return this.#attempt?.producers.size ?? 0;
  }

  start(): void {
    this.#queue.push(() => this.#offer()).catch((err: unknown) => this.#failed(err));
  }

  /** A message of the current pipe from the owner. */
  received(m: cluster.v1.PipeMessage): void {
    const a = this.#attempt;
    if (!a || m.pipeId !== a.pipeId) return;
    if (m.kind === 'answer' && m.answer) a.answer.resolve(m.answer);
    else if (m.kind === 'close') this.#fail(`the owner closed the pipe: ${m.close?.reason ?? ''}`);
    else this.#queue.push(() => this.#handle(a, m)).catch((err: unknown) => this.#deps.log.warn({ err }, 'sfu: edge pipe message failed'));
  }

  /** Stops piping for good: the owner is told, the pipe and its streams close. Safe twice. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#room.off('reset', this.#onReset);
    this.#room.off('subscriptionsChanged', this.#onWants);
    this.#teardown('stopped', true);
    this.#queue.close();
  }

  async #offer(): Promise<void> {
    if (this.#stopped) return;
    const { router, placement } = await this.#room.pipeRouter();
    const transport = await router.createPipeTransport({
      listenInfo: { protocol: 'udp', ip: this.#deps.listenIp, ...(this.#deps.announcedIp ? { announcedAddress: this.#deps.announcedIp } : {}) },
      enableSrtp: true,
      enableRtx: true,
      enableSctp: false,
    });
    if (this.#stopped || !this.#room.isPlacement(placement)) {
      transport.close();
      throw new Error('the room moved while the pipe was made');
    }
    const a: Attempt = { pipeId: newId('pipe'), placement, transport, answer: deferred(), listed: new Map(), producers: new Map(), asked: new Map(), unwanted: new Map(), lastBytes: -1, lastHeard: Date.now() };
    this.#attempt = a;
    transport.observer.once('close', () => {
      if (this.#attempt === a) this.#fail('its router closed');
    });
    const srtp = transport.srtpParameters;
    this.#deps.send(a.pipeId, {
      offer: {
        tuple: { ip: transport.tuple.localAddress, port: transport.tuple.localPort },
        srtp: srtp ? { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 } : null,
      },
    });
    const answer = await withTimeout(a.answer.promise, this.#deps.answerTimeoutMs, 'pipe answer');
    if (this.#attempt !== a) return;
    if (answer.error) throw new Error(`the owner refused the pipe: ${answer.error}`);
    const tuple = checkTuple(answer.tuple);
    const ownerSrtp = checkSrtp(answer.srtp);
    if (!tuple || !ownerSrtp) throw new Error('malformed answer');
    await transport.connect({ ip: tuple.ip, port: tuple.port, srtpParameters: { cryptoSuite: ownerSrtp.cryptoSuite as types.SrtpCryptoSuite, keyBase64: ownerSrtp.keyBase64 } });
    if (this.#attempt !== a) return;
    this.#failures = 0;
    a.timer = setInterval(() => void this.#queue.push(() => this.#tick(a)).catch(() => undefined), 1_000);
    this.#deps.changed(true, 'connected');
    this.#list(a, answer.streams ?? []);
  }

  async #handle(a: Attempt, m: cluster.v1.PipeMessage): Promise<void> {
    if (this.#attempt !== a) return;
    if (m.kind === 'streams') this.#list(a, m.streams?.streams ?? []);
    else if (m.kind === 'consumed' && m.consumed) await this.#produce(a, m.consumed);
    else if (m.kind === 'producerState' && m.producerState) await this.#state(a, m.producerState);
  }

  /**
   * The owner's streams now: ask for the new ones a peer here wants (on demand: a stream nobody
   * here wants does not cross; one wanted later is asked as soon as a peer's subscriptions change,
   * and again at a tick if the owner's answer is lost), close those gone, follow pause states.
   */
  #list(a: Attempt, streams: cluster.v1.IPipeStream[]): void {
    a.listed = new Map(streams.map((s) => [s.producerId ?? '', s]));
    for (const [id, producer] of a.producers) if (!a.listed.has(id)) producer.close();
    const now = Date.now();
    for (const [id, s] of a.listed) {
      const producer = a.producers.get(id);
      if (producer) void this.#pauseTo(producer, s.paused === true);
      else if (this.#room.wants({ peerId: s.peerId ?? '', label: s.label ?? '' }) && now - (a.asked.get(id) ?? 0) > ASK_AGAIN_MS) {
        a.asked.set(id, now);
        this.#deps.send(a.pipeId, { consume: { producerId: id } });
      }
    }
  }

  async #produce(a: Attempt, c: cluster.v1.IPipeConsumed): Promise<void> {
    const id = c.producerId ?? '';
    const listed = a.listed.get(id);
    if (c.error || !listed || a.producers.has(id)) {
      if (c.error) this.#deps.log.info({ producerId: id, error: c.error }, 'sfu: the owner did not pipe a stream');
      return;
    }
    a.asked.delete(id);
    const wire = classroom.v1.RtpParameters.decode(c.rtpParameters ?? new Uint8Array());
    const rtpParameters = parametersToMediasoup(rtpParametersFromProto(wire));
    const producer = await a.transport.produce({ id, kind: c.kind === 'audio' ? 'audio' : 'video', rtpParameters, paused: c.paused === true });
    if (this.#attempt !== a || !a.listed.has(id)) {
      producer.close();
      return;
    }
    a.producers.set(id, producer);
    producer.observer.once('close', () => {
      if (a.producers.get(id) === producer) a.producers.delete(id);
    });
    a.lastHeard = Date.now();
    await this.#room.adoptPiped({ peerId: listed.peerId ?? '', label: listed.label ?? '' }, producer);
  }

  async #state(a: Attempt, s: cluster.v1.IPipeProducerState): Promise<void> {
    const producer = a.producers.get(s.producerId ?? '');
    if (!producer) return;
    if (s.closed) producer.close();
    else await this.#pauseTo(producer, s.paused === true);
  }

  async #pauseTo(producer: types.Producer, paused: boolean): Promise<void> {
    if (producer.closed || producer.paused === paused) return;
    if (paused) await producer.pause();
    else {
      await producer.resume();
      if (this.#attempt) this.#attempt.lastHeard = Date.now();
    }
  }

  /** Every second: RTP still arrives while a stream should flow? Unanswered consumes asked again. */
  async #tick(a: Attempt): Promise<void> {
    if (this.#attempt !== a) return;
    const stats = await a.transport.getStats().catch(() => []);
    if (this.#attempt !== a) return;
    const now = Date.now();
    const bytes = stats[0]?.rtpBytesReceived ?? 0;
    if (bytes !== a.lastBytes) {
      a.lastBytes = bytes;
      a.lastHeard = now;
    }
    const flowing = [...a.producers.values()].some((p) => !p.paused);
    if (!flowing) a.lastHeard = now;
    else if (now - a.lastHeard > this.#deps.silenceMs) return this.#fail(`no RTP from the owner for ${this.#deps.silenceMs} ms`);
    this.#list(a, [...a.listed.values()]);
    this.#letGo(a, now);
  }

  /**
   * Piped streams nobody here has wanted for RELEASE_AFTER_MS are closed (the room unpublishes
   * them) and the owner is told (`PipeProducerState{closed}`): it stops sending them. One wanted
   * again is asked again by #list.
   */
  #letGo(a: Attempt, now: number): void {
    for (const [id, producer] of [...a.producers]) {
      const s = a.listed.get(id);
      if (!s || this.#room.wants({ peerId: s.peerId ?? '', label: s.label ?? '' })) {
        a.unwanted.delete(id);
        continue;
      }
      const since = a.unwanted.get(id) ?? now;
      a.unwanted.set(id, since);
      if (now - since < RELEASE_AFTER_MS) continue;
      a.unwanted.delete(id);
      producer.close();
      this.#deps.send(a.pipeId, { producerState: { producerId: id, paused: true, closed: true } });
    }
  }

  /** The current pipe is dead: close it (telling the owner) and offer again after a pause. */
  #fail(why: string): void {
    if (this.#stopped || !this.#attempt) return;
    this.#teardown(why, true);
    this.#scheduleRetry();
  }

  #failed(err: unknown): void {
    if (this.#stopped) return;
    this.#deps.log.warn({ err }, 'sfu: pipe offer failed');
    this.#teardown(err instanceof Error ? err.message : String(err), true);
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retry);
    const delay = Math.min(5_000, 1_000 * 2 ** this.#failures++);
    this.#retry = setTimeout(() => this.start(), delay);
  }

  #teardown(why: string, tell: boolean): void {
    const a = this.#attempt;
    if (!a) return;
    this.#attempt = undefined;
    clearInterval(a.timer);
    a.answer.reject(new Error(why));
    a.answer.promise.catch(() => undefined);
    if (tell) this.#deps.send(a.pipeId, { close: { reason: why } });
    // Its producers close with it: the room unpublishes them (consumers removed, announced).
    a.transport.close();
    this.#deps.changed(false, why);
  }
}
