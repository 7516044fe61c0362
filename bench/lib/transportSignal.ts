/**
 * The transport negotiation of docs/protocol.md ("Transport negotiation") over a bot's
 * SignalingClient: MediaSetup, ConnectTransport, Produce, ResumeConsumer, and reading the
 * ConsumersChanged push, with the wire's RTP vocabulary mapped by proto/rtp (the same mappings
 * as the server and the browser client).
 */
import {
  classroom,
  dtlsParametersToProto,
  mediaKinds,
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  transportDirections,
  transportOptionsFromProto,
  type DtlsParameters,
  type RtpCapabilities,
  type RtpCapabilitiesInput,
  type RtpParameters,
  type RtpParametersInput,
  type TransportDirection,
  type TransportOptions,
} from '../../proto/index.js';
import type { ServerMessage, SignalingClient } from './signalingClient.js';

const v1 = classroom.v1;

export type Source = 'microphone' | 'camera' | 'screen';
const SOURCES: Record<Source, classroom.v1.TrackSource> = {
  microphone: v1.TrackSource.TRACK_SOURCE_MICROPHONE,
  camera: v1.TrackSource.TRACK_SOURCE_CAMERA,
  screen: v1.TrackSource.TRACK_SOURCE_SCREEN,
};
const SOURCE_NAMES = new Map<number, Source>(Object.entries(SOURCES).map(([k, n]) => [n, k as Source]));

/** The JoinResponse's word on media: null for SDP (Janus), the router's capabilities for TRANSPORT. */
export function routerCapabilities(join: classroom.v1.JoinResponse.$Properties): RtpCapabilities | null {
  if (join.mediaNegotiation === v1.MediaNegotiation.MEDIA_NEGOTIATION_TRANSPORT) return rtpCapabilitiesFromProto(join.rtpCapabilities);
  if (join.mediaNegotiation === v1.MediaNegotiation.MEDIA_NEGOTIATION_SDP) return null;
  throw new Error(`unknown media negotiation ${String(join.mediaNegotiation)}`);
}

export interface BotConsumer {
  id: string;
  producerId: string;
  participantId: string;
  source: Source;
  kind: 'audio' | 'video';
  rtpParameters: RtpParameters;
}

export interface BotConsumersChange {
  transportId: string;
  added: BotConsumer[];
  removed: string[];
}

/** The ConsumersChanged push of `m`, if it is one. */
export function consumersChangeOf(m: ServerMessage): BotConsumersChange | null {
  const c = m.consumersChanged;
  if (!c) return null;
  return {
    transportId: c.transportId ?? '',
    removed: [...(c.removed ?? [])],
    added: (c.added ?? []).map((a) => ({
      id: a.id ?? '',
      producerId: a.producerId ?? '',
      participantId: a.participantId ?? '',
      source: SOURCE_NAMES.get(a.source ?? 0) ?? 'camera',
      kind: mediaKinds.fromProto(a.kind),
      rtpParameters: rtpParametersFromProto(a.rtpParameters),
    })),
  };
}

export class TransportSignal {
  constructor(readonly signaling: SignalingClient) {}

  async mediaSetup(rtpCapabilities: RtpCapabilitiesInput): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    const m = await this.signaling.request({ mediaSetup: { rtpCapabilities: rtpCapabilitiesToProto(rtpCapabilities) } });
    if (!m.mediaSetup) throw new Error('media setup answered without transports');
    return { send: transportOptionsFromProto(m.mediaSetup.send, 'send'), recv: transportOptionsFromProto(m.mediaSetup.recv, 'recv') };
  }

  async connectTransport(direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    await this.signaling.request({ connectTransport: { direction: transportDirections.toProto(direction), dtlsParameters: dtlsParametersToProto(dtlsParameters) } });
  }

  async produce(source: Source, kind: 'audio' | 'video', rtpParameters: RtpParametersInput): Promise<string> {
    const m = await this.signaling.request({ produce: { source: SOURCES[source], kind: mediaKinds.toProto(kind), rtpParameters: rtpParametersToProto(rtpParameters) } });
    if (!m.produce?.producerId) throw new Error('produce answered without a producer id');
    return m.produce.producerId;
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    await this.signaling.request({ resumeConsumer: { consumerId } });
  }
}
