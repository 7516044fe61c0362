/**
 * The transport negotiation of docs/protocol.md ("Transport negotiation") over a bot's
 * SignalingClient: MediaSetup, ConnectTransport, Produce, ResumeConsumer, and reading the
 * ConsumersChanged push, with the wire's RTP vocabulary mapped by proto/rtp (the same mappings
 * as the server and the browser client).
 */
import {
  classroom,
  dtlsParametersToProto,
  iceParametersFromProto,
  mediaKinds,
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  transportDirections,
  transportOptionsFromProto,
  type DtlsParameters,
  type IceParameters,
  type RtpCapabilities,
  type RtpCapabilitiesInput,
  type RtpParameters,
  type RtpParametersInput,
  type TransportDirection,
  type TransportOptions,
} from '../../proto/index.js';
import type { ClientBody, ServerMessage } from './signalingClient.js';

const v1 = classroom.v1;

export type Source = 'microphone' | 'camera' | 'screen';
const SOURCES: Record<Source, classroom.v1.TrackSource> = {
  microphone: v1.TrackSource.TRACK_SOURCE_MICROPHONE,
  camera: v1.TrackSource.TRACK_SOURCE_CAMERA,
  screen: v1.TrackSource.TRACK_SOURCE_SCREEN,
};
const SOURCE_NAMES = new Map<number, Source>(Object.entries(SOURCES).map(([k, n]) => [n, k as Source]));

/** The router's capabilities from the JoinResponse (what a bot's device loads). */
export function routerCapabilities(join: classroom.v1.JoinResponse.$Properties): RtpCapabilities {
  if (!join.rtpCapabilities) throw new Error('the JoinResponse carries no RTP capabilities');
  return rtpCapabilitiesFromProto(join.rtpCapabilities);
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

/** Whatever sends a request and resolves with its answer (the bench's SignalingClient, the tests' TestClient). */
export interface Requester {
  request(body: ClientBody): Promise<ServerMessage>;
}

export class TransportSignal {
  readonly #requester: Requester;

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  /** Sends `body`; an Error answer rejects (whichever client the bot uses). */
  async #request(body: ClientBody): Promise<ServerMessage> {
    const m = await this.#requester.request(body);
    if (m.error) throw new Error(`${Object.keys(body).join()} refused: ${m.error.message ?? ''} (${m.error.code ?? 0})`);
    return m;
  }

  async mediaSetup(rtpCapabilities: RtpCapabilitiesInput): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    const m = await this.#request({ mediaSetup: { rtpCapabilities: rtpCapabilitiesToProto(rtpCapabilities) } });
    if (!m.mediaSetup) throw new Error('media setup answered without transports');
    return { send: transportOptionsFromProto(m.mediaSetup.send, 'send'), recv: transportOptionsFromProto(m.mediaSetup.recv, 'recv') };
  }

  async connectTransport(direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void> {
    await this.#request({ connectTransport: { direction: transportDirections.toProto(direction), dtlsParameters: dtlsParametersToProto(dtlsParameters) } });
  }

  async produce(source: Source, kind: 'audio' | 'video', rtpParameters: RtpParametersInput): Promise<string> {
    const m = await this.#request({ produce: { source: SOURCES[source], kind: mediaKinds.toProto(kind), rtpParameters: rtpParametersToProto(rtpParameters) } });
    if (!m.produce?.producerId) throw new Error('produce answered without a producer id');
    return m.produce.producerId;
  }

  async unpublish(source: Source): Promise<void> {
    await this.#request({ unpublish: { source: SOURCES[source] } });
  }

  async restartIce(direction: TransportDirection): Promise<IceParameters> {
    const m = await this.#request({ restartIce: { direction: transportDirections.toProto(direction) } });
    return iceParametersFromProto(m.restartIce?.iceParameters);
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    await this.#request({ resumeConsumer: { consumerId } });
  }
}
