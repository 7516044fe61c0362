import type { IceServer, JoinResult, RtpCapabilities } from '../net/index.js';
import { TypedEmitter } from '../util/emitter.js';
import { log } from '../util/log.js';
import { markOnce } from '../util/timeline.js';
import type { InboundMediaStats, LocalSource, MediaControllerEvents, MediaEngineClient, MediaHealth, RemoteTrack } from './MediaTypes.js';
import type { ConsumersChange, TransportSignal } from './transport/TransportTypes.js';
import type { FirstSound, FirstSoundSignal } from './firstSound/FirstSound.js';
import { FirstSoundSlot } from './firstSound/FirstSoundSlot.js';

/** The transports the server made at the join (JoinResponse.media). */
type JoinTransports = NonNullable<JoinResult['media']>;

/** Creates the transport controller; the default loads it (and mediasoup-client) on first use. */
export type TransportControllerLoader = (options: { signal: TransportSignal; statsIntervalMs?: number }) => Promise<
  MediaEngineClient & {
    start(iceServers: readonly IceServer[], routerRtpCapabilities: RtpCapabilities, offered?: JoinTransports | null, othersPublish?: boolean): void;
    handleConsumers(change: ConsumersChange): void;
  }
>;

export interface MediaClientOptions {
  signal: TransportSignal;
  /** The first sound of a join while the library loads (docs/weak-networks.md); none without. */
  firstSound?: FirstSoundSignal;
  loadTransportController?: TransportControllerLoader;
  /** Period of network samples. Default 5000 ms. */
  statsIntervalMs?: number;
}

/** Consumer changes kept while mediasoup-client loads (a lesson's first announcements: a few). */
const MAX_EARLY_CHANGES = 64;

let library: Promise<typeof import('./transport/TransportController.js')> | null = null;
/** Set as soon as the chunk is in: a session made after that knows it at once (its loader's answer is a microtask later). */
let libraryLoaded = false;

/**
 * mediasoup-client is ~30 kB gzipped: it is a chunk of its own, kept out of the entry chunk that
 * every page (sign-in, timetable, assignments) loads. A join link starts fetching it as soon as
 * the entry runs (main.tsx, before the first render; not at "Vào lớp"): on a weak link its
 * download is most of the time between the JoinResponse and the first consumer. A failed fetch
 * is tried again on next use.
 */
export function preloadMediaLibrary(): Promise<typeof import('./transport/TransportController.js')> {
  library ??= import('./transport/TransportController.js').then(
    (module) => {
      libraryLoaded = true;
      markOnce('media-library-loaded');
      return module;
    },
    (error: unknown) => {
      library = null;
      throw error;
    },
  );
  return library;
}

/** The TransportController, once mediasoup-client is here (the loader a MediaClient uses unless told another). */
export const loadTransportController: TransportControllerLoader = async (options) => {
  const { TransportController } = await preloadMediaLibrary();
  return new TransportController(options);
};

type TransportClient = Awaited<ReturnType<TransportControllerLoader>>;

/**
 * The media of one lesson. The session talks to this one object from before the join to the
 * end: it loads the TransportController (mediasoup-client) at once, so that the chunk is fetched
 * and compiled while the WebSocket opens and the join is answered (bench:join: the load started
 * only with the JoinResponse and was on the way to the first frame); starts it with the
 * JoinResponse's capabilities; keeps the local sources until it runs, forwards to it, and relays
 * its events.
 */
export class MediaClient extends TypedEmitter<MediaControllerEvents> {
  readonly #options: MediaClientOptions;
  #controller: TransportClient | null = null;
  /** The controller being loaded, from the constructor on (null once it failed). */
  readonly #loaded: Promise<TransportClient | null>;
  #loading: Promise<void> | null = null;
  readonly #local: Record<LocalSource, { track: MediaStreamTrack | null; available: boolean }> = {
    microphone: { track: null, available: false },
    camera: { track: null, available: false },
    screen: { track: null, available: false },
  };
  #health: MediaHealth = 'idle';
  /** Consumer changes pushed before the controller was loaded. */
  #early: ConsumersChange[] = [];
  #libraryReady = false;
  readonly #firstSound: FirstSoundSlot | null;
  #closed = false;

  constructor(options: MediaClientOptions) {
    super();
    this.#options = options;
    this.#firstSound = options.firstSound ? new FirstSoundSlot(options.firstSound) : null;
    const load = options.loadTransportController ?? loadTransportController;
    this.#loaded = load({ signal: options.signal, ...(options.statsIntervalMs ? { statsIntervalMs: options.statsIntervalMs } : {}) }).then(
      (controller) => {
        this.#libraryReady = true;
        return controller;
      },
      (error: unknown) => {
        log.warn('could not load the media library', error);
        return null;
      },
    );
  }

  /**
   * Right behind the page's first join: asks for the first sound when the media library is still
   * on its way (a first visit); a page that has it (cached) hears the teacher through it as soon.
   */
  askFirstSound(): void {
    if (!this.#hasLibrary() && !this.#closed) this.#firstSound?.ask();
  }

  /** The first sound the join entry opened before the app (it is handed over like one asked here). */
  adoptFirstSound(entrySound: Promise<FirstSound | null>): void {
    if (!this.#closed) this.#firstSound?.adopt(entrySound);
    else void entrySound.then((sound) => sound?.close());
  }

  #hasLibrary(): boolean {
    return this.#libraryReady || (!this.#options.loadTransportController && libraryLoaded);
  }

  get health(): MediaHealth {
    return this.#controller?.health ?? this.#health;
  }

  /** True once the transport controller is loaded and running. */
  get started(): boolean {
    return this.#controller !== null;
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#controller?.remoteTracks ?? [];
  }

  /**
   * Starts media with the router's capabilities (and the transports, if any) from the JoinResponse;
   * `othersPublish`: someone in this room sends media (from the snapshot), so what we receive goes first.
   */
  start(iceServers: readonly IceServer[], rtpCapabilities: RtpCapabilities, offered: JoinTransports | null = null, othersPublish = false): void {
    if (this.#closed || this.#loading) return;
    this.#setHealth('connecting');
    // The library came before the media start: the first sound asked behind the join is not needed.
    if (this.#hasLibrary()) this.#firstSound?.libraryFirst();
    else this.#firstSound?.play(iceServers);
    this.#loading = this.#loaded.then((controller) => {
      if (this.#closed) return;
      if (!controller) {
        this.#setHealth('failed');
        return;
      }
      this.#adopt(controller);
      controller.start(iceServers, rtpCapabilities, offered, othersPublish);
    });
  }

  /** After a join that made a new participant: nothing of the old media exists on the server. */
  restartFresh(iceServers: readonly IceServer[], rtpCapabilities: RtpCapabilities): void {
    if (this.#closed) return;
    if (this.#controller) this.#controller.restartFresh(iceServers);
    else this.start(iceServers, rtpCapabilities);
  }

  async setSource(source: LocalSource, track: MediaStreamTrack | null, available: boolean): Promise<void> {
    this.#local[source] = { track, available: available || track !== null };
    await this.#controller?.setSource(source, track, available);
  }

  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    this.#local.screen = { track, available: track !== null };
    await this.#controller?.setScreen(track);
  }

  /**
   * A ConsumersChanged push. With transports made at the join it follows the JoinResponse at once,
   * possibly before mediasoup-client is loaded: kept until the controller exists (bounded; the
   * server announces everything again on a new set-up).
   */
  handleConsumers(change: ConsumersChange): void {
    if (this.#controller) {
      this.#controller.handleConsumers(change);
      return;
    }
    if (this.#closed) return;
    this.#early.push(change);
    if (this.#early.length > MAX_EARLY_CHANGES) this.#early.shift();
  }

  handleReset(reason: string): void {
    this.#controller?.handleReset(reason);
  }

  async restart(why: string): Promise<void> {
    await this.#controller?.restart(why);
  }

  async afterResume(): Promise<void> {
    await this.#loading;
    await this.#controller?.afterResume();
  }

  async mediaStats(): Promise<InboundMediaStats[]> {
    const [own, first] = await Promise.all([this.#controller?.mediaStats() ?? [], this.#firstSound?.stats() ?? []]);
    return [...own, ...first];
  }

  #adopt(controller: TransportClient): void {
    this.#controller = controller;
    controller.on('remoteTracks', (tracks) => {
      this.#firstSound?.tracksChanged(tracks);
      this.safeEmit('remoteTracks', tracks);
    });
    controller.on('health', (health) => this.#setHealth(health));
    controller.on('receiving', () => this.safeEmit('receiving'));
    controller.on('sample', (sample) => this.safeEmit('sample', sample));
    for (const source of ['microphone', 'camera'] as const) {
      const { track, available } = this.#local[source];
      if (track || available) void controller.setSource(source, track, available).catch((error: unknown) => log.warn(`could not attach the ${source}`, error));
    }
    if (this.#local.screen.track) void controller.setScreen(this.#local.screen.track).catch((error: unknown) => log.warn('could not share the screen', error));
    const early = this.#early;
    this.#early = [];
    for (const change of early) controller.handleConsumers(change);
  }

  #setHealth(health: MediaHealth): void {
    if (health === this.#health) return;
    this.#health = health;
    this.safeEmit('health', health);
  }

  /** Closes the media for good; local tracks are the caller's. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#early = [];
    this.#firstSound?.close();
    const hadTracks = (this.#controller?.remoteTracks.length ?? 0) > 0;
    this.#controller?.close();
    this.#controller = null;
    if (hadTracks) this.safeEmit('remoteTracks', []);
    this.#setHealth('idle');
    this.removeAllListeners();
    // A controller still loading, or loaded but never started, is closed too (close() is idempotent).
    void this.#loaded.then((controller) => controller?.close());
  }
}
