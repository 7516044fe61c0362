/**
 * The narrow interface of the media core. It knows peers, rooms and streams, never lessons,
 * students or teachers (conventions §10). The mediasoup engine (sfu/mediasoup/) implements it,
 * run and supervised by this module; callers never see mediasoup itself.
 *
 * Media model: the engine creates a send and a receive transport per peer (`connectPeer`), the
 * peer produces one track per stream label (`produce`) and consumes what the engine announces
 * (`consumersChanged`, then `resumeConsumer`); the browser side is mediasoup-client.
 */
import type { Logger, Registry, TypedEmitter } from '../platform/index.js';
import type { ConsumersChange, DtlsParameters, IceParameters, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from './TransportNegotiationTypes.js';

/** A caller-chosen name for an outgoing track of a peer, e.g. "microphone", "camera", "screen". */
export type StreamLabel = string;

export interface StreamRef {
  peerId: string;
  label: StreamLabel;
}

export type MediaKind = 'audio' | 'video';

export interface PublishedStream extends StreamRef {
  mid: string;
  kind: MediaKind;
  /** True when the publisher sends simulcast encodings for this stream. */
  simulcast: boolean;
}

export type VideoLayer = 'high' | 'medium' | 'low' | 'off';

export interface MediaRoomEvents {
  [event: string]: unknown[];
  /**
   * The streams `peerId` receives changed: forward to the peer, which
   * consumes the added ones (then calls resumeConsumer) and closes the removed ones.
   */
  consumersChanged: [peerId: string, change: ConsumersChange];
  /**
   * The published streams of the room changed: a stream is published from produce() until it
   * is unpublished, replaced, its peer is removed or its transports are lost.
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
  /**
   * One peer lost its connections while the room went on: a room spread over several engine
   * instances (the cascade) lost the instance this peer was on. Its streams were unpublished
   * (announced by `streamsChanged`) and its consumers are gone; what it wants and at which layer
   * are kept. It must call connectPeer again (placed on a live instance), then publish again.
   */
  peerReset: [peerId: string, reason: string];
  /** The room was closed (by close() or by the engine shutting down). */
  closed: [];
}

/**
 * A room: its peers negotiate transports, producers and consumers. The engine is ICE-lite with
 * every candidate known up-front: no trickle.
 */
export interface MediaRoom extends TypedEmitter<MediaRoomEvents> {
  readonly id: string;
  readonly closed: boolean;

  /**
   * Sets exactly which streams `peerId` receives. Declarative: a listed stream that is not
   * published (yet, or any more) is received as soon as it is, without another call. A change
   * produces a `consumersChanged` event.
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
   * holds when the stream is produced again and applies to a stream published later; it is
   * forgotten with the peer's state (removePeer, reset).
   */
  setStreamEnabled(stream: StreamRef, enabled: boolean): Promise<void>;

  /** The streams currently published in the room. */
  streams(): PublishedStream[];

  /** Closes both transports of the peer and forgets it; its streams are unpublished. */
  removePeer(peerId: string): Promise<void>;

  /** Destroys the room in the engine. Safe to call twice. */
  close(): Promise<void>;

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

  /**
   * A receive-only WebRTC transport for `peerId` with one consumer of the published audio stream
   * `stream`, already flowing once the peer connects it (no resumeConsumer): a page that has no
   * media library yet hears it from a few lines of SDP. The consumer carries the room's Opus only,
   * without header extensions or RTCP feedback. It is apart from the peer's own transports (no
   * connectPeer needed, none closed) and in no subscription. Rejects with a NotFoundError when
   * the stream is not published, a ValidationError when it is not audio or an argument is bad.
   * Closed with the peer (removePeer), the stream, the room, or by its close().
   */
  listen(peerId: string, stream: StreamRef): Promise<StreamListener>;
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
  /**
   * Begins sending; a tap is made paused. Call it once the receiver listens: a video tap then
   * starts with a key frame (mediasoup asks for one on resume). Tapping and sending at once lost
   * the first second of every recorded camera: the key frame asked for at creation reached a
   * port nobody listened on yet, and the publisher ignores another request so soon after.
   */
  start(): Promise<void>;
  /** Asks the publisher for a key frame (video; a no-op for audio). */
  requestKeyFrame(): Promise<void>;
  /** Stops sending. Safe to call twice. */
  close(): void;
}

export interface StreamListenerEvents {
  [event: string]: unknown[];
  /**
   * The listener stopped for good: 'closed' (its close()), 'unpublished' (the stream is gone, or
   * replaced by a new publication of its label), 'peer removed' (removePeer of its peer),
   * 'transport failed' (its DTLS failed or was closed by the far side), 'room closed', 'room
   * reset'. Emitted once.
   */
  closed: [reason: 'closed' | 'unpublished' | 'peer removed' | 'transport failed' | 'room closed' | 'room reset'];
}

/** The one consumer of a listener: what an SDP offer of one m-line needs. */
export interface ListenerConsumer {
  id: string;
  producerId: string;
  kind: MediaKind;
  /** One codec (Opus), one encoding with its SSRC, no header extensions, no RTCP feedback. */
  rtpParameters: RtpParameters;
}

/**
 * One receive-only transport of a peer with one consumer of one published stream, flowing from
 * the moment ICE and DTLS complete (MediaRoom.listen). Its id is its transport's id.
 */
export interface StreamListener extends TypedEmitter<StreamListenerEvents> {
  readonly id: string;
  readonly peerId: string;
  readonly stream: StreamRef;
  /** The server side of the transport (direction 'recv'). */
  readonly transport: TransportOptions;
  readonly consumer: ListenerConsumer;
  readonly closed: boolean;
  /**
   * The peer's DTLS parameters, once. Rejects with a ValidationError when they are malformed or
   * the transport is already connected, a NotFoundError once the listener closed.
   */
  connect(dtlsParameters: DtlsParameters): Promise<void>;
  /** Closes the transport and its consumer. Safe to call twice. */
  close(): void;
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

export type MediaEngineKind = 'mediasoup';

/** What the composition root hands an engine. */
export interface MediaEngineDeps {
  logger: Logger;
  /** The app's private metrics registry (never prom-client's global one). */
  registry: Registry;
}

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

  /** Pids of the running mediasoup workers, by instance id. */
  instancePids(): Record<string, number | undefined>;

  /**
   * The instance peer `peerId` of room `roomId` has its connections on, once it connected (a
   * room spread over several instances places each peer by load): for supervision tests and tools.
   */
  instanceOfPeer(roomId: string, peerId: string): string | undefined;

  /** Closes every room and stops every instance. Safe to call twice. */
  close(): Promise<void>;
}
