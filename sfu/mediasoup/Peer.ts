/**
 * A peer of a room on one worker: its two transports, its producers (one per stream label), its
 * consumers (one per stream it receives), what it wants to receive and at which layer. Plain
 * state: RoomOnWorker creates and closes the mediasoup objects and keeps these maps in step.
 */
import type { types } from 'mediasoup';
import { NotFoundError } from '../../platform/index.js';
import type { PublishedStream, StreamRef, VideoLayer } from '../MediaEngineTypes.js';
import type { TransportDirection } from '../TransportNegotiationTypes.js';
import type { RouterSlot } from './RouterSlot.js';

export interface ConsumerEntry {
  consumer: types.Consumer;
  ref: StreamRef;
  producerId: string;
  /** The producer it consumes, on the peer's router (the publisher's, or its pipe producer there). */
  producer: types.Producer;
  /** Simulcast encodings of the producer (1 without simulcast). */
  encodings: number;
  /** The peer called resumeConsumer: it is ready for packets. */
  resumedByPeer: boolean;
  /** The layer last applied to the consumer (undefined: none yet). */
  applied: VideoLayer | undefined;
}

export class Peer {
  readonly id: string;
  /** What the peer's device can receive (from connectPeer); undefined before it connected. */
  caps: types.RtpCapabilities | undefined;
  /** The router (worker) the peer's transports are on; chosen at its first connectPeer, again after that worker died. */
  slot: RouterSlot | undefined;
  send: types.WebRtcTransport | undefined;
  recv: types.WebRtcTransport | undefined;
  /** Ids of the transports whose DTLS parameters the peer gave (connect() is once per transport). */
  readonly connected = new Set<string>();
  /** By stream label, in publish order. */
  readonly producers = new Map<string, types.Producer>();
  /** By stream key (checks.ts streamKey). */
  readonly consumers = new Map<string, ConsumerEntry>();
  /** What the caller wants this peer to receive, by stream key. */
  wanted = new Map<string, StreamRef>();
  /** The most each stream may use, by stream key (default 'high'). */
  readonly layers = new Map<string, VideoLayer>();

  constructor(id: string) {
    this.id = id;
  }

  /** The transport of `direction`; a NotFoundError when the peer has not connected (connectPeer). */
  transport(direction: TransportDirection): types.WebRtcTransport {
    const t = direction === 'send' ? this.send : this.recv;
    if (!t || t.closed) throw new NotFoundError(`no ${direction} transport: set up media first`);
    return t;
  }

  /** The peer's published streams, in publish order. */
  published(): PublishedStream[] {
    return [...this.producers].map(([label, p]) => ({ peerId: this.id, label, mid: p.rtpParameters.mid ?? '', kind: p.kind, simulcast: (p.rtpParameters.encodings?.length ?? 1) > 1 }));
  }

  consumerById(consumerId: string): ConsumerEntry | undefined {
    for (const entry of this.consumers.values()) if (entry.consumer.id === consumerId) return entry;
    return undefined;
  }

  /** `transport` is gone (its DTLS closed or failed): closed and forgotten, with its consumers when it received. */
  dropTransport(transport: types.WebRtcTransport): void {
    if (this.send === transport) this.send = undefined;
    if (this.recv === transport) {
      this.recv = undefined;
      this.consumers.clear();
    }
    transport.close();
  }

  /**
   * Closes both transports; mediasoup closes their producers and consumers with them (their
   * `transportclose` handlers run synchronously, before this returns). The consumers are
   * forgotten without being announced: the peer that starts over has dropped them already.
   */
  closeTransports(): void {
    const send = this.send;
    const recv = this.recv;
    this.send = undefined;
    this.recv = undefined;
    this.connected.clear();
    this.consumers.clear();
    send?.close();
    recv?.close();
  }
}
