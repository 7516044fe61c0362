/**
 * Connects a lesson's participants to the media core: one SFU room for the main room and one per
 * breakout group. The SFU knows peers and streams; this bridge decides who receives what (every
 * admitted participant receives every stream of its room but its own) and which streams are
 * relayed at all (a muted microphone is not relayed, whatever the client does).
 */
import type { MediaSource, ParticipantView } from '../../classroom/index.js';
import { SingleFlight, UnavailableError, ValidationError, type Logger } from '../../platform/index.js';
import type { MediaEngine, MediaRoom, PublishedStream, SdpMediaRoom, StreamRef, SubscriberOffer, VideoLayer } from '../../sfu/index.js';
import type { ServerBody } from '../codec/messages.js';

/** What the bridge needs to know about the lesson and how to reach its participants. */
export interface MediaAudience {
  participant(id: string): ParticipantView | undefined;
  /** Admitted participants whose media lives in `groupId`'s room ('' = main room). */
  inGroup(groupId: string): ParticipantView[];
  push(participantId: string, body: ServerBody): void;
}

const SOURCES: readonly MediaSource[] = ['microphone', 'camera', 'screen'];

function isMediaSource(label: string): label is MediaSource {
  return (SOURCES as readonly string[]).includes(label);
}

/** Whether the lesson lets this stream through: only what the participant has switched on. */
function relayed(p: ParticipantView, source: MediaSource): boolean {
  return source === 'microphone' ? p.micOn : source === 'camera' ? p.cameraOn : p.screenOn;
}

/** Default quality: the teacher and screens in full, students' thumbnails at the lowest layer. */
function defaultLayer(publisher: ParticipantView | undefined, source: string): VideoLayer {
  return source === 'screen' || publisher?.role === 'teacher' ? 'high' : 'low';
}

/** The SDP requests of the protocol only make sense on an engine that negotiates with SDP. */
function sdpRoom(room: MediaRoom): SdpMediaRoom {
  if (room.negotiation !== 'sdp') throw new ValidationError('This server negotiates media with transports, not SDP');
  return room;
}

export class LessonMedia {
  readonly #lessonId: string;
  readonly #engine: MediaEngine;
  readonly #audience: MediaAudience;
  readonly #logger: Logger;
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #creating = new SingleFlight<string, MediaRoom>();
  /** Per subscriber: the streams it was last subscribed to (to set default layers of new ones). */
  readonly #subscribed = new Map<string, Set<string>>();
  /** Per published stream ("peer/label"): whether the SFU was last told to relay it. */
  readonly #relay = new Map<string, boolean>();
  #closed = false;

  constructor(lessonId: string, engine: MediaEngine, audience: MediaAudience, logger: Logger) {
    this.#lessonId = lessonId;
    this.#engine = engine;
    this.#audience = audience;
    this.#logger = logger;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A participant entered a room: it receives every stream already there. */
  async enter(p: ParticipantView): Promise<void> {
    const room = await this.#room(p.groupId);
    await this.#subscribe(room, p.id);
  }

  async publish(participantId: string, sdp: string, tracks: Array<{ mid: string; source: MediaSource }>): Promise<string> {
    const p = this.#require(participantId);
    const room = await this.#room(p.groupId);
    const result = await sdpRoom(room).publish(p.id, sdp, tracks.map((t) => ({ mid: t.mid, label: t.source })));
    // A (re)negotiated publisher starts relaying everything: tell the SFU again what is off.
    for (const source of SOURCES) this.#relay.delete(`${p.id}/${source}`);
    await this.#applyRelay(room, this.#require(participantId), result.streams);
    return result.answerSdp;
  }

  async answer(participantId: string, revision: number, sdp: string): Promise<void> {
    const room = await this.#room(this.#require(participantId).groupId);
    await sdpRoom(room).answerSubscriber(participantId, revision, sdp);
  }

  async trickle(participantId: string, target: 'publisher' | 'subscriber', candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null): Promise<void> {
    const room = await this.#room(this.#require(participantId).groupId);
    await sdpRoom(room).trickle(participantId, target, candidate);
  }

  async setLayers(participantId: string, preferences: Array<{ participantId: string; source: MediaSource; layer: VideoLayer }>): Promise<void> {
    const room = await this.#room(this.#require(participantId).groupId);
    const present = new Set(room.streams().map((s) => `${s.peerId}/${s.label}`));
    for (const pref of preferences) {
      if (!present.has(`${pref.participantId}/${pref.source}`)) continue; // unpublished meanwhile
      await room.setLayer(participantId, { peerId: pref.participantId, label: pref.source }, pref.layer);
    }
  }

  /** The participant's switches changed (by itself or by the teacher): relay accordingly. */
  async updated(p: ParticipantView): Promise<void> {
    const room = this.#rooms.get(p.groupId);
    if (!room || room.closed) return;
    await this.#applyRelay(room, p, room.streams().filter((s) => s.peerId === p.id));
  }

  /** Drops the participant's connections (it left, or its connections failed and it starts over). */
  async remove(participantId: string, groupId: string): Promise<void> {
    this.#subscribed.delete(participantId);
    for (const source of SOURCES) this.#relay.delete(`${participantId}/${source}`);
    const room = this.#rooms.get(groupId);
    if (room && !room.closed) await room.removePeer(participantId);
    await this.#closeIfUnused(groupId);
  }

  /** The participant's group changed: its media starts over in the new room. */
  async moved(p: ParticipantView, fromGroupId: string): Promise<void> {
    await this.remove(p.id, fromGroupId);
    this.#audience.push(p.id, { type: 'mediaReset', reason: 'moved' });
    await this.enter(p);
  }

  /** The client asked to start its media over (its connections failed). */
  async restart(participantId: string): Promise<void> {
    const p = this.#require(participantId);
    await this.remove(p.id, p.groupId);
    await this.enter(p);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const rooms = [...this.#rooms.values()];
    this.#rooms.clear();
    await Promise.allSettled(rooms.map((r) => r.close()));
  }

  #require(participantId: string): ParticipantView {
    const p = this.#audience.participant(participantId);
    if (!p) throw new UnavailableError('You are not in this lesson any more');
    return p;
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
    room.on('subscriberOffer', (peerId, offer) => this.#pushOffer(peerId, offer));
    room.on('reset', (reason) => {
      this.#logger.warn({ groupId, reason }, 'media room reset: clients publish again');
      for (const p of this.#audience.inGroup(groupId)) {
        this.#subscribed.delete(p.id);
        for (const source of SOURCES) this.#relay.delete(`${p.id}/${source}`);
        this.#audience.push(p.id, { type: 'mediaReset', reason: 'media server restarted' });
        this.#subscribe(room, p.id).catch((err) => this.#warn(err, 'resubscribe after reset failed'));
      }
    });
    room.on('closed', () => {
      if (this.#rooms.get(groupId) === room) this.#rooms.delete(groupId);
    });
  }

  #pushOffer(peerId: string, offer: SubscriberOffer): void {
    const tracks = offer.streams.flatMap((s) => (isMediaSource(s.label) ? [{ mid: s.mid, participantId: s.peerId, source: s.label }] : []));
    this.#audience.push(peerId, { type: 'subscriberOffer', revision: offer.revision, sdp: offer.sdp, tracks });
  }

  /**
   * Subscribes `peerId` to every stream of the room but its own. A new video gets its default
   * layer first, so that it never starts at full quality only to be switched down.
   */
  async #subscribe(room: MediaRoom, peerId: string): Promise<void> {
    const streams = room.streams().filter((s) => s.peerId !== peerId);
    const before = this.#subscribed.get(peerId) ?? new Set<string>();
    for (const s of streams) {
      if (s.kind !== 'video' || before.has(`${s.peerId}/${s.label}`)) continue;
      await room.setLayer(peerId, { peerId: s.peerId, label: s.label }, defaultLayer(this.#audience.participant(s.peerId), s.label));
    }
    const refs: StreamRef[] = streams.map((s) => ({ peerId: s.peerId, label: s.label }));
    this.#subscribed.set(peerId, new Set(refs.map((r) => `${r.peerId}/${r.label}`)));
    await room.setSubscriptions(peerId, refs);
  }

  async #applyRelay(room: MediaRoom, p: ParticipantView, streams: PublishedStream[]): Promise<void> {
    for (const s of streams) {
      if (!isMediaSource(s.label)) continue;
      const key = `${p.id}/${s.label}`;
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
