/**
 * Connects a lesson's participants to the media core: one SFU room for the main room and one per
 * breakout group. The SFU knows peers and streams; this bridge decides who receives what (every
 * admitted participant receives every stream of its room but its own) and which streams are
 * relayed at all (a muted microphone is not relayed, whatever the client does). Clients
 * negotiate transports, producers and consumers (docs/protocol.md "Transport negotiation").
 */
import type { MediaSource, ParticipantView } from '../../classroom/index.js';
import { SingleFlight, systemClock, UnavailableError, ValidationError, type Clock, type Logger } from '../../platform/index.js';
import type {
  ConsumersChange,
  DtlsParameters,
  IceParameters,
  MediaEngine,
  MediaKind,
  MediaRoom,
  PublishedStream,
  RtpCapabilities,
  RtpParameters,
  StreamRef,
  TransportDirection,
  TransportOptions,
  VideoLayer,
} from '../../sfu/index.js';
import type { ServerBody } from '../codec/messages.js';
import { LatestRuns } from './LatestRuns.js';
import { MediaCallLimits } from './MediaCallLimits.js';
import { FirstSounds, type FirstSoundsOptions } from './FirstSounds.js';
import { defaultLayer, firstSoundSpeaker, isMediaSource, kindOf, relayed, SOURCES, streamKey } from './mediaRules.js';
import { RoomSpeech } from './RoomSpeech.js';

/** What the bridge needs to know about the lesson and how to reach its participants. */
export interface MediaAudience {
  participant(id: string): ParticipantView | undefined;
  /** Admitted participants whose media lives in `groupId`'s room ('' = main room). */
  inGroup(groupId: string): ParticipantView[];
  push(participantId: string, body: ServerBody): void;
}

export interface LessonMediaOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: MEDIA_CALLS_PER_MINUTE on `clock`. */
  limits?: MediaCallLimits;
  /** Default: first sounds close after FIRST_SOUND_TIMEOUT_MS. */
  firstSounds?: FirstSoundsOptions;
}

/** A first sound as the participant's page takes it: its transport and the teacher's microphone on it. */
export interface FirstSound {
  transport: TransportOptions;
  consumer: { id: string; producerId: string; participantId: string; source: 'microphone'; kind: MediaKind; rtpParameters: RtpParameters };
}

export class LessonMedia {
  readonly #lessonId: string;
  readonly #engine: MediaEngine;
  readonly #audience: MediaAudience;
  readonly #logger: Logger;
  readonly #limits: MediaCallLimits;
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #creating = new SingleFlight<string, MediaRoom>();
  /** Per subscriber: the streams it was last subscribed to (to set default layers of new ones). */
  readonly #subscribed = new Map<string, Set<string>>();
  /** Per published stream ("peer/label"): whether the SFU was last told to relay it. */
  readonly #relay = new Map<string, boolean>();
  /** Per participant with transports: its current receive transport (tags ConsumersChanged). */
  readonly #recvTransport = new Map<string, string>();
  /** Consumer changes that came while the participant's transports were being created. */
  readonly #heldConsumers = new Map<string, ConsumersChange[]>();
  readonly #speech: RoomSpeech;
  /** Per participant: its subscription updates, a burst of changes collapsed into one more run. */
  readonly #subscriptionRuns = new LatestRuns<string>();
  readonly #firstSounds: FirstSounds;
  #closed = false;

  constructor(lessonId: string, engine: MediaEngine, audience: MediaAudience, logger: Logger, options: LessonMediaOptions = {}) {
    this.#lessonId = lessonId;
    this.#engine = engine;
    this.#audience = audience;
    this.#logger = logger;
    this.#limits = options.limits ?? new MediaCallLimits(options.clock ?? systemClock);
    this.#speech = new RoomSpeech(audience);
    this.#firstSounds = new FirstSounds(options.firstSounds);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** What clients' devices load before media starts (the JoinResponse carries it). */
  async rtpCapabilities(): Promise<RtpCapabilities> {
    return (await this.#room('')).rtpCapabilities;
  }

  /** A participant entered a room: it receives every stream already there, and who speaks. */
  async enter(p: ParticipantView): Promise<void> {
    const room = await this.#room(p.groupId);
    this.#speech.greet(p);
    if (this.#recvTransport.has(p.id)) {
      // A resume that kept its transports: the ConsumersChanged pushed while its socket was down
      // are lost, so its consumers are announced again (all removed, then added afresh). A
      // moment of video to re-consume, instead of a publisher who joined meanwhile never shown.
      this.#subscribed.delete(p.id);
      await room.setSubscriptions(p.id, []);
    }
    await this.#subscribe(room, p.id);
  }

  /**
   * Creates the participant's send and receive transports (dropping any it had, with their
   * tracks). Consumer changes the engine announces meanwhile are held and pushed, tagged with the
   * new receive transport, once it is known.
   */
  async setup(participantId: string, rtpCapabilities: RtpCapabilities): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    this.#limits.take(p.id, 'setup');
    this.#recvTransport.delete(p.id);
    this.#heldConsumers.set(p.id, []);
    let transports: { send: TransportOptions; recv: TransportOptions };
    try {
      transports = await room.connectPeer(p.id, rtpCapabilities);
    } catch (error) {
      this.#heldConsumers.delete(p.id);
      throw error;
    }
    const now = this.#audience.participant(p.id);
    if (this.#closed || room.closed || !now || now.groupId !== p.groupId) {
      // Closed, gone or moved meanwhile: these transports serve nobody (a MediaReset was pushed).
      this.#heldConsumers.delete(p.id);
      if (!room.closed && now?.groupId !== p.groupId) await room.removePeer(p.id).catch((err: unknown) => this.#warn(err, 'stale peer removal failed'));
      throw new UnavailableError('Your media moved; start again');
    }
    this.#recvTransport.set(p.id, transports.recv.id);
    const held = this.#heldConsumers.get(p.id) ?? [];
    this.#heldConsumers.delete(p.id);
    for (const change of held) this.#pushConsumers(p.id, change);
    return transports;
  }

  async connectTransport(participantId: string, direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    this.#limits.take(p.id, 'connect');
    await room.connectTransport(p.id, direction, dtlsParameters);
  }

  /**
   * Publishes one track as `source`. A source the participant has switched off is paused in the
   * SFU before the track exists, so that not one packet of a muted microphone is relayed.
   */
  async produce(participantId: string, source: MediaSource, kind: MediaKind, rtpParameters: RtpParameters): Promise<string> {
    const p = this.#require(participantId);
    if (kind !== kindOf(source)) throw new ValidationError(`A ${source} track must be ${kindOf(source)}`);
    const room = await this.#room(p.groupId);
    this.#limits.take(p.id, 'produce');
    // Said every time: the engine remembers a server mute per source across set-ups.
    const want = relayed(p, source);
    await room.setStreamEnabled({ peerId: p.id, label: source }, want);
    this.#relay.set(streamKey(p.id, source), want);
    const { producerId } = await room.produce(p.id, { label: source, kind, rtpParameters });
    const now = this.#audience.participant(p.id);
    if (now && !room.closed) await this.#applyRelay(room, now, room.streams().filter((s) => s.peerId === p.id && s.label === source));
    return producerId;
  }

  async unpublish(participantId: string, source: MediaSource): Promise<void> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    await room.unpublish(p.id, source);
    this.#relay.delete(streamKey(p.id, source));
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const room = await this.#room(this.#require(participantId).groupId);
    await room.resumeConsumer(participantId, consumerId);
  }

  async restartIce(participantId: string, direction: TransportDirection): Promise<IceParameters> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    this.#limits.take(p.id, 'restartIce');
    return room.restartIce(p.id, direction);
  }

  async setLayers(participantId: string, preferences: Array<{ participantId: string; source: MediaSource; layer: VideoLayer }>): Promise<void> {
    const room = await this.#room(this.#require(participantId).groupId);
    const present = new Set(room.streams().map((s) => streamKey(s.peerId, s.label)));
    for (const pref of preferences) {
      if (!present.has(streamKey(pref.participantId, pref.source))) continue; // unpublished meanwhile
      await room.setLayer(participantId, { peerId: pref.participantId, label: pref.source }, pref.layer);
    }
  }

  /**
   * The participant's first sound (docs/protocol.md "The first sound"): a receive-only transport
   * with one flowing consumer of its room's teacher's microphone, replacing its previous one;
   * undefined when no teacher's microphone is on. Counted as a set-up (it makes a transport). It
   * is NOT closed by the participant's own set-up (MediaSetup, media at join): the page keeps it
   * until its own consumer of that microphone plays, so that the voice never stops.
   */
  async firstSound(participantId: string): Promise<FirstSound | undefined> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    this.#limits.take(p.id, 'setup');
    const listener = await this.#firstSounds.open(p.id, async () => {
      const speaker = firstSoundSpeaker(this.#audience.inGroup(p.groupId), room.streams(), p.id);
      return speaker ? room.listen(p.id, { peerId: speaker, label: 'microphone' }) : undefined;
    });
    const now = this.#audience.participant(p.id);
    if (listener && (this.#closed || now?.groupId !== p.groupId)) {
      this.#firstSounds.drop(p.id); // gone or moved while it was made (its drop may have come first)
      throw new UnavailableError('Your media moved; start again');
    }
    if (!listener) return undefined;
    const { id, producerId, kind, rtpParameters } = listener.consumer;
    return { transport: listener.transport, consumer: { id, producerId, participantId: listener.stream.peerId, source: 'microphone', kind, rtpParameters } };
  }

  /** The page's DTLS parameters for its current first sound (NotFoundError for another transport). */
  async connectFirstSound(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const p = this.#require(participantId);
    this.#limits.take(p.id, 'connect');
    await this.#firstSounds.connect(p.id, transportId, dtlsParameters);
  }

  /** The page hears the teacher through its own media. Only the participant's own transport closes. */
  closeFirstSound(participantId: string, transportId: string): void {
    this.#firstSounds.close(participantId, transportId);
  }

  /** The participant's switches changed (by itself or by the teacher): relay accordingly. */
  async updated(p: ParticipantView): Promise<void> {
    const room = this.#rooms.get(p.groupId);
    if (!room || room.closed) return;
    await this.#applyRelay(room, p, room.streams().filter((s) => s.peerId === p.id));
  }

  /** The participant left the lesson: its connections go, and what it was owed. */
  async remove(participantId: string, groupId: string): Promise<void> {
    this.#limits.forget(participantId);
    await this.#drop(participantId, groupId);
  }

  /** The participant's group changed: its media starts over in the new room. */
  async moved(p: ParticipantView, fromGroupId: string): Promise<void> {
    await this.#drop(p.id, fromGroupId);
    this.#audience.push(p.id, { type: 'mediaReset', reason: 'moved' });
    await this.enter(p);
  }

  /** The client asked to start its media over (its connections failed). */
  async restart(participantId: string): Promise<void> {
    const p = this.#require(participantId);
    this.#limits.take(p.id, 'setup');
    await this.#drop(p.id, p.groupId);
    await this.enter(p);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#firstSounds.dropAll();
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    await Promise.allSettled(rooms.map((r) => r.close()));
  }

  #require(participantId: string): ParticipantView {
    const p = this.#audience.participant(participantId);
    if (!p) throw new UnavailableError('You are not in this lesson any more');
    return p;
  }

  /** Drops the participant's connections in `groupId`'s room, its first sound with them. */
  async #drop(participantId: string, groupId: string): Promise<void> {
    this.#firstSounds.drop(participantId);
    this.#subscribed.delete(participantId);
    this.#recvTransport.delete(participantId);
    this.#heldConsumers.delete(participantId);
    for (const source of SOURCES) this.#relay.delete(streamKey(participantId, source));
    this.#speech.left(groupId, participantId);
    const room = this.#rooms.get(groupId);
    if (room && !room.closed) await room.removePeer(participantId);
    await this.#closeIfUnused(groupId);
  }

  #room(groupId: string): Promise<MediaRoom> {
    if (this.#closed) return Promise.reject(new UnavailableError('The lesson media is closed'));
    const existing = this.#rooms.get(groupId);
    if (existing && !existing.closed) return Promise.resolve(existing);
    return this.#creating.run(groupId, async () => {
      const room = await this.#engine.createRoom(groupId ? `${this.#lessonId}/${groupId}` : this.#lessonId);
      if (this.#closed) {
        await room.close();
        throw new UnavailableError('The lesson media is closed');
      }
      this.#wire(room, groupId);
      this.#rooms.set(groupId, room);
      return room;
    });
  }

  #wire(room: MediaRoom, groupId: string): void {
    room.on('streamsChanged', () => {
      for (const p of this.#audience.inGroup(groupId)) this.#subscribe(room, p.id).catch((err) => this.#warn(err, 'subscription update failed'));
    });
    room.on('consumersChanged', (peerId, change) => {
      const held = this.#heldConsumers.get(peerId);
      if (held) held.push(change);
      else this.#pushConsumers(peerId, change);
    });
    room.on('talking', (peerId, talking) => this.#speech.talking(groupId, peerId, talking));
    room.on('activeSpeaker', (peerId) => this.#speech.activeSpeaker(groupId, peerId));
    room.on('reset', (reason) => {
      this.#logger.warn({ groupId, reason }, 'media room reset: clients publish again');
      this.#speech.reset(groupId);
      for (const p of this.#audience.inGroup(groupId)) {
        this.#firstSounds.drop(p.id); // gone with the room's router already
        this.#subscribed.delete(p.id);
        this.#recvTransport.delete(p.id);
        this.#heldConsumers.delete(p.id);
        for (const source of SOURCES) this.#relay.delete(streamKey(p.id, source));
        this.#audience.push(p.id, { type: 'mediaReset', reason: 'media server restarted' });
        this.#subscribe(room, p.id).catch((err) => this.#warn(err, 'resubscribe after reset failed'));
      }
    });
    // The cascade lost the worker this participant was on (the lesson goes on elsewhere): only
    // its page sets up media again, placed on a live worker.
    room.on('peerReset', (peerId, reason) => {
      if (!this.#audience.participant(peerId)) return;
      this.#logger.warn({ groupId, peerId, reason }, 'media peer reset: the client sets up media again');
      this.#subscribed.delete(peerId);
      this.#recvTransport.delete(peerId);
      this.#heldConsumers.delete(peerId);
      for (const source of SOURCES) this.#relay.delete(streamKey(peerId, source));
      this.#audience.push(peerId, { type: 'mediaReset', reason: 'media server restarted' });
      this.#subscribe(room, peerId).catch((err) => this.#warn(err, 'resubscribe after peer reset failed'));
    });
    room.on('closed', () => {
      if (this.#rooms.get(groupId) === room) this.#rooms.delete(groupId);
      this.#speech.reset(groupId);
    });
  }

  #pushConsumers(peerId: string, change: ConsumersChange): void {
    const transportId = this.#recvTransport.get(peerId);
    if (!transportId) return; // the peer has no transports any more: nothing to consume on
    const added = change.added.flatMap((c) =>
      isMediaSource(c.label) ? [{ id: c.id, producerId: c.producerId, participantId: c.peerId, source: c.label, kind: c.kind, rtpParameters: c.rtpParameters }] : [],
    );
    if (added.length === 0 && change.removed.length === 0) return;
    this.#audience.push(peerId, { type: 'consumersChanged', transportId, added, removed: change.removed });
  }

  /**
   * Subscribes `peerId` to every stream of the room but its own. A new video gets its default
   * layer first, so that it never starts at full quality only to be switched down.
   */
  #subscribe(room: MediaRoom, peerId: string): Promise<void> {
    return this.#subscriptionRuns.run(peerId, () => this.#subscribeNow(room, peerId));
  }

  async #subscribeNow(room: MediaRoom, peerId: string): Promise<void> {
    const streams = room.streams().filter((s) => s.peerId !== peerId);
    const before = this.#subscribed.get(peerId) ?? new Set<string>();
    for (const s of streams) {
      if (s.kind !== 'video' || before.has(streamKey(s.peerId, s.label))) continue;
      await room.setLayer(peerId, { peerId: s.peerId, label: s.label }, defaultLayer(this.#audience.participant(s.peerId), s.label));
    }
    const refs: StreamRef[] = streams.map((s) => ({ peerId: s.peerId, label: s.label }));
    this.#subscribed.set(peerId, new Set(refs.map((r) => streamKey(r.peerId, r.label))));
    await room.setSubscriptions(peerId, refs);
  }

  async #applyRelay(room: MediaRoom, p: ParticipantView, streams: PublishedStream[]): Promise<void> {
    for (const s of streams) {
      if (!isMediaSource(s.label)) continue;
      const key = streamKey(p.id, s.label);
      const want = relayed(p, s.label);
      // A fresh publication is relayed by default, so only an 'off' needs telling at first.
      if ((this.#relay.get(key) ?? true) === want) continue;
      await room.setStreamEnabled({ peerId: p.id, label: s.label }, want);
      this.#relay.set(key, want);
    }
  }

  async #closeIfUnused(groupId: string): Promise<void> {
    if (groupId === '' || this.#audience.inGroup(groupId).length > 0) return;
    const room = this.#rooms.get(groupId);
    this.#rooms.delete(groupId);
    await room?.close();
  }

  #warn(err: unknown, msg: string): void {
    this.#logger.warn({ err }, msg);
  }
}
