/**
 * The narrow interface of the media core. It knows peers, rooms and streams, never lessons,
 * students or teachers (conventions §10). Two engines implement it: Janus VideoRoom and
 * mediasoup, run and supervised by this module; callers never see either.
 *
 * Media model: every peer has at most one sending connection carrying its outgoing tracks and
 * at most one receiving connection carrying every stream the caller asked it to receive. How a
 * peer negotiates them depends on the engine (`MediaRoom['negotiation']`):
 * - 'sdp' (Janus): the *publisher* connection is offered by the peer and answered by the engine;
 *   the *subscriber* connection is offered by the engine (`subscriberOffer`) and answered by the peer.
 * - 'transport' (mediasoup): the engine creates a send and a receive transport per peer
 *   (`connectPeer`), the peer produces one track per stream label (`produce`) and consumes what
 *   the engine announces (`consumersChanged`, then `resumeConsumer`).
 * Everything else (subscriptions, layers, server-side mute, events) is common.
 */
import type { TypedEmitter } from '../platform/index.js';
import type { ConsumersChange, DtlsParameters, IceParameters, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from './TransportNegotiationTypes.js';

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
  /**
   * Increases with every offer made to this peer (the counter is per room and never reused,
   * not even across a `reset`); an answer must name the revision it answers.
   */
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
  /** ('sdp' rooms) A new offer for `peerId`'s subscriber connection; forward it to the peer. */
  subscriberOffer: [peerId: string, offer: SubscriberOffer];
  /**
   * ('transport' rooms) The streams `peerId` receives changed: forward to the peer, which
   * consumes the added ones (then calls resumeConsumer) and closes the removed ones.
   */
  consumersChanged: [peerId: string, change: ConsumersChange];
  /**
   * The published streams of the room changed. A stream counts as published once its
   * publisher connection is up (ICE and DTLS done), not when publish() resolves; it stops being
   * published when a renegotiation drops it, its peer is removed or its connection is lost.
   */
  streamsChanged: [streams: PublishedStream[]];
  /** Voice activity of a publisher's audio (for "who is speaking"). */
  talking: [peerId: string, talking: boolean];
  /** The peer that speaks most right now (null: nobody), where the engine can tell. */
  activeSpeaker: [peerId: string | null];
  /**
   * The engine lost every connection of this room (its engine instance died). The room itself
   * was re-created and is usable again: every peer must publish again on a fresh connection,
   * and subscriptions must be set again. Emitted once per loss. All peer state went with the
   * connections (streams() is empty, layer choices and server-side mutes are forgotten); no
   * `streamsChanged` is emitted for the loss itself.
   */
  reset: [reason: string];
  /** The room was closed (by close() or by the engine shutting down). */
  closed: [];
}

/** What both kinds of room offer. */
export interface MediaRoomBase extends TypedEmitter<MediaRoomEvents> {
  readonly id: string;
  readonly closed: boolean;

  /**
   * Sets exactly which streams `peerId` receives. Declarative: a listed stream that is not
   * published (yet, or any more) is received as soon as it is, without another call. A change
   * produces a `subscriberOffer` ('sdp') or `consumersChanged` ('transport') event, at once or,
   * while an earlier offer waits for its answer, right after that answer.
   */
  setSubscriptions(peerId: string, streams: StreamRef[]): Promise<void>;

  /**
   * Which simulcast layer of `stream` the peer receives at most (default 'high'); 'off' stops
   * forwarding that video. May be called before the stream is subscribed, and then applies
   * from the first packet (call it before setSubscriptions to avoid starting on 'high'). An
   * engine that estimates the peer's bandwidth may send a lower layer than asked, never a
   * higher one.
   */
  setLayer(peerId: string, stream: StreamRef, layer: VideoLayer): Promise<void>;

  /**
   * Server-side mute: stop (or resume) relaying one published stream to everyone. The choice
   * holds across renegotiations and applies to a stream published later; it is forgotten with
   * the peer's state (removePeer, reset).
   */
  setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void>;

  /** The streams currently published in the room. */
  streams(): PublishedStream[];

  /** Closes both connections of the peer and forgets it; its streams are unpublished. */
  removePeer(peerId: string): Promise<void>;

  /** Destroys the room in the engine. Safe to call twice. */
  close(): Promise<void>;
}

/** A room whose peers negotiate with SDP offers and answers (Janus). */
export interface SdpMediaRoom extends MediaRoomBase {
  readonly negotiation: 'sdp';

  /**
   * Publishes (or renegotiates) `peerId`'s outgoing tracks from the peer's SDP offer and returns
   * the SDP answer. `tracks` lists every track the offer sends; a track missing from a
   * renegotiation is unpublished (and a sent m-line without a track is not relayed). Rejects
   * with a MediaError when the SDP is invalid or does not send a listed track, with an
   * UnavailableError while the engine instance restarts. `streams` are those the answer
   * accepted; they are announced by `streamsChanged` once the connection is up.
   */
  publish(peerId: string, offerSdp: string, tracks: PublishTrack[]): Promise<{ answerSdp: string; streams: PublishedStream[] }>;

  /**
   * The peer's answer to subscriber offer `revision`; a stale revision is ignored. Rejects with
   * a MediaError when the answer is refused (the offer then stays outstanding).
   */
  answerSubscriber(peerId: string, revision: number, answerSdp: string): Promise<void>;

  /**
   * A trickled ICE candidate of the peer; `null` means end of candidates. Publisher candidates
   * are applied after a publish() still in flight; a candidate for a connection that no longer
   * exists is ignored.
   */
  trickle(peerId: string, target: 'publisher' | 'subscriber', candidate: IceCandidate | null): Promise<void>;
}

/**
 * A room whose peers negotiate transports, producers and consumers (mediasoup; the browser side
 * is mediasoup-client). The engine is ICE-lite with every candidate known up-front: no trickle.
 */
export interface TransportMediaRoom extends MediaRoomBase {
  readonly negotiation: 'transport';

  /** What a peer's device loads before anything else (the same for every room of an engine). */
  readonly rtpCapabilities: RtpCapabilities;

  /**
   * Creates the peer's send and receive transports, closing any it had (with their producers
   * and consumers: a peer that starts over calls this again). `rtpCapabilities` is what the
   * peer can receive; streams it cannot decode are not offered to it. Rejects with a
   * ValidationError on malformed capabilities.
   */
  connectPeer(peerId: string, rtpCapabilities: RtpCapabilities): Promise<{ send: TransportOptions; recv: TransportOptions }>;

  /** The peer's DTLS parameters for one of its transports (once per transport). */
  connectTransport(peerId: string, direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void>;

  /**
   * Publishes one outgoing track of the peer as stream `label`, replacing the peer's earlier
   * stream with that label. Rejects with a ValidationError when the parameters are invalid or
   * use what the room cannot receive. The stream is announced by `streamsChanged` at once.
   */
  produce(peerId: string, track: { label: StreamLabel; kind: MediaKind; rtpParameters: RtpParameters }): Promise<{ producerId: string }>;

  /** Unpublishes the peer's stream `label` (a no-op when there is none). */
  unpublish(peerId: string, label: StreamLabel): Promise<void>;

  /**
   * The peer has set up the consumer announced by `consumersChanged`: media starts flowing
   * (consumers are created paused so that no packet arrives before the peer can take it). A
   * consumer that closed meanwhile is ignored.
   */
  resumeConsumer(peerId: string, consumerId: string): Promise<void>;

  /** New ICE credentials for one of the peer's transports (its connection failed). */
  restartIce(peerId: string, direction: TransportDirection): Promise<IceParameters>;

  /**
   * Starts a tap of the published stream `stream` to `target` (the recorder's port, which must
   * be listening: nothing is retransmitted). Rejects with a NotFoundError when the stream is not
   * published, a ValidationError for a bad target. Request a key frame once the receiver is
   * ready. The tap is not a peer: it is in no `streams()` and no subscription.
   */
  tap(stream: StreamRef, target: TapTarget): Promise<StreamTap>;
}

/** Where a tap sends its plain (unencrypted) RTP and RTCP: one UDP port, RTCP multiplexed on it. */
export interface TapTarget {
  /** An IPv4 address of this host (the recorder runs beside the engine); default 127.0.0.1. */
  ip?: string;
  port: number;
}

/** The one codec of what a tap sends (enough to describe it in an SDP). */
export interface TapCodec {
  /** e.g. "audio/opus", "video/VP8". */
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  /** The codec's fmtp parameters. */
  parameters: Record<string, string | number>;
}

export interface StreamTapEvents {
  [event: string]: unknown[];
  /**
   * The tap stopped for good: 'closed' (its close()), 'unpublished' (the stream is gone, or
   * replaced by a new publication of its label), 'room closed', 'room reset' (the engine lost
   * the room's worker: tap the streams again once they are published again). Emitted once.
   */
  closed: [reason: 'closed' | 'unpublished' | 'room closed' | 'room reset'];
}

/**
 * A receive-only copy of one published stream sent as plain RTP to a UDP port of this host (for
 * the recorder, conventions §10): no ICE, no DTLS, no SRTP, no congestion control. It follows the
 * stream's server-side mute (a paused stream sends nothing) and ends with the stream.
 */
export interface StreamTap extends TypedEmitter<StreamTapEvents> {
  readonly id: string;
  readonly stream: StreamRef;
  readonly kind: MediaKind;
  readonly codec: TapCodec;
  /** SSRC of the RTP the tap sends. */
  readonly ssrc: number;
  readonly closed: boolean;
  /** Asks the publisher for a key frame (video; a no-op for audio). */
  requestKeyFrame(): Promise<void>;
  /** Stops sending. Safe to call twice. */
  close(): void;
}

export type MediaRoom = SdpMediaRoom | TransportMediaRoom;

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

export type MediaEngineKind = 'janus' | 'mediasoup';

export interface MediaEngine extends TypedEmitter<MediaEngineEvents> {
  /** Which engine this is, for logs, metrics and the join response. */
  readonly kind: MediaEngineKind;
  readonly closed: boolean;
  /** True when at least one instance serves requests. */
  readonly ready: boolean;

  /**
   * Creates a room on the least-loaded instance. `id` is the caller's key, unique per engine:
   * rejects with a ConflictError when it is in use, with an UnavailableError when no instance
   * serves within the re-creation wait.
   */
  createRoom(id: string): Promise<MediaRoom>;

  /** The open room with this id, if any. */
  room(id: string): MediaRoom | undefined;

  stats(): MediaEngineStats;

  /** Pids of the running engine processes (Janus processes, mediasoup workers), by instance id. */
  instancePids(): Record<string, number | undefined>;

  /** Closes every room and stops every instance. Safe to call twice. */
  close(): Promise<void>;
}
