/**
 * The fake engine's StreamListener (FakeTransportRoom.listen): a typed stand-in with no media. It
 * keeps the engine's rules that the signaling relies on: connect once, not after close, close
 * once with a reason; its room closes it as the real engine would (peer removed, stream gone,
 * room closed or reset).
 */
import { NotFoundError, TypedEmitter, ValidationError } from '../../../platform/index.js';
import type { DtlsParameters, ListenerConsumer, StreamListener, StreamListenerEvents, StreamRef, TransportOptions } from '../../../sfu/index.js';

export class FakeStreamListener extends TypedEmitter<StreamListenerEvents> implements StreamListener {
  readonly id: string;
  readonly peerId: string;
  readonly stream: StreamRef;
  readonly transport: TransportOptions;
  readonly consumer: ListenerConsumer;
  /** The DTLS parameters it was connected with, if any. */
  connectedWith: DtlsParameters | undefined;
  /** Why it closed, once it did. */
  closedBecause: StreamListenerEvents['closed'][0] | undefined;

  constructor(n: number, peerId: string, stream: StreamRef, transport: TransportOptions) {
    super();
    this.id = transport.id;
    this.peerId = peerId;
    this.stream = { peerId: stream.peerId, label: stream.label };
    this.transport = transport;
    this.consumer = {
      id: `listen-consumer-${n}`,
      producerId: `producer-of-${stream.peerId}/${stream.label}`,
      kind: 'audio',
      rtpParameters: { mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, rtcpFeedback: [] }], headerExtensions: [], encodings: [{ ssrc: 1000 + n }], rtcp: { cname: `c${n}`, reducedSize: true } },
    };
  }

  get closed(): boolean {
    return this.closedBecause !== undefined;
  }

  async connect(dtlsParameters: DtlsParameters): Promise<void> {
    if (this.closed) throw new NotFoundError('the first-sound transport is closed');
    if (this.connectedWith) throw new ValidationError('the first-sound transport is already connected');
    this.connectedWith = dtlsParameters;
  }

  close(): void {
    this.end('closed');
  }

  /** What the room does to it (and close() for the owner). */
  end(reason: StreamListenerEvents['closed'][0]): void {
    if (this.closed) return;
    this.closedBecause = reason;
    this.safeEmit('closed', reason);
    this.removeAllListeners();
  }
}
