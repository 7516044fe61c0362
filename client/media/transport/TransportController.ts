import { Device, type types } from 'mediasoup-client';
import type { IceServer, RtpCapabilities, TransportDirection, TransportOptions } from '../../net/index.js';
import { TypedEmitter } from '../../util/emitter.js';
import { log } from '../../util/log.js';
import { markOnce, markStep } from '../../util/timeline.js';
import { rtcConfiguration, type InboundMediaStats, type LocalSource, type MediaControllerEvents, type MediaEngineClient, type MediaHealth, type RemoteTrack } from '../MediaTypes.js';
import { inboundMediaStats, statsRecords } from '../stats.js';
import { receivesRouterCapabilities, routerCapabilities, settledOrAfter, transportOptions } from './ortc.js';
import { IceRecovery } from './IceRecovery.js';
import { NetworkSampler } from './NetworkSampler.js';
import { Receiver } from './Receiver.js';
import { Sender } from './Sender.js';
import type { ConsumersChange, TransportSignal } from './TransportTypes.js';

export interface TransportControllerOptions {
  signal: TransportSignal;
  /** Default: mediasoup-client's Device for this browser (tests pass one on FakeHandler). */
  createDevice?: () => types.Device;
  /** Period of network samples (quality reports, featured layer). Default 5000 ms. */
  statsIntervalMs?: number;
}

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 10_000];
/** Consumer changes kept for receive transports we do not have yet (they may precede the MediaSetupResponse). */
const MAX_PENDING_TRANSPORTS = 4;
/**
 * How long our own tracks wait for the receive transport to connect, when there is something to
 * receive: on a weak link the send transport's ICE/DTLS and first video packets otherwise share
 * the few round trips before the first sound (bench:netem's waterfall). Bounded: a receive
 * transport that cannot connect must not keep the class from hearing us.
 */
const SEND_AFTER_RECV_MAX_MS = 1500;

interface Connection {
  send: types.Transport;
  recv: types.Transport;
  sender: Sender;
  receiver: Receiver;
}

/**
 * The media of one lesson (the server's SFU is mediasoup), through
 * mediasoup-client: one send transport (a producer per local source) and one receive transport
 * (the consumers the server announces). Brings them back when they break: an ICE restart first
 * (RestartIceRequest), then a full restart (RestartMediaRequest + MediaSetupRequest), and the
 * same after a MediaReset. Knows nothing of the UI: it reports remote tracks, health and
 * network samples as events.
 */
export class TransportController extends TypedEmitter<MediaControllerEvents> implements MediaEngineClient {
  readonly #signal: TransportSignal;
  readonly #device: types.Device;
  readonly #sampler: NetworkSampler;
  #routerCapabilities: RtpCapabilities | null = null;
  #loaded: Promise<void> | null = null;
  #iceServers: RTCIceServer[] = [];
  /** Transports the server made at the join (JoinResponse.media), used once by the first set-up. */
  #offered: { send: TransportOptions; recv: TransportOptions } | null = null;
  /** start()'s `othersPublish`: the first set-up's tracks wait for the receive transport. */
  #othersPublish = false;
  #connection: Connection | null = null;
  /** The first set-up waits for the receive side before sending: a track that arrives meanwhile (a late camera permission) waits too. */
  #holdingTracks = false;
  readonly #local: Record<LocalSource, MediaStreamTrack | null> = { microphone: null, camera: null, screen: null };
  readonly #pending = new Map<string, ConsumersChange[]>();
  readonly #ice: IceRecovery;
  #generation = 0;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #health: MediaHealth = 'idle';
  #restarting = false;
  #closed = false;

  constructor(options: TransportControllerOptions) {
    super();
    this.#signal = options.signal;
    this.#device = options.createDevice?.() ?? new Device();
    this.#sampler = new NetworkSampler(options.statsIntervalMs ?? 5000, () => this.#connection, (sample) => {
      this.safeEmit('sample', sample);
      this.#updateHealth();
    });
    this.#ice = new IceRecovery({ signal: this.#signal, generation: () => this.#generation, restart: (why) => void this.restart(why) });
  }

  get health(): MediaHealth {
    return this.#health;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts media after a join: loads the router's capabilities, sets up both transports (the ones
   * made at the join when given and this device receives what the router offers, else asked for
   * with MediaSetupRequest), produces.
   */
  /**
   * `othersPublish`: the lesson's snapshot says someone in this room sends media, so the server
   * announces streams for this page right after the JoinResponse; our tracks then wait for the
   * receive transport even when the set-up is ready before that announcement arrives.
   */
  start(iceServers: readonly IceServer[], routerRtpCapabilities: RtpCapabilities, offered?: { send: TransportOptions; recv: TransportOptions } | null, othersPublish = false): void {
    if (this.#closed) return;
    this.#othersPublish = othersPublish;
    this.#routerCapabilities = routerRtpCapabilities;
    this.#offered = offered ?? null;
    this.#iceServers = rtcConfiguration(iceServers).iceServers ?? [];
    this.#sampler.start();
    this.#rebuild('start');
  }

  async setSource(source: LocalSource, track: MediaStreamTrack | null, _available: boolean): Promise<void> {
    this.#local[source] = track;
    // The first set-up is holding our tracks until the receive side is connected: it sends this one then.
    if (this.#holdingTracks) return;
    await this.#connection?.sender.setTrack(source, track);
  }

  /** Starts (a track) or stops (null) the screen share; rejects when the server refuses it. */
  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    this.#local.screen = track;
    const sender = this.#connection?.sender;
    if (!sender) return; // the next set-up produces it
    if (!track) {
      await sender.stop('screen');
      return;
    }
    try {
      await sender.setTrack('screen', track);
    } catch (error) {
      if (this.#local.screen === track) this.#local.screen = null;
      throw error;
    }
  }

  /** A ConsumersChanged push: applied now, or kept until its receive transport exists. */
  handleConsumers(change: ConsumersChange): void {
    if (this.#closed) return;
    // bench:failover's timeline: when a stream reached the page, apart from when it was consumed.
    for (const kind of new Set(change.added.map((c) => c.kind))) markStep(`announced:${kind}`);
    const connection = this.#connection;
    if (connection && connection.receiver.transportId === change.transportId) {
      void connection.receiver.apply(change);
      return;
    }
    const list = this.#pending.get(change.transportId) ?? [];
    list.push(change);
    this.#pending.set(change.transportId, list);
    while (this.#pending.size > MAX_PENDING_TRANSPORTS) this.#pending.delete(this.#pending.keys().next().value as string);
  }

  /** MediaReset push: the server lost our media; set up again. */
  handleReset(reason: string): void {
    log.info(`media reset by the server: ${reason}`);
    this.#rebuild('reset');
  }

  /** Our connections failed for good: RestartMediaRequest, then set up again. */
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

  /** After a resume on the same participant: keep healthy transports, restart broken ones. */
  async afterResume(): Promise<void> {
    if (this.#closed || !this.#routerCapabilities) return;
    this.#clearRetry();
    if (this.#health === 'connected') return;
    await this.restart('connections lost during the outage');
  }

  /** After a join that made a new participant: nothing of the old media exists on the server. */
  restartFresh(iceServers: readonly IceServer[]): void {
    this.#iceServers = rtcConfiguration(iceServers).iceServers ?? [];
    this.#rebuild('new participant');
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#connection?.receiver.remoteTracks ?? [];
  }

  async mediaStats(): Promise<InboundMediaStats[]> {
    const connection = this.#connection;
    if (!connection) return [];
    const records = statsRecords(await connection.recv.getStats());
    return inboundMediaStats(records, (mid) => connection.receiver.trackForMid(mid), connection.receiver.midsByTrackId());
  }

  #rebuild(why: string): void {
    if (this.#closed || !this.#routerCapabilities) return;
    const generation = ++this.#generation;
    this.#clearRetry();
    // The old transports serve nothing any more (their server is gone or dropped them); closing
    // them stops every encoder and decoder of the page, which took seconds on a busy page after a
    // failover (bench:failover): it happens once the new set-up is on its way, not before it.
    const old = this.#detachConnection();
    this.#sampler.reset();
    this.#ice.reset();
    this.#setHealth(why === 'start' ? 'connecting' : 'restoring');
    void this.#setUp(generation, why, () => old && this.#closeDetached(old));
  }

  /** `closeOld` closes the previous connection: called once the MediaSetupRequest is sent, or when the set-up ends before it. */
  async #setUp(generation: number, why: string, closeOld: () => void): Promise<void> {
    try {
      if (!this.#device.loaded) {
        // Loaded once per page: a set-up again (a failover) sends its request in this same task,
        // ahead of whatever the caller does next (the session then renders the new lesson).
        const routerRtpCapabilities = this.#routerCapabilities as RtpCapabilities;
        this.#loaded ??= this.#device.load({ routerRtpCapabilities: routerCapabilities(routerRtpCapabilities) });
        await this.#loaded;
        if (generation !== this.#generation) return;
      }
      const { send, recv } = await this.#transports(this.#routerCapabilities as RtpCapabilities, closeOld);
      if (generation !== this.#generation || this.#closed) return;
      this.#connection = this.#connect(send, recv, generation);
      this.#retries = 0;
      const held = this.#pending.get(recv.id) ?? [];
      this.#pending.clear();
      for (const change of held) void this.#connection.receiver.apply(change);
      // Only the first set-up waits: after a failover or a reset the others wait for our tracks
      // (the class for the teacher's republish, bench:failover), not we for theirs.
      if (why === 'start' && (this.#othersPublish || held.some((change) => change.added.length > 0))) {
        this.#holdingTracks = true;
        await settledOrAfter(this.#connection.recv, SEND_AFTER_RECV_MAX_MS).finally(() => (this.#holdingTracks = false));
      }
      if (generation !== this.#generation) return;
      for (const source of ['microphone', 'camera', 'screen'] as const) {
        const track = this.#local[source];
        if (track) await this.#connection.sender.setTrack(source, track).catch((error: unknown) => log.warn(`could not send the ${source}`, error));
        if (generation !== this.#generation) return;
      }
      this.#updateHealth();
    } catch (error) {
      if (generation !== this.#generation || this.#closed) return;
      log.warn('media set-up failed; will retry', error);
      if (!this.#device.loaded) this.#loaded = null;
      this.#setHealth('failed');
      this.#scheduleRetry(generation, () => this.#rebuild('retry'));
    } finally {
      closeOld();
    }
  }

  /** The transports made at the join if this device can use them (once), else new ones. */
  async #transports(router: RtpCapabilities, closeOld: () => void): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    const offered = this.#offered;
    this.#offered = null;
    if (offered && receivesRouterCapabilities(this.#device.rtpCapabilities, router)) {
      markOnce('media-at-join');
      return offered;
    }
    if (offered) log.info('this device receives less than the router offers: asking for transports of its own');
    markStep('media-setup-sent');
    const answer = this.#signal.mediaSetup(this.#device.rtpCapabilities);
    markStep('old-media-closing');
    closeOld();
    markStep('old-media-closed');
    const transports = await answer;
    markStep('media-setup-answered');
    return transports;
  }

  #connect(sendOptions: TransportOptions, recvOptions: TransportOptions, generation: number): Connection {
    const send = this.#device.createSendTransport(transportOptions(sendOptions, this.#iceServers));
    const recv = this.#device.createRecvTransport(transportOptions(recvOptions, this.#iceServers));
    for (const [direction, transport] of [['send', send], ['recv', recv]] as const) {
      // Not waiting for the Ack: the server needs our fingerprint only when DTLS starts, which is
      // after ICE (a round trip at least), and the request is on its way before the first ICE
      // check; waiting held the SDP answer, so ICE, by a round trip (300 ms on a weak link). A
      // refused connect leaves the transport without DTLS: set up again, after the retry delay
      // (at once, a server that keeps refusing had the page set up again in a tight loop).
      transport.on('connect', ({ dtlsParameters }, callback) => {
        this.#signal.connectTransport(direction, dtlsParameters).catch((error: unknown) => {
          if (generation !== this.#generation || this.#closed) return;
          log.warn(`connecting the ${direction} transport failed`, error);
          this.#setHealth('restoring');
          this.#scheduleRetry(generation, () => void this.restart(`the server refused to connect the ${direction} transport`));
        });
        callback();
      });
      transport.on('connectionstatechange', (state) => generation === this.#generation && this.#onState(direction, transport, state));
    }
    send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData['source'] as LocalSource;
      markStep(`produce-sent:${source}`);
      this.#signal.produce(source, kind, rtpParameters).then((id) => {
        markStep(`produced:${source}`);
        callback({ id });
      }, errback);
    });
    const sender = new Sender(send, this.#device, (source) => this.#signal.unpublish(source));
    const receiver = new Receiver(recv, this.#signal);
    receiver.on('tracks', (tracks) => generation === this.#generation && this.safeEmit('remoteTracks', tracks));
    receiver.on('error', () => void this.restart('an announced track could not be received'));
    return { send, recv, sender, receiver };
  }

  #onState(direction: TransportDirection, transport: types.Transport, state: types.ConnectionState): void {
    if (state === 'connected') {
      markStep(`${direction}-connected`);
      this.#ice.connected(direction);
      if (direction === 'recv') this.safeEmit('receiving');
    }
    this.#updateHealth();
    if (state === 'failed' && !this.#closed) this.#ice.failed(direction, transport);
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
    const c = this.#connection;
    if (this.#closed || !c) return;
    const states = [c.sender.inUse ? c.send.connectionState : null, c.receiver.inUse ? c.recv.connectionState : null].filter(
      (s): s is types.ConnectionState => s !== null,
    );
    // Set up with nothing to send or receive yet: nothing can be broken.
    const next: MediaHealth = states.some((s) => s === 'failed')
      ? 'failed'
      : states.every((s) => s === 'connected')
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

  #closeConnection(): void {
    const c = this.#detachConnection();
    if (c) this.#closeDetached(c);
  }

  /** Forgets the current connection (its events are ignored from now on: their generation is old). */
  #detachConnection(): Connection | null {
    const c = this.#connection;
    this.#connection = null;
    return c;
  }

  /** Closes a detached connection; a second call does nothing. */
  #closeDetached(c: Connection): void {
    if (c.send.closed && c.recv.closed) return;
    const hadTracks = c.receiver.remoteTracks.length > 0;
    c.sender.close();
    c.receiver.close();
    c.send.close();
    c.recv.close();
    if (hadTracks && !this.#closed) this.safeEmit('remoteTracks', this.#connection?.receiver.remoteTracks ?? []);
  }

  /** Closes both transports for good; local tracks are the caller's. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#generation++;
    this.#clearRetry();
    this.#ice.reset();
    this.#sampler.stop();
    this.#closeConnection();
    this.#pending.clear();
    this.#setHealth('idle');
    this.#closed = true;
    this.removeAllListeners();
  }
}
