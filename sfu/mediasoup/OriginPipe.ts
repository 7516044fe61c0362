/**
 * The owner's end of one node-to-node pipe (docs/cluster.md "One lesson over several nodes"):
 * an edge node offered its PipeTransport tuple for a room hosted here; this makes the owner's
 * PipeTransport on the room's origin router (SRTP: the link crosses the network; RTX: loss is
 * possible), connects it to the edge, answers with its own tuple and the room's streams, then
 * pipes each stream the edge asks for (`consume`) and forwards what happens to it (pause,
 * resume, close; the stream list after every change and every 10 s).
 *
 * Lifecycle: made by NodePipes on a verified offer; closed by the edge (PipeClose), by the room
 * (closed or re-created on another worker: the pipe was on the old router), when the edge stops
 * sending RTCP for `silenceMs` (its node died: nothing would ever close it otherwise), or by
 * NodePipes.close(). Every await is followed by a check of `closed` (conventions §3).
 */
import type { types } from 'mediasoup';
import { SerialQueue, type Logger } from '../../platform/index.js';
import { classroom, rtpParametersToProto } from '../../proto/index.js';
import type { cluster } from '../../proto/cluster/index.js';
import type { MediasoupRoom } from './MediasoupRoom.js';
import { checkSrtp, checkTuple } from './nodePipeWire.js';
import { parametersFromMediasoup } from './ortcMapping.js';

export interface PipeEndDeps {
  /** Sends one message of this pipe to the other node. */
  send(body: Omit<cluster.v1.IPipeMessage, 'fromNode' | 'toNode' | 'room' | 'pipeId' | 'expiresAtMs' | 'nonce'>): void;
  /** Where this node's PipeTransports listen, and the address other nodes use (when it differs). */
  listenIp: string;
  announcedIp: string | undefined;
  /** No RTP (edge) or RTCP (owner) from the other node for this long: the pipe is dead. */
  silenceMs: number;
  log: Logger;
  /** Called once, when the pipe closed for any reason. */
  onClosed(): void;
}

const LIST_EVERY_MS = 10_000;

export class OriginPipe {
  readonly #room: MediasoupRoom;
  readonly #deps: PipeEndDeps;
  readonly #queue = new SerialQueue('origin pipe');
  readonly #consumers = new Map<string, types.Consumer>();
  #transport: types.PipeTransport | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #lastBytes = -1;
  #lastHeard = Date.now();
  #lastList = Date.now();
  readonly #onStreams = () => this.#sendStreams();
  readonly #onGone = () => this.close('the room closed or moved', true);

  constructor(room: MediasoupRoom, deps: PipeEndDeps) {
    this.#room = room;
    this.#deps = deps;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Consumers of this pipe now (one per stream the edge receives). */
  get streams(): number {
    return this.#consumers.size;
  }

  /** Answers the edge's offer: PipeTransport made, connected, answered. Refusals are answered too. */
  open(offer: cluster.v1.IPipeOffer): Promise<void> {
    return this.#queue.push(async () => {
      const tuple = checkTuple(offer.tuple);
      const srtp = checkSrtp(offer.srtp);
      if (!tuple || !srtp) return this.#refuse('malformed offer');
      const { router, placement } = await this.#room.pipeRouter();
      if (this.#closed) return;
      const transport = await router.createPipeTransport({
        listenInfo: { protocol: 'udp', ip: this.#deps.listenIp, ...(this.#deps.announcedIp ? { announcedAddress: this.#deps.announcedIp } : {}) },
        enableSrtp: true,
        enableRtx: true,
        enableSctp: false,
      });
      if (this.#closed || !this.#room.isPlacement(placement)) {
        transport.close();
        return this.#refuse('the room moved');
      }
      this.#transport = transport;
      transport.observer.once('close', () => this.close('its router closed', true));
      await transport.connect({ ip: tuple.ip, port: tuple.port, srtpParameters: { cryptoSuite: srtp.cryptoSuite as types.SrtpCryptoSuite, keyBase64: srtp.keyBase64 } });
      if (this.#closed) return;
      this.#room.on('streamsChanged', this.#onStreams);
      this.#room.once('closed', this.#onGone);
      this.#room.once('reset', this.#onGone);
      const own = transport.srtpParameters;
      this.#deps.send({
        answer: {
          tuple: { ip: transport.tuple.localAddress, port: transport.tuple.localPort },
          srtp: own ? { cryptoSuite: own.cryptoSuite, keyBase64: own.keyBase64 } : null,
          streams: this.#list(),
        },
      });
      this.#timer = setInterval(() => void this.#tick(), 1_000);
    }).catch((err: unknown) => {
      this.#deps.log.warn({ err }, 'sfu: could not answer a pipe offer');
      this.#refuse('the owner could not make its end of the pipe');
    });
  }

  /** Pipes producer `producerId` to the edge and tells it how it is sent. */
  consume(producerId: string): Promise<void> {
    return this.#queue.push(async () => {
      const transport = this.#transport;
      if (this.#closed || !transport) return;
      const existing = this.#consumers.get(producerId);
      if (existing && !existing.closed) return this.#consumed(existing);
      const producer = await this.#room.originProducer(producerId);
      if (this.#closed) return;
      if (!producer) return this.#deps.send({ consumed: { producerId, error: 'not published' } });
      const consumer = await transport.consume({ producerId });
      if (this.#closed) return;
      this.#consumers.set(producerId, consumer);
      const state = (paused: boolean, closed: boolean) => {
        if (!this.#closed) this.#deps.send({ producerState: { producerId, paused, closed } });
      };
      consumer.on('producerpause', () => state(true, false));
      consumer.on('producerresume', () => state(false, false));
      consumer.observer.once('close', () => {
        if (this.#consumers.get(producerId) === consumer) this.#consumers.delete(producerId);
        state(true, true);
      });
      this.#consumed(consumer);
    }).catch((err: unknown) => {
      if (this.#closed) return;
      this.#deps.log.warn({ err, producerId }, 'sfu: could not pipe a stream to an edge');
      this.#deps.send({ consumed: { producerId, error: 'could not pipe the stream' } });
    });
  }

  /** The edge let stream `producerId` go (nobody there wants it): its pipe consumer closes. */
  release(producerId: string): Promise<void> {
    return this.#queue.push(async () => this.#consumers.get(producerId)?.close());
  }

  /** Closes the pipe (its consumers go with the transport); `tell`: say so to the edge. Safe twice. */
  close(reason: string, tell: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    clearInterval(this.#timer);
    this.#room.off('streamsChanged', this.#onStreams);
    this.#room.off('closed', this.#onGone);
    this.#room.off('reset', this.#onGone);
    this.#transport?.close();
    this.#consumers.clear();
    if (tell) this.#deps.send({ close: { reason } });
    this.#deps.log.info({ reason }, 'sfu: pipe to an edge closed');
    this.#deps.onClosed();
  }

  #refuse(error: string): void {
    this.#deps.send({ answer: { error } });
    this.close(error, false);
  }

  #consumed(consumer: types.Consumer): void {
    const rtp = classroom.v1.RtpParameters.encode(rtpParametersToProto(parametersFromMediasoup(consumer.rtpParameters))).finish();
    this.#deps.send({ consumed: { producerId: consumer.producerId, kind: consumer.kind, rtpParameters: rtp, paused: consumer.producerPaused } });
  }

  #list(): cluster.v1.IPipeStream[] {
    return this.#room.localStreams().map((s) => ({ peerId: s.peerId, label: s.label, producerId: s.producerId, kind: s.kind, paused: s.paused }));
  }

  #sendStreams(): void {
    if (this.#closed) return;
    this.#lastList = Date.now();
    this.#deps.send({ streams: { streams: this.#list() } });
  }

  /** Every second: the edge still sends RTCP? Every 10 s: the stream list again. */
  async #tick(): Promise<void> {
    const transport = this.#transport;
    if (this.#closed || !transport) return;
    const now = Date.now();
    if (now - this.#lastList >= LIST_EVERY_MS) this.#sendStreams();
    const stats = await transport.getStats().catch(() => []);
    if (this.#closed) return;
    const bytes = stats[0]?.bytesReceived ?? 0;
    if (bytes !== this.#lastBytes) {
      this.#lastBytes = bytes;
      this.#lastHeard = now;
    }
    // RTCP comes back only for streams that flow: nothing piped, or all paused, proves nothing.
    const flowing = [...this.#consumers.values()].some((c) => !c.producerPaused);
    if (!flowing) this.#lastHeard = now;
    else if (now - this.#lastHeard > this.#deps.silenceMs) this.close(`no RTCP from the edge for ${this.#deps.silenceMs} ms`, true);
  }
}
