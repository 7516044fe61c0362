/**
 * Key frames and their requests, logged at debug level (bench:failover's timeline, issue 10):
 * a new video consumer's first decoded frame waits for the page's renegotiation, its resume, a
 * key frame request to the publisher, the publisher's key frame and its way to the page. The
 * worker reports each of those to us only when asked (`enableTraceEvent`), which costs a channel
 * request per producer and consumer and a notification per traced packet: done only when the
 * room's logger writes debug lines, never in production's default ("info"). The peers'
 * transports' ICE and DTLS states are logged the same way (traceTransportStates).
 */
import type { Logger } from '../../platform/index.js';
import type { StreamRef } from '../MediaEngineTypes.js';

/** Traces logged per producer or consumer: the first ones are what a timeline needs; a lossy link would otherwise log every PLI. */
export const MAX_TRACES = 30;

const TYPES = ['keyframe', 'pli', 'fir'] as const;

interface Traced {
  /** The peer that publishes (producer) or receives (consumer). */
  peer: string;
  stream: StreamRef;
}

/** One log line's fields for a trace (bench/failover/timeline.ts parses `sfu: key frame trace`). */
export function traceFields(role: 'producer' | 'consumer', id: Traced, trace: KeyFrameTraceData): Record<string, unknown> {
  // The worker may send a trace without its info (mediasoup then leaves `info` undefined).
  const info: Record<string, unknown> = trace.info ?? {};
  const packet = info['rtpPacket'] as { ssrc?: unknown; rid?: unknown } | undefined;
  // A key frame names its packet's stream; a PLI or FIR the stream it asks a key frame of.
  const ssrc = packet?.ssrc ?? info['ssrc'];
  return {
    peer: id.peer,
    stream: `${id.stream.peerId}/${id.stream.label}`,
    role,
    trace: trace.type,
    direction: trace.direction,
    ...(typeof ssrc === 'number' ? { ssrc } : {}),
    ...(typeof packet?.rid === 'string' && packet.rid ? { rid: packet.rid } : {}),
  };
}

/** A trace the worker reports (mediasoup's ProducerTraceEventData / ConsumerTraceEventData). */
export interface KeyFrameTraceData {
  type: string;
  direction: string;
  info: Record<string, unknown> | undefined;
}

/** What tracing needs of a mediasoup producer or consumer (both are one). */
export interface TraceTarget {
  readonly kind: string;
  on(event: 'trace', listener: (trace: KeyFrameTraceData) => void): unknown;
  /** Consumers only: the layers the worker forwards now (none: undefined). */
  on(event: 'layerschange', listener: (layers?: { spatialLayer: number }) => void): unknown;
  enableTraceEvent(types: Array<(typeof TYPES)[number]>): Promise<void>;
}

/**
 * Logs (debug) the key frames a video producer receives and the key frame requests it sends, or
 * the key frames a video consumer sends to its page, the requests the page sends back and the
 * consumer's layer changes (when the worker starts forwarding a layer). Does nothing for audio or
 * when debug is off.
 */
export function traceKeyFrames(log: Logger, role: 'producer' | 'consumer', target: TraceTarget, id: Traced): void {
  if (target.kind !== 'video' || !log.isLevelEnabled('debug')) return;
  let left = MAX_TRACES;
  target.on('trace', (trace) => {
    if (left-- <= 0) return;
    log.debug(traceFields(role, id, trace), 'sfu: key frame trace');
  });
  if (role === 'consumer') {
    target.on('layerschange', (layers) => log.debug({ peer: id.peer, stream: `${id.stream.peerId}/${id.stream.label}`, role, trace: 'layers', spatial: layers?.spatialLayer ?? -1 }, 'sfu: key frame trace'));
  }
  target.enableTraceEvent([...TYPES]).catch(() => undefined); // closed meanwhile: nothing to trace
}

/** What tracing needs of a mediasoup WebRtcTransport. */
export interface TransportStateTarget {
  on(event: 'icestatechange' | 'dtlsstatechange', listener: (state: string) => void): unknown;
}

/**
 * Logs (debug) a peer's transport's ICE and DTLS states as the worker sees them change: on the
 * failover timeline, whether a page's transport waited for ICE, for its ConnectTransport (the
 * worker ignores the page's DTLS until it has the page's fingerprint and role, and the page then
 * resends only after its retransmission timer) or for the handshake itself. Nothing when debug is off.
 */
export function traceTransportStates(log: Logger, transport: TransportStateTarget, peer: string, direction: string): void {
  if (!log.isLevelEnabled('debug')) return;
  transport.on('icestatechange', (state) => log.debug({ peer, direction, ice: state }, 'sfu: transport state'));
  transport.on('dtlsstatechange', (state) => log.debug({ peer, direction, dtls: state }, 'sfu: transport state'));
}
