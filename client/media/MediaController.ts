import type { IceServer } from '../net/index.js';
import { TypedEmitter } from '../util/emitter.js';
import { log } from '../util/log.js';
import {
  browserPeerConnection,
  rtcConfiguration,
  type InboundMediaStats,
  type MediaControllerEvents,
  type MediaEngineClient,
  type MediaHealth,
  type MediaSignal,
  type PeerConnectionFactory,
  type RemoteTrack,
  type SubscriberOfferIn,
} from './MediaTypes.js';
import { Publisher, type LocalSource } from './Publisher.js';
import { inboundMediaStats, networkSample, statsRecords, type ReceiveCounters } from './stats.js';
import { Subscriber } from './Subscriber.js';

export interface MediaControllerOptions {
  signal: MediaSignal;
  /** Default: the browser's RTCPeerConnection. */
  createPeerConnection?: PeerConnectionFactory;
  /** Period of network samples (quality reports, featured layer). Default 5000 ms. */
  statsIntervalMs?: number;
}

export type { MediaControllerEvents } from './MediaTypes.js';

interface LocalSourceState {
  track: MediaStreamTrack | null;
  /** The device exists: publish a transceiver even while it is off. */
  available: boolean;
}

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 10_000];

/**
 * Owns the two peer connections of one lesson and brings them back when they break:
 * MediaReset from the server, ICE failure on our side (RestartMediaRequest first), or a
 * publish that failed. Knows nothing of the UI: it reports remote tracks, health and network
 * samples as events.
 */
export class MediaController extends TypedEmitter<MediaControllerEvents> implements MediaEngineClient {
  readonly #signal: MediaSignal;
  readonly #createPc: PeerConnectionFactory;
  readonly #statsIntervalMs: number;
  #config: RTCConfiguration | null = null;
  #publisher: Publisher | null = null;
  #subscriber: Subscriber | null = null;
  readonly #local: Record<LocalSource, LocalSourceState> = {
    microphone: { track: null, available: false },
    camera: { track: null, available: false },
    screen: { track: null, available: false },
  };
  /** Bumped by every reset: async work of an older generation stops. */
  #generation = 0;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #counters: ReceiveCounters | null = null;
  #health: MediaHealth = 'idle';
  #restarting = false;
  #closed = false;

  constructor(options: MediaControllerOptions) {
    super();
    this.#signal = options.signal;
    this.#createPc = options.createPeerConnection ?? browserPeerConnection;
    this.#statsIntervalMs = options.statsIntervalMs ?? 5000;
  }

  get health(): MediaHealth {
    return this.#health;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts media after a join: publishes the local sources; the subscriber waits for an offer. */
  start(iceServers: readonly IceServer[]): void {
    if (this.#closed) return;
    this.#config = rtcConfiguration(iceServers);
    this.#startStats();
    this.#rebuild('start');
  }

  /** Declares a local source: its current track (null = off) and whether the device exists. */
  async setSource(source: LocalSource, track: MediaStreamTrack | null, available: boolean): Promise<void> {
    const state = this.#local[source];
    const needsTransceiver = available && !state.available;
    state.track = track;
    state.available = available || track !== null;
    const publisher = this.#publisher;
    if (!publisher) return;
    await publisher.setTrack(source, track, state.available);
    if (needsTransceiver) await this.#publish(publisher, this.#generation);
  }

  /**
   * Starts (a track) or stops (null) the screen share: a renegotiation with the screen in the
   * PublishRequest or without it. Rejects when the SFU refuses the share (e.g. the teacher has
   * not allowed it); the screen is then dropped again.
   */
  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    const state = this.#local.screen;
    state.track = track;
    state.available = track !== null;
    const publisher = this.#publisher;
    if (!publisher || this.#closed) return; // the next publish includes it
    const generation = this.#generation;
    if (!track) {
      await publisher.deactivate('screen');
      await this.#publish(publisher, generation);
      return;
    }
    await publisher.setTrack('screen', track, true);
    try {
      await publisher.negotiate();
    } catch (error) {
      if (generation !== this.#generation || this.#closed) return;
      state.track = null;
      state.available = false;
      await publisher.deactivate('screen');
      await this.#publish(publisher, generation);
      throw error;
    }
  }

  handleOffer(offer: SubscriberOfferIn): void {
    if (this.#closed || !this.#config) return;
    if (!this.#subscriber) this.#subscriber = this.#newSubscriber(this.#generation);
    void this.#subscriber.handleOffer(offer);
  }

  /** MediaReset push: the server lost our media sessions; start again on fresh connections. */
  handleReset(reason: string): void {
    log.info(`media reset by the server: ${reason}`);
    this.#rebuild('reset');
  }

  /**
   * Our connections failed: tell the server (RestartMediaRequest), then start again. Also
   * used after a resume when the connections did not survive the outage.
   */
  async restart(why: string): Promise<void> {
    if (this.#closed || this.#restarting) return;
    this.#restarting = true;
    this.#setHealth('restoring');
    log.info(`restarting media: ${why}`);
    try {
      await this.#signal.restartMedia();
      this.#rebuild('restart');
    } catch (error) {
      log.warn('RestartMediaRequest failed; will retry', error);
      this.#scheduleRetry(this.#generation, () => void this.restart('retry'));
    } finally {
      this.#restarting = false;
    }
  }

  /** After a resume on the same participant: keep healthy connections, restart broken ones. */
  async afterResume(): Promise<void> {
    if (this.#closed || !this.#config) return;
    this.#clearRetry();
    const pubOk = !this.#publisher || !this.#publisher.hasTransceivers || this.#publisher.connectionState === 'connected';
    const subOk = !this.#subscriber || this.#subscriber.connectionState === 'connected';
    if (pubOk && subOk && this.#health !== 'failed') return;
    await this.restart('connections lost during the outage');
  }

  /** After a join that made a new participant: nothing of the old media exists on the server. */
  restartFresh(iceServers: readonly IceServer[]): void {
    this.#config = rtcConfiguration(iceServers);
    this.#rebuild('new participant');
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#subscriber?.remoteTracks ?? [];
  }

  async mediaStats(): Promise<InboundMediaStats[]> {
    const sub = this.#subscriber;
    if (!sub) return [];
    const records = statsRecords(await sub.getStats());
    return inboundMediaStats(records, (mid) => sub.trackForMid(mid), sub.midsByTrackId());
  }

  #rebuild(why: string): void {
    if (this.#closed || !this.#config) return;
    const generation = ++this.#generation;
    this.#clearRetry();
    this.#closeConnections();
    this.#counters = null;
    this.#setHealth(why === 'start' ? 'connecting' : 'restoring');
    const publisher = new Publisher({ config: this.#config, signal: this.#signal, createPeerConnection: this.#createPc });
    publisher.on('failed', () => void this.restart('publisher connection failed'));
    publisher.on('state', () => this.#updateHealth());
    this.#publisher = publisher;
    void this.#publishAll(publisher, generation);
  }

  async #publishAll(publisher: Publisher, generation: number): Promise<void> {
    try {
      for (const source of ['microphone', 'camera', 'screen'] as const) {
        const { track, available } = this.#local[source];
        await publisher.setTrack(source, track, available);
      }
    } catch (error) {
      log.warn('could not attach local tracks', error);
    }
    if (generation !== this.#generation) return;
    await this.#publish(publisher, generation);
  }

  async #publish(publisher: Publisher, generation: number): Promise<void> {
    if (!publisher.hasTransceivers) {
      this.#updateHealth();
      return;
    }
    try {
      await publisher.negotiate();
      if (generation !== this.#generation) return;
      this.#retries = 0;
      this.#updateHealth();
    } catch (error) {
      if (generation !== this.#generation || this.#closed) return;
      log.warn('publish failed; will retry', error);
      this.#setHealth('failed');
      this.#scheduleRetry(generation, () => this.#rebuild('retry'));
    }
  }

  #newSubscriber(generation: number): Subscriber {
    const config = this.#config ?? rtcConfiguration([]);
    const sub = new Subscriber({ config, signal: this.#signal, createPeerConnection: this.#createPc });
    sub.on('tracks', (tracks) => generation === this.#generation && this.safeEmit('remoteTracks', tracks));
    sub.on('state', () => this.#updateHealth());
    sub.on('failed', () => void this.restart('subscriber connection failed'));
    sub.on('error', () => void this.restart('subscriber offer could not be applied'));
    return sub;
  }

  #scheduleRetry(generation: number, retry: () => void): void {
    this.#clearRetry();
    const delay = RETRY_DELAYS_MS[Math.min(this.#retries, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
    this.#retries++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (generation === this.#generation && !this.#closed) retry();
    }, delay);
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #updateHealth(): void {
    if (this.#closed) return;
    const states = [
      this.#publisher?.hasTransceivers ? this.#publisher.connectionState : null,
      this.#subscriber ? this.#subscriber.connectionState : null,
    ].filter((s): s is RTCPeerConnectionState => s !== null);
    const next: MediaHealth = states.some((s) => s === 'failed')
      ? 'failed'
      : states.length > 0 && states.every((s) => s === 'connected')
        ? 'connected'
        : this.#health === 'restoring'
          ? 'restoring'
          : 'connecting';
    this.#setHealth(next);
  }

  #setHealth(health: MediaHealth): void {
    if (health === this.#health) return;
    this.#health = health;
    this.safeEmit('health', health);
  }

  #startStats(): void {
    if (this.#statsTimer) return;
    this.#statsTimer = setInterval(() => void this.#sampleNetwork(), this.#statsIntervalMs);
  }

  async #sampleNetwork(): Promise<void> {
    const sub = this.#subscriber;
    const pub = this.#publisher;
    if (!sub && !pub) return;
    const generation = this.#generation;
    try {
      const [subStats, pubStats] = await Promise.all([sub?.getStats(), pub?.getStats()]);
      if (generation !== this.#generation || this.#closed) return;
      const { sample, counters } = networkSample(
        subStats ? statsRecords(subStats) : [],
        pubStats ? statsRecords(pubStats) : [],
        this.#counters,
      );
      this.#counters = counters;
      this.safeEmit('sample', sample);
    } catch (error) {
      log.debug('getStats failed', error);
    }
  }

  #closeConnections(): void {
    const hadTracks = (this.#subscriber?.remoteTracks.length ?? 0) > 0;
    this.#publisher?.close();
    this.#subscriber?.close();
    this.#publisher = null;
    this.#subscriber = null;
    if (hadTracks) this.safeEmit('remoteTracks', []);
  }

  /** Closes both connections for good; local tracks are the caller's. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#generation++;
    this.#clearRetry();
    if (this.#statsTimer) clearInterval(this.#statsTimer);
    this.#statsTimer = null;
    this.#closeConnections();
    this.#setHealth('idle');
    this.#closed = true;
    this.removeAllListeners();
  }
}
