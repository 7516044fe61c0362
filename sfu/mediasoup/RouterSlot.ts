/**
 * One router of a room on one worker. A room starts with one, its origin (on the worker the room
 * was placed on); when its audience outgrows that worker, peers go to routers of the same room
 * on other workers (RoomRouters), and each stream a peer there receives is piped into that
 * router once (mediasoup `pipeToRouter`, a PipeTransport pair over loopback per pair of
 * routers), then fanned out there. See docs/sfu.md "Cascade".
 *
 * Lifecycle: created by RoomRouters, closed by it (close(): the router and its pipes go) or by
 * its worker's death (parentClosed(): nothing to tell the worker). A pipe producer closes when
 * the producer it copies closes (mediasoup closes the pipe consumer, then the pipe producer).
 */
import type { types } from 'mediasoup';
import type { SfuMetrics } from '../metrics.js';
import type { TransportDirection } from '../TransportNegotiationTypes.js';
import type { ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';
import { ROUTER_MEDIA_CODECS } from './routerCodecs.js';
import { timed } from './timed.js';
import type { WorkerHost } from './WorkerHost.js';

export class RouterSlot {
  readonly host: WorkerHost;
  readonly router: types.Router;
  readonly webRtcServer: types.WebRtcServer;
  /** The room's first router (its observers, taps and every stream's way to the others). */
  readonly origin: boolean;
  /** Peers whose transports are on this router. */
  readonly peers = new Set<string>();
  readonly #metrics: SfuMetrics;
  /** Pipe producers on this router, by the id of the producer they copy (the same id). */
  readonly #pipes = new Map<string, Promise<types.Producer | undefined>>();
  #closed = false;

  constructor(host: WorkerHost, router: types.Router, webRtcServer: types.WebRtcServer, origin: boolean, metrics: SfuMetrics) {
    this.host = host;
    this.router = router;
    this.webRtcServer = webRtcServer;
    this.origin = origin;
    this.#metrics = metrics;
  }

  /** A router of the room on `host`'s worker (the same codecs as every router of the engine). */
  static async create(host: WorkerHost, metrics: SfuMetrics): Promise<RouterSlot> {
    const { worker, webRtcServer } = host.serving();
    const router = await timed(metrics, 'createRouter', () => worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { satellite: true } }));
    return new RouterSlot(host, router, webRtcServer, false, metrics);
  }

  get closed(): boolean {
    return this.#closed || this.router.closed;
  }

  /** Pipe producers on this router now (for load and tests). */
  get pipes(): number {
    return this.#pipes.size;
  }

  /**
   * `producer` (published on `from`) as this router sees it: itself when it is on this router,
   * else its pipe producer, made on the first call and shared by every later one. Undefined when
   * the producer closed meanwhile. A paused producer's pipe is paused and follows it (mediasoup
   * wires pause/resume/close across the pipe); consumers' key frame requests travel back as RTCP.
   */
  async take(producer: types.Producer, from: RouterSlot): Promise<types.Producer | undefined> {
    if (from === this) return producer;
    const id = producer.id;
    let pipe = this.#pipes.get(id);
    if (!pipe) {
      pipe = this.#pipe(producer, from);
      this.#pipes.set(id, pipe);
    }
    const piped = await pipe;
    return piped && !piped.closed ? piped : undefined;
  }

  // Not async: the promise kept in #pipes must be the one `forget` compares with.
  #pipe(producer: types.Producer, from: RouterSlot): Promise<types.Producer | undefined> {
    const id = producer.id;
    const forget = () => {
      if (this.#pipes.get(id) === pipe) this.#pipes.delete(id);
    };
    const pipe = timed(this.#metrics, 'pipeToRouter', () =>
      // No SCTP (the engine has no DataChannels); loopback, so no RTX on the pipe.
      from.router.pipeToRouter({ producerId: id, router: this.router, enableSctp: false }),
    ).then(
      ({ pipeProducer }) => {
        if (!pipeProducer) {
          forget();
          return undefined;
        }
        this.#metrics.resourceOpened('pipe');
        pipeProducer.observer.once('close', () => {
          this.#metrics.resourceClosed('pipe');
          forget();
        });
        if (pipeProducer.closed) forget();
        return pipeProducer;
      },
      () => {
        // The producer or one of the routers closed while the pipe was made: nothing to pipe.
        forget();
        return undefined;
      },
    );
    return pipe;
  }

  /** A WebRTC transport of `peerId` on this router, on its worker's WebRtcServer (the worker's one media port). */
  async createTransport(peerId: string, direction: TransportDirection, options: ResolvedMediasoupOptions): Promise<types.WebRtcTransport> {
    const transport = await timed(this.#metrics, 'createWebRtcTransport', () =>
      this.router.createWebRtcTransport({
        webRtcServer: this.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: options.initialOutgoingBitrateBps,
        appData: { peerId, direction },
      }),
    );
    this.#metrics.resourceOpened('transport');
    transport.observer.once('close', () => this.#metrics.resourceClosed('transport'));
    if (direction === 'send') {
      await timed(this.#metrics, 'setMaxIncomingBitrate', () => transport.setMaxIncomingBitrate(options.maxIncomingBitrateBps)).catch((err: unknown) => {
        transport.close();
        throw err;
      });
    }
    return transport;
  }

  /** Closes the router (its transports, pipes and their producers go with it). Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.router.close();
  }

  /** The worker died with the router: forget the pipes, tell nobody. */
  parentClosed(): void {
    this.#closed = true;
  }
}
