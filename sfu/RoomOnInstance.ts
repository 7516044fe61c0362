/**
 * One life of a media room on one Janus instance: the Janus room, a control handle (which
 * created the room and stays joined as a silent publisher to hear `talking` events), and the
 * peers' publisher and subscriber handles. When the instance dies, the whole object is
 * dropped with parentClosed() and a new one is made on another (or the restarted) instance.
 */
import { newNumericId, newSecret, type Logger } from '../platform/index.js';
import type { JanusInstance } from './JanusInstance.js';
import type { ResolvedJanusOptions } from './JanusMediaEngineTypes.js';
import type { VideoRoomHandle } from './janusClient.js';
import type { StreamRef, SubscriberOffer } from './MediaEngineTypes.js';
import { Publisher, type PublisherStream } from './Publisher.js';
import { Subscriber } from './Subscriber.js';

export interface RoomOnInstanceHooks {
  log: Logger;
  isDisabled(peerId: string, label: string): boolean;
  nextRevision(): number;
  streamsChanged(): void;
  offer(peerId: string, offer: SubscriberOffer): void;
  talking(peerId: string, talking: boolean): void;
  peerJoined(): void;
  peerLeft(): void;
}

/** The room parameters; see docs/sfu.md for why each is set so. */
export function roomCreateRequest(o: ResolvedJanusOptions, room: number, secret: string, adminKey: string): Record<string, unknown> {
  return {
    request: 'create',
    room,
    admin_key: adminKey,
    secret,
    permanent: false,
    is_private: true,
    description: `room-${room}`,
    publishers: o.maxPublishersPerRoom,
    audiocodec: 'opus',
    videocodec: 'vp8',
    opus_fec: true,
    bitrate: o.roomBitrateBps,
    bitrate_cap: true,
    fir_freq: 0,
    transport_wide_cc_ext: o.transportWideCc,
    audiolevel_ext: true,
    audiolevel_event: true,
    audio_active_packets: o.talking.packets,
    audio_level_average: o.talking.levelThreshold,
    videoorient_ext: true,
    notify_joining: false,
    require_pvtid: false,
    record: false,
  };
}

export class RoomOnInstance {
  readonly instance: JanusInstance;
  readonly janusRoomId: number;
  readonly #secret: string;
  readonly #control: VideoRoomHandle;
  readonly #hooks: RoomOnInstanceHooks;
  readonly #publishers = new Map<string, Publisher>();
  readonly #subscribers = new Map<string, Subscriber>();
  #closed = false;

  private constructor(instance: JanusInstance, janusRoomId: number, secret: string, control: VideoRoomHandle, hooks: RoomOnInstanceHooks) {
    this.instance = instance;
    this.janusRoomId = janusRoomId;
    this.#secret = secret;
    this.#control = control;
    this.#hooks = hooks;
  }

  /** Creates the Janus room on `instance`. */
  static async create(instance: JanusInstance, options: ResolvedJanusOptions, hooks: RoomOnInstanceHooks): Promise<RoomOnInstance> {
    const session = instance.session();
    const control = await session.attachVideoRoom();
    try {
      const janusRoomId = newNumericId();
      const secret = newSecret(16);
      await control.request(roomCreateRequest(options, janusRoomId, secret, instance.adminKey));
      const room = new RoomOnInstance(instance, janusRoomId, secret, control, hooks);
      control.on({ talking: (feed, talking) => room.#onTalking(feed, talking) });
      // A publisher that never publishes: it only receives the room's talking events.
      await control.request({ request: 'join', ptype: 'publisher', room: janusRoomId, id: newNumericId(), display: 'sfu-observer' });
      return room;
    } catch (err) {
      await control.detach();
      throw err;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Peers with a publisher or a subscriber here. */
  get peerCount(): number {
    return new Set([...this.#publishers.keys(), ...this.#subscribers.keys()]).size;
  }

  publisher(peerId: string): Publisher {
    let p = this.#publishers.get(peerId);
    if (!p || p.closed) {
      const joined = this.#hasPeer(peerId);
      p = new Publisher(peerId, {
        session: this.instance.session(),
        janusRoomId: this.janusRoomId,
        log: this.#hooks.log,
        isDisabled: this.#hooks.isDisabled,
        streamsChanged: () => this.#streamsChanged(),
      });
      this.#publishers.set(peerId, p);
      if (!joined) this.#hooks.peerJoined();
    }
    return p;
  }

  existingPublisher(peerId: string): Publisher | undefined {
    return this.#publishers.get(peerId);
  }

  subscriber(peerId: string): Subscriber {
    let s = this.#subscribers.get(peerId);
    if (!s || s.closed) {
      const joined = this.#hasPeer(peerId);
      s = new Subscriber(peerId, {
        session: this.instance.session(),
        janusRoomId: this.janusRoomId,
        log: this.#hooks.log,
        resolve: (ref) => this.resolve(ref),
        streamOf: (feedId, mid) => this.#streamOf(feedId, mid),
        nextRevision: this.#hooks.nextRevision,
        offer: this.#hooks.offer,
      });
      this.#subscribers.set(peerId, s);
      if (!joined) this.#hooks.peerJoined();
    }
    return s;
  }

  existingSubscriber(peerId: string): Subscriber | undefined {
    return this.#subscribers.get(peerId);
  }

  /** Every published stream, publishers in join order. */
  streams(): PublisherStream[] {
    return [...this.#publishers.values()].flatMap((p) => p.streams);
  }

  resolve(ref: StreamRef): PublisherStream | undefined {
    return this.#publishers.get(ref.peerId)?.streams.find((s) => s.label === ref.label);
  }

  /** Closes both connections of `peerId` (Janus is told: the handles are detached). */
  async removePeer(peerId: string): Promise<boolean> {
    const pub = this.#publishers.get(peerId);
    const sub = this.#subscribers.get(peerId);
    if (!pub && !sub) return false;
    this.#publishers.delete(peerId);
    this.#subscribers.delete(peerId);
    this.#hooks.peerLeft();
    const hadStreams = (pub?.streams.length ?? 0) > 0;
    await Promise.all([sub?.close(), pub?.close()]);
    if (hadStreams) this.#streamsChanged();
    return true;
  }

  /** Asks every subscriber to catch up with the published streams. */
  reconcileAll(): void {
    for (const s of this.#subscribers.values()) {
      if (!s.wantsSomething) continue;
      s.reconcile().catch((err: unknown) => this.#hooks.log.warn({ err, peer: s.peerId }, 'sfu: subscriber reconcile failed'));
    }
  }

  /** Destroys the Janus room (its handles go with it). Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const handles = [...this.#publishers.values(), ...this.#subscribers.values()];
    this.parentClosed();
    await Promise.all(handles.map((h) => h.close()));
    await this.#control.request({ request: 'destroy', room: this.janusRoomId, secret: this.#secret }).catch(() => undefined);
    await this.#control.detach();
  }

  /** The instance is gone (or stopping): forget everything, tell no remote side. */
  parentClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const p of this.#publishers.values()) p.parentClosed();
    for (const s of this.#subscribers.values()) s.parentClosed();
    const peers = this.peerCount;
    this.#publishers.clear();
    this.#subscribers.clear();
    for (let i = 0; i < peers; i++) this.#hooks.peerLeft();
  }

  #hasPeer(peerId: string): boolean {
    return this.#publishers.has(peerId) || this.#subscribers.has(peerId);
  }

  #streamOf(feedId: number, mid: string): PublisherStream | undefined {
    for (const p of this.#publishers.values()) {
      if (p.feedId === feedId) return p.streams.find((s) => s.mid === mid);
    }
    return undefined;
  }

  #streamsChanged(): void {
    if (this.#closed) return;
    this.#hooks.streamsChanged();
    this.reconcileAll();
  }

  #onTalking(feedId: number, talking: boolean): void {
    if (this.#closed) return;
    for (const p of this.#publishers.values()) {
      if (p.feedId === feedId) this.#hooks.talking(p.peerId, talking);
    }
  }
}
