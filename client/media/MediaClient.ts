import type { IceServer, MediaNegotiation } from '../net/index.js';
import { TypedEmitter } from '../util/emitter.js';
import { log } from '../util/log.js';
import { MediaController } from './MediaController.js';
import type { InboundMediaStats, MediaControllerEvents, MediaEngineClient, MediaHealth, MediaSignal, PeerConnectionFactory, RemoteTrack, SubscriberOfferIn } from './MediaTypes.js';
import type { LocalSource } from './Publisher.js';
import type { ConsumersChange, TransportSignal } from './transport/TransportTypes.js';

/** Creates the transport controller; the default loads it (and mediasoup-client) on first use. */
export type TransportControllerLoader = (options: { signal: TransportSignal; statsIntervalMs?: number }) => Promise<
  MediaEngineClient & { start(iceServers: readonly IceServer[], routerRtpCapabilities: Extract<MediaNegotiation, { negotiation: 'transport' }>['rtpCapabilities']): void; handleConsumers(change: ConsumersChange): void }
>;

export interface MediaClientOptions {
  signal: MediaSignal & TransportSignal;
  /** SDP only. Default: the browser's RTCPeerConnection. */
  createPeerConnection?: PeerConnectionFactory;
  loadTransportController?: TransportControllerLoader;
  /** Period of network samples. Default 5000 ms. */
  statsIntervalMs?: number;
}

/**
 * mediasoup-client is ~40 kB gzipped: only pages whose server negotiates with transports load it
 * (a chunk of its own, fetched while the JoinResponse is applied).
 */
const loadTransportController: TransportControllerLoader = async (options) => {
  const { TransportController } = await import('./transport/TransportController.js');
  return new TransportController(options);
};

type TransportClient = Awaited<ReturnType<TransportControllerLoader>>;
type ActiveController = { negotiation: 'sdp'; controller: MediaController } | { negotiation: 'transport'; controller: TransportClient };

/**
 * The media of one lesson, whichever way the server negotiates it (JoinResponse): SDP with the
 * MediaController (Janus), or transports with the TransportController (mediasoup). The session
 * talks to this one object from before the join to the end; it forwards to the controller the
 * server asked for, keeps the local sources for it, and relays its events.
 */
export class MediaClient extends TypedEmitter<MediaControllerEvents> {
  readonly #options: MediaClientOptions;
  #active: ActiveController | null = null;
  #loading: Promise<void> | null = null;
  readonly #local: Record<LocalSource, { track: MediaStreamTrack | null; available: boolean }> = {
    microphone: { track: null, available: false },
    camera: { track: null, available: false },
    screen: { track: null, available: false },
  };
  #health: MediaHealth = 'idle';
  #closed = false;

  constructor(options: MediaClientOptions) {
    super();
    this.#options = options;
  }

  get health(): MediaHealth {
    return this.#active?.controller.health ?? this.#health;
  }

  /** 'sdp' | 'transport' once started. */
  get negotiation(): MediaNegotiation['negotiation'] | null {
    return this.#active?.negotiation ?? null;
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#active?.controller.remoteTracks ?? [];
  }

  /** Starts media the way the JoinResponse says. */
  start(iceServers: readonly IceServer[], media: MediaNegotiation): void {
    if (this.#closed) return;
    if (media.negotiation === 'sdp') {
      const controller = new MediaController({
        signal: this.#options.signal,
        ...(this.#options.createPeerConnection ? { createPeerConnection: this.#options.createPeerConnection } : {}),
        ...(this.#options.statsIntervalMs ? { statsIntervalMs: this.#options.statsIntervalMs } : {}),
      });
      this.#adopt({ negotiation: 'sdp', controller });
      controller.start(iceServers);
      return;
    }
    this.#setHealth('connecting');
    const load = this.#options.loadTransportController ?? loadTransportController;
    this.#loading = load({ signal: this.#options.signal, ...(this.#options.statsIntervalMs ? { statsIntervalMs: this.#options.statsIntervalMs } : {}) })
      .then((controller) => {
        if (this.#closed) {
          controller.close();
          return;
        }
        this.#adopt({ negotiation: 'transport', controller });
        controller.start(iceServers, media.rtpCapabilities);
      })
      .catch((error: unknown) => {
        log.warn('could not load the media library', error);
        this.#setHealth('failed');
      });
  }

  /** After a join that made a new participant; a server that now negotiates otherwise starts over. */
  restartFresh(iceServers: readonly IceServer[], media: MediaNegotiation): void {
    if (this.#closed) return;
    if (this.#active?.negotiation === media.negotiation) {
      this.#active.controller.restartFresh(iceServers);
      return;
    }
    this.#drop();
    this.start(iceServers, media);
  }

  async setSource(source: LocalSource, track: MediaStreamTrack | null, available: boolean): Promise<void> {
    this.#local[source] = { track, available: available || track !== null };
    await this.#active?.controller.setSource(source, track, available);
  }

  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    this.#local.screen = { track, available: track !== null };
    await this.#active?.controller.setScreen(track);
  }

  handleOffer(offer: SubscriberOfferIn): void {
    if (this.#active?.negotiation === 'sdp') this.#active.controller.handleOffer(offer);
  }

  handleConsumers(change: ConsumersChange): void {
    if (this.#active?.negotiation === 'transport') this.#active.controller.handleConsumers(change);
  }

  handleReset(reason: string): void {
    this.#active?.controller.handleReset(reason);
  }

  async restart(why: string): Promise<void> {
    await this.#active?.controller.restart(why);
  }

  async afterResume(): Promise<void> {
    await this.#loading;
    await this.#active?.controller.afterResume();
  }

  mediaStats(): Promise<InboundMediaStats[]> {
    return this.#active?.controller.mediaStats() ?? Promise.resolve([]);
  }

  #adopt(active: ActiveController): void {
    this.#active = active;
    const { controller } = active;
    controller.on('remoteTracks', (tracks) => this.safeEmit('remoteTracks', tracks));
    controller.on('health', (health) => this.#setHealth(health));
    controller.on('sample', (sample) => this.safeEmit('sample', sample));
    for (const source of ['microphone', 'camera'] as const) {
      const { track, available } = this.#local[source];
      if (track || available) void controller.setSource(source, track, available).catch((error: unknown) => log.warn(`could not attach the ${source}`, error));
    }
    if (this.#local.screen.track) void controller.setScreen(this.#local.screen.track).catch((error: unknown) => log.warn('could not share the screen', error));
  }

  #setHealth(health: MediaHealth): void {
    if (health === this.#health) return;
    this.#health = health;
    this.safeEmit('health', health);
  }

  #drop(): void {
    const hadTracks = (this.#active?.controller.remoteTracks.length ?? 0) > 0;
    this.#active?.controller.close();
    this.#active = null;
    if (hadTracks) this.safeEmit('remoteTracks', []);
  }

  /** Closes the media for good; local tracks are the caller's. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#drop();
    this.#setHealth('idle');
    this.removeAllListeners();
  }
}
