/**
 * A media room (MediaRoom) backed by a Janus VideoRoom. The room outlives the Janus instance it
 * is on: when that instance dies, the engine calls lost(), the room drops every peer's state,
 * and place() re-creates it on an instance that is up; then `reset` is emitted. Calls made
 * meanwhile wait for the new placement (at most `recreateWaitMs`) or fail with an
 * UnavailableError.
 */
import {
  ClosedError,
  TypedEmitter,
  UnavailableError,
  ValidationError,
  deferred,
  withTimeout,
  type Deferred,
  type Logger,
} from '../platform/index.js';
import { checkId, checkRef } from './checks.js';
import type { JanusInstance } from './JanusInstance.js';
import type { ResolvedJanusOptions } from './JanusMediaEngineTypes.js';
import { isVideoLayer } from './layers.js';
import type {
  IceCandidate,
  SdpMediaRoom,
  MediaRoomEvents,
  PublishTrack,
  PublishedStream,
  StreamRef,
  SubscriberOffer,
  VideoLayer,
} from './MediaEngineTypes.js';
import type { SfuMetrics } from './metrics.js';
import { publicStream } from './Publisher.js';
import { RoomOnInstance, type RoomOnInstanceHooks } from './RoomOnInstance.js';

export interface JanusRoomDeps {
  options: ResolvedJanusOptions;
  log: Logger;
  metrics: SfuMetrics;
  /** Called once, when the room closed by itself (close()), so the engine forgets it. */
  onClosed(room: JanusRoom): void;
}

const MAX_CANDIDATE_LENGTH = 1024;

export class JanusRoom extends TypedEmitter<MediaRoomEvents> implements SdpMediaRoom {
  readonly negotiation = 'sdp' as const;

  readonly id: string;
  readonly #deps: JanusRoomDeps;
  #closed = false;
  #current: RoomOnInstance | null = null;
  /** The instance the room is on or is being placed on (for placement counts). */
  #target: JanusInstance | null = null;
  /** Bumped by lost(): a placement started before it must not be used. */
  #epoch = 0;
  readonly #waiters = new Set<Deferred<RoomOnInstance>>();
  /** Server-side mutes, by peer then label; dropped with the peer's state (removePeer, reset). */
  readonly #disabled = new Map<string, Set<string>>();
  #revision = 0;
  #lastStreams = '[]';

  constructor(id: string, deps: JanusRoomDeps) {
    super((event, error) => deps.log.error({ err: error, event, room: id }, 'sfu room listener threw'));
    this.id = id;
    this.#deps = deps;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Id of the instance the room is on (or being re-created on). */
  get instanceId(): string | undefined {
    return this.#target?.id;
  }

  get peerCount(): number {
    return this.#current?.peerCount ?? 0;
  }

  // ---- engine side ----

  /** Creates the room on `instance`; with `resetReason`, emits `reset` once it is usable. */
  async place(instance: JanusInstance, resetReason?: string): Promise<void> {
    if (this.#closed) throw new ClosedError('media room');
    const epoch = this.#epoch;
    this.#target = instance;
    const created = await RoomOnInstance.create(instance, this.#deps.options, this.#hooks());
    if (this.#closed || epoch !== this.#epoch || !instance.up) {
      // Closed meanwhile on a live instance: remove the Janus room we just made.
      if (instance.up) await created.close();
      else created.parentClosed();
      if (this.#closed) throw new ClosedError('media room');
      throw new UnavailableError(`media server ${instance.id} stopped while the room was created`);
    }
    this.#current = created;
    for (const w of this.#waiters) w.resolve(created);
    this.#deps.log.info({ room: this.id, instance: instance.id, janusRoom: created.janusRoomId, reset: resetReason !== undefined }, 'sfu: room placed');
    if (resetReason !== undefined) this.safeEmit('reset', resetReason);
  }

  /** The instance died: every peer's state is dropped (nothing is told to Janus, it is gone). */
  lost(): void {
    this.#epoch++;
    const current = this.#current;
    this.#current = null;
    current?.parentClosed();
    this.#lastStreams = '[]';
    this.#disabled.clear();
  }

  /** The engine is shutting down and stops Janus itself: close without telling Janus. */
  engineClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#current?.parentClosed();
    this.#current = null;
    this.#rejectWaiters();
    this.safeEmit('closed');
    this.removeAllListeners();
  }

  // ---- MediaRoom ----

  async publish(peerId: string, offerSdp: string, tracks: PublishTrack[]): Promise<{ answerSdp: string; streams: PublishedStream[] }> {
    checkId('peer id', peerId);
    if (!Array.isArray(tracks)) throw new ValidationError('tracks must be a list');
    const room = await this.#usable();
    return room.publisher(peerId).publish(offerSdp, tracks);
  }

  async setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void> {
    checkId('peer id', peerId);
    if (!Array.isArray(streams)) throw new ValidationError('streams must be a list');
    streams.forEach(checkRef);
    const room = await this.#usable();
    if (streams.length === 0 && !room.existingSubscriber(peerId)) return;
    await room.subscriber(peerId).setWanted(streams);
  }

  async answerSubscriber(peerId: string, revision: number, answerSdp: string): Promise<void> {
    checkId('peer id', peerId);
    if (!Number.isInteger(revision)) throw new ValidationError('invalid revision');
    const room = await this.#usable();
    await room.existingSubscriber(peerId)?.answer(revision, answerSdp);
  }

  async trickle(peerId: string, target: 'publisher' | 'subscriber', candidate: IceCandidate | null): Promise<void> {
    checkId('peer id', peerId);
    if (candidate !== null) {
      if (typeof candidate?.candidate !== 'string' || candidate.candidate.length > MAX_CANDIDATE_LENGTH) {
        throw new ValidationError('invalid ICE candidate');
      }
    }
    const room = await this.#usable();
    if (target === 'publisher') {
      // Get-or-create: a candidate must queue behind a publish that is still in flight.
      await room.publisher(peerId).trickle(candidate);
    } else if (target === 'subscriber') {
      await room.existingSubscriber(peerId)?.trickle(candidate);
    } else {
      throw new ValidationError('invalid trickle target');
    }
  }

  async setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void> {
    checkId('peer id', peerId);
    checkRef(stream);
    if (!isVideoLayer(layer)) throw new ValidationError('invalid video layer');
    const room = await this.#usable();
    await room.subscriber(peerId).setLayer(stream, layer);
  }

  async setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void> {
    checkRef(stream);
    const labels = this.#disabled.get(stream.peerId) ?? new Set<string>();
    if (enabled) labels.delete(stream.label);
    else labels.add(stream.label);
    if (labels.size > 0) this.#disabled.set(stream.peerId, labels);
    else this.#disabled.delete(stream.peerId);
    // A mute set before the peer publishes applies when it does.
    await this.#current?.existingPublisher(stream.peerId)?.applyMutes();
  }

  streams(): PublishedStream[] {
    return (this.#current?.streams() ?? []).map(publicStream);
  }

  async removePeer(peerId: string): Promise<void> {
    checkId('peer id', peerId);
    this.#disabled.delete(peerId);
    await this.#current?.removePeer(peerId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const current = this.#current;
    this.#current = null;
    this.#rejectWaiters();
    await current?.close();
    this.safeEmit('closed');
    this.removeAllListeners();
    this.#deps.onClosed(this);
  }

  // ---- internals ----

  #hooks(): RoomOnInstanceHooks {
    return {
      log: this.#deps.log.child({ room: this.id }),
      isDisabled: (peerId: string, label: string) => this.#disabled.get(peerId)?.has(label) ?? false,
      nextRevision: () => ++this.#revision,
      streamsChanged: () => this.#streamsChanged(),
      offer: (peerId: string, offer: SubscriberOffer) => this.safeEmit('subscriberOffer', peerId, offer),
      talking: (peerId: string, talking: boolean) => this.safeEmit('talking', peerId, talking),
      peerJoined: () => this.#deps.metrics.peerJoined(),
      peerLeft: () => this.#deps.metrics.peerLeft(),
    };
  }

  #streamsChanged(): void {
    const streams = this.streams();
    const json = JSON.stringify(streams);
    if (json === this.#lastStreams) return;
    this.#lastStreams = json;
    this.safeEmit('streamsChanged', streams);
  }

  /** The current placement, waiting for a re-creation in progress. */
  async #usable(): Promise<RoomOnInstance> {
    if (this.#closed) throw new ClosedError('media room');
    if (this.#current) return this.#current;
    const d = deferred<RoomOnInstance>();
    this.#waiters.add(d);
    try {
      return await withTimeout(d.promise, this.#deps.options.recreateWaitMs, 'media room re-creation');
    } catch (err) {
      if (err instanceof UnavailableError) throw err;
      throw new UnavailableError('The media server is restarting, try again shortly', { cause: err });
    } finally {
      this.#waiters.delete(d);
    }
  }

  #rejectWaiters(): void {
    for (const w of this.#waiters) w.reject(new ClosedError('media room'));
    this.#waiters.clear();
  }
}
