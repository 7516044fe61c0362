/**
 * A tap (StreamTap): one mediasoup PlainTransport with one consumer of one producer, sending plain
 * RTP to the recorder's UDP port. `comedia` is off (we know where the recorder listens, and it
 * never sends first) and RTCP is multiplexed on the RTP port (the recorder's RTP demuxer reads
 * the sender reports from the same socket), so one port per tapped stream.
 *
 * The tap is owned by its RoomOnWorker (kept in a Set, dropped on `closed`). It closes with its
 * producer ('unpublished'), with the router ('room closed' / 'room reset', said by the owner
 * through parentClosed), or by close().
 */
import type { types } from 'mediasoup';
import { ClosedError, TypedEmitter, type Logger } from '../../platform/index.js';
import type { MediaKind, StreamRef, StreamTap as StreamTapApi, StreamTapEvents, TapCodec, TapTarget } from '../MediaEngineTypes.js';
import type { SfuMetrics } from '../metrics.js';
import { timed } from './timed.js';

type CloseReason = StreamTapEvents['closed'][0];

export class MediasoupStreamTap extends TypedEmitter<StreamTapEvents> implements StreamTapApi {
  readonly id: string;
  readonly stream: StreamRef;
  readonly kind: MediaKind;
  readonly codec: TapCodec;
  readonly ssrc: number;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  #closed = false;

  constructor(stream: StreamRef, transport: types.PlainTransport, consumer: types.Consumer, log: Logger) {
    super((event, error) => log.error({ err: error, event }, 'sfu tap listener threw'));
    this.id = consumer.id;
    this.stream = { peerId: stream.peerId, label: stream.label };
    this.kind = consumer.kind;
    const c = consumer.rtpParameters.codecs[0];
    if (!c) throw new Error('a tap consumer without a codec');
    this.codec = {
      mimeType: c.mimeType,
      payloadType: c.payloadType,
      clockRate: c.clockRate,
      ...(c.channels !== undefined ? { channels: c.channels } : {}),
      parameters: { ...(c.parameters as Record<string, string | number>) },
    };
    this.ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0;
    this.#transport = transport;
    this.#consumer = consumer;
    consumer.on('producerclose', () => this.#end('unpublished'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  async start(): Promise<void> {
    if (this.#closed) return;
    await this.#consumer.resume().catch(() => undefined); // closed meanwhile: nothing to start
  }

  async requestKeyFrame(): Promise<void> {
    if (this.#closed || this.kind !== 'video') return;
    await this.#consumer.requestKeyFrame().catch(() => undefined); // closed meanwhile: nothing to ask
  }

  close(): void {
    this.#end('closed');
  }

  /** The router closed (room closed, or its worker lost): the transport went with it. */
  parentClosed(reason: 'room closed' | 'room reset'): void {
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

/** What a tap consumer may use: the router's codecs without RTX (the recorder sends no NACK) and no header extensions. */
export function tapCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).filter((c) => !c.mimeType.toLowerCase().endsWith('/rtx')).map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}

/**
 * A paused tap of `producer` (a producer of `router`: the origin, the stream piped there if it
 * was published on another worker) to `target`. `closed` says whether the room closed meanwhile.
 */
export async function openTap(
  router: types.Router,
  producer: types.Producer,
  ref: StreamRef,
  target: Required<TapTarget>,
  ctx: { metrics: SfuMetrics; log: Logger; closed(): boolean },
): Promise<MediasoupStreamTap> {
  const transport = await timed(ctx.metrics, 'createPlainTransport', () =>
    router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false, appData: { tap: true } }),
  );
  try {
    await timed(ctx.metrics, 'connectPlainTransport', () => transport.connect({ ip: target.ip, port: target.port }));
    const consumer = await timed(ctx.metrics, 'consumeTap', () =>
      transport.consume({ producerId: producer.id, rtpCapabilities: tapCapabilities(router.rtpCapabilities), paused: true }),
    );
    if (ctx.closed() || consumer.closed) throw new ClosedError('media room');
    return new MediasoupStreamTap(ref, transport, consumer, ctx.log);
  } catch (err) {
    if (!transport.closed) transport.close();
    throw err;
  }
}
