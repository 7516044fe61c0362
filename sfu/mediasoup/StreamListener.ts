/**
 * A listener (StreamListener, MediaRoom.listen): one receive-only mediasoup WebRtcTransport of a
 * peer with one consumer of one published audio stream, made on the room's origin router like a
 * tap (the stream piped there if it was published on another worker). The consumer is made NOT
 * paused: a page that hand-writes its SDP sends no ResumeConsumer, and the first packet leaves as
 * soon as ICE and DTLS complete. It takes Opus only, without header extensions or RTCP feedback,
 * so the page's offer is one audio m-line with one payload type and one SSRC.
 *
 * Owned by its RoomOnWorker (kept in a Set, dropped on `closed`). It closes with its producer
 * ('unpublished'), its peer (removePeer: 'peer removed', said by the owner), its transport's
 * DTLS failing ('transport failed'), the router ('room closed' / 'room reset', through
 * parentClosed), or by close().
 */
import type { types } from 'mediasoup';
import { ClosedError, NotFoundError, TypedEmitter, ValidationError, type Logger } from '../../platform/index.js';
import type { ListenerConsumer, StreamListener as StreamListenerApi, StreamListenerEvents, StreamRef } from '../MediaEngineTypes.js';
import type { SfuMetrics } from '../metrics.js';
import type { DtlsParameters, TransportOptions } from '../TransportNegotiationTypes.js';
import { validated } from './mediasoupErrors.js';
import { dtlsToMediasoup, parametersFromMediasoup, transportOptions } from './ortcMapping.js';
import { timed } from './timed.js';

type CloseReason = StreamListenerEvents['closed'][0];

export class MediasoupStreamListener extends TypedEmitter<StreamListenerEvents> implements StreamListenerApi {
  readonly id: string;
  readonly peerId: string;
  readonly stream: StreamRef;
  readonly transport: TransportOptions;
  readonly consumer: ListenerConsumer;
  readonly #transport: types.WebRtcTransport;
  readonly #metrics: SfuMetrics;
  #connected = false;
  #closed = false;

  constructor(peerId: string, stream: StreamRef, transport: types.WebRtcTransport, consumer: types.Consumer, ctx: { metrics: SfuMetrics; log: Logger }) {
    super((event, error) => ctx.log.error({ err: error, event }, 'sfu stream listener: an event handler threw'));
    this.id = transport.id;
    this.peerId = peerId;
    this.stream = { peerId: stream.peerId, label: stream.label };
    this.transport = transportOptions(transport, 'recv');
    this.consumer = { id: consumer.id, producerId: consumer.producerId, kind: consumer.kind, rtpParameters: parametersFromMediasoup(consumer.rtpParameters) };
    this.#transport = transport;
    this.#metrics = ctx.metrics;
    consumer.on('producerclose', () => this.#end('unpublished'));
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') this.#end('transport failed');
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  async connect(dtlsParameters: DtlsParameters): Promise<void> {
    const dtls = validated('dtlsParameters', () => dtlsToMediasoup(dtlsParameters));
    if (this.#closed) throw new NotFoundError('the first-sound transport is closed');
    if (this.#connected) throw new ValidationError('the first-sound transport is already connected');
    this.#connected = true;
    try {
      await timed(this.#metrics, 'connectListener', () => this.#transport.connect({ dtlsParameters: dtls }));
    } catch (err) {
      this.#connected = false;
      throw err;
    }
  }

  close(): void {
    this.#end('closed');
  }

  /** The owner closed it: its peer was removed, or the router closed (the transport went with it). */
  parentClosed(reason: 'peer removed' | 'room closed' | 'room reset'): void {
    this.#end(reason);
  }

  #end(reason: CloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#transport.closed) this.#transport.close();
    this.safeEmit('closed', reason);
    this.removeAllListeners();
  }
}

/** What a listener's consumer may use: the router's Opus alone, no RTCP feedback, no header extensions. */
export function listenerCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).filter((c) => c.mimeType.toLowerCase() === 'audio/opus').map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}

/**
 * A flowing listener of `producer` (a producer of `router`, the origin) on `transport` (a fresh
 * receive transport of that router, closed here when this fails). `closed` says whether the room
 * closed meanwhile.
 */
export async function openListener(
  router: types.Router,
  transport: types.WebRtcTransport,
  producer: types.Producer,
  at: { peerId: string; stream: StreamRef },
  ctx: { metrics: SfuMetrics; log: Logger; closed(): boolean },
): Promise<MediasoupStreamListener> {
  try {
    if (producer.kind !== 'audio') throw new ValidationError('only an audio stream can be listened to');
    const consumer = await timed(ctx.metrics, 'consumeListener', () =>
      transport.consume({ producerId: producer.id, rtpCapabilities: listenerCapabilities(router.rtpCapabilities), paused: false, appData: { peerId: at.peerId, listener: true } }),
    );
    ctx.metrics.resourceOpened('consumer');
    consumer.observer.once('close', () => ctx.metrics.resourceClosed('consumer'));
    if (ctx.closed()) throw new ClosedError('media room');
    if (consumer.closed) throw new NotFoundError('stream not published');
    return new MediasoupStreamListener(at.peerId, at.stream, transport, consumer, ctx);
  } catch (err) {
    if (!transport.closed) transport.close();
    throw err;
  }
}
