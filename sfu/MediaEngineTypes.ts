/**
 * The narrow interface of the media core. It knows peers, rooms and streams, never lessons,
 * students or teachers (conventions §10). The engine behind it is Janus VideoRoom, run and
 * supervised by this module; callers never see Janus.
 *
 * Media model: every peer has at most one *publisher* connection (the peer offers, the engine
 * answers) carrying its outgoing tracks, and at most one *subscriber* connection (the engine
 * offers, the peer answers) carrying every stream the caller asked it to receive.
 */
import type { TypedEmitter } from '../platform/index.js';

/** A caller-chosen name for an outgoing track of a peer, e.g. "microphone", "camera", "screen". */
export type StreamLabel = string;

export interface StreamRef {
  peerId: string;
  label: StreamLabel;
}

export type MediaKind = 'audio' | 'video';

export interface PublishTrack {
  /** The transceiver mid in the peer's offer. */
  mid: string;
  label: StreamLabel;
}

export interface PublishedStream extends StreamRef {
  mid: string;
  kind: MediaKind;
  /** True when the publisher sends simulcast encodings for this stream. */
  simulcast: boolean;
}

/** One track of a subscriber connection: which publisher stream arrives on which mid. */
export interface SubscribedStream extends StreamRef {
  mid: string;
  kind: MediaKind;
}

export interface SubscriberOffer {
  /** Increases with every offer made to this peer; an answer must name the revision it answers. */
  revision: number;
  sdp: string;
  streams: SubscribedStream[];
}

export type VideoLayer = 'high' | 'medium' | 'low' | 'off';

export interface IceCandidate {
  candidate: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
}

export interface MediaRoomEvents {
  [event: string]: unknown[];
  /** A new offer for `peerId`'s subscriber connection; forward it to the peer. */
  subscriberOffer: [peerId: string, offer: SubscriberOffer];
  /** Streams published or unpublished in the room changed (after publish/unpublish/removePeer). */
  streamsChanged: [streams: PublishedStream[]];
  /** Voice activity of a publisher's audio (for "who is speaking"). */
  talking: [peerId: string, talking: boolean];
  /**
   * The engine lost every connection of this room (its engine instance died). The room itself
   * was re-created and is usable again: every peer must publish again on a fresh connection,
   * and subscriptions must be set again. Emitted once per loss.
   */
  reset: [reason: string];
  /** The room was closed (by close() or by the engine shutting down). */
  closed: [];
}

export interface MediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly id: string;
  readonly closed: boolean;

  /**
   * Publishes (or renegotiates) `peerId`'s outgoing tracks from the peer's SDP offer and returns
   * the SDP answer. `tracks` lists every track the offer sends; a track missing from a
   * renegotiation is unpublished. Rejects with a MediaError when the SDP is invalid.
   */
  publish(peerId: string, offerSdp: string, tracks: PublishTrack[]): Promise<{ answerSdp: string; streams: PublishedStream[] }>;

  /** Sets exactly which streams `peerId` receives. A change produces a `subscriberOffer` event. */
  setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void>;

  /** The peer's answer to subscriber offer `revision`; a stale revision is ignored. */
  answerSubscriber(peerId: string, revision: number, answerSdp: string): Promise<void>;

  /** A trickled ICE candidate of the peer; `null` means end of candidates. */
  trickle(peerId: string, target: 'publisher' | 'subscriber', candidate: IceCandidate | null): Promise<void>;

  /** Which simulcast layer of `stream` the peer receives; 'off' stops forwarding that video. */
  setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void>;

  /** Server-side mute: stop (or resume) relaying one published stream to everyone. */
  setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void>;

  /** The streams currently published in the room. */
  streams(): PublishedStream[];

  /** Closes both connections of the peer and forgets it; its streams are unpublished. */
  removePeer(peerId: string): Promise<void>;

  /** Destroys the room in the engine. Safe to call twice. */
  close(): Promise<void>;
}

export interface MediaEngineEvents {
  [event: string]: unknown[];
  /** An engine instance stopped unexpectedly; rooms on it will emit `reset` once re-created. */
  instanceDown: [instanceId: string, reason: string];
  /** An engine instance (re)started and is serving. */
  instanceUp: [instanceId: string];
}

export interface MediaEngineStats {
  instancesConfigured: number;
  instancesUp: number;
  restarts: number;
  rooms: number;
}

export interface MediaEngine extends TypedEmitter<MediaEngineEvents> {
  readonly closed: boolean;
  /** True when at least one instance serves requests. */
  readonly ready: boolean;

  /** Creates a room on the least-loaded instance. `id` is the caller's key, unique per engine. */
  createRoom(id: string): Promise<MediaRoom>;

  /** The open room with this id, if any. */
  room(id: string): MediaRoom | undefined;

  stats(): MediaEngineStats;

  /** Closes every room and stops every instance. Safe to call twice. */
  close(): Promise<void>;
}
