/**
 * The publishing half of a bot on a server that negotiates with transports (mediasoup):
 * mediasoup-client's Device in Node on @roamhq/wrtc (the Chrome111 handler over wrtc's
 * RTCPeerConnection, as the spike proved), one send transport, a producer per track. The
 * camera's simulcast encodings are ordered low -> high, mediasoup's order.
 *
 * libwebrtc keeps native threads alive: the process must call process.exit() at the end.
 */
import { Device, type types } from 'mediasoup-client';
import type { RtpCapabilities, RtpParameters, TransportOptions } from '../../proto/index.js';
import type { Source, TransportSignal } from './transportSignal.js';
import { installWrtcGlobals, type MediaTrack, type StatsEntry } from './wrtc.js';

installWrtcGlobals();

/** The server's options as mediasoup-client takes them (it types a few strings as closed lists). */
export function clientTransportOptions(t: TransportOptions): types.TransportOptions {
  return {
    id: t.id,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates.map((c) => ({ ...c, ip: c.address })),
    dtlsParameters: { ...(t.dtlsParameters.role ? { role: t.dtlsParameters.role } : {}), fingerprints: t.dtlsParameters.fingerprints.map((f) => ({ algorithm: algorithm(f.algorithm), value: f.value })) },
    iceServers: [],
  };
}

const ALGORITHMS = ['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512'] as const;
function algorithm(a: string): types.FingerprintAlgorithm {
  const found = ALGORITHMS.find((x) => x === a);
  if (!found) throw new Error(`unknown fingerprint algorithm ${a}`);
  return found;
}

const URIS: ReadonlySet<string> = new Set<types.RtpHeaderExtensionUri>([
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
  'urn:3gpp:video-orientation',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'urn:mediasoup:params:rtp-hdrext:packet-id',
]);
function knownUri(uri: string): uri is types.RtpHeaderExtensionUri {
  return URIS.has(uri);
}

/** The router's capabilities as mediasoup-client's Device loads them. */
export function clientRouterCapabilities(caps: RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (caps.codecs ?? []).flatMap((c) => (c.preferredPayloadType === undefined ? [] : [{ ...c, preferredPayloadType: c.preferredPayloadType }])),
    headerExtensions: (caps.headerExtensions ?? []).flatMap((h) => {
      const uri = h.uri;
      return knownUri(uri) ? [{ ...h, uri }] : [];
    }),
  };
}

/**
 * A consumer's parameters as mediasoup-client takes them, with the defaults its own validation
 * fills in (its SDP helpers, used directly by the raw subscriber, expect every list present).
 */
export function clientRtpParameters(p: RtpParameters): types.RtpParameters {
  return {
    ...p,
    codecs: p.codecs.map((c) => ({ ...c, parameters: c.parameters ?? {}, rtcpFeedback: (c.rtcpFeedback ?? []).map((f) => ({ type: f.type, parameter: f.parameter ?? '' })) })),
    headerExtensions: (p.headerExtensions ?? []).flatMap((h) => {
      const uri = h.uri;
      return knownUri(uri) ? [{ ...h, encrypt: h.encrypt ?? false, parameters: h.parameters ?? {} }].map((x) => ({ ...x, uri })) : [];
    }),
    encodings: p.encodings ?? [],
    rtcp: { reducedSize: true, ...p.rtcp },
  };
}

export interface TransportPublisherTrack {
  source: Source;
  /** wrtc's track (mediasoup-client types it as the DOM's MediaStreamTrack). */
  track: MediaTrack;
  encodings?: types.RtpEncodingParameters[];
}

export class TransportPublisher {
  readonly #device = new Device({ handlerName: 'Chrome111' });
  #send: types.Transport | undefined;
  readonly #producers: types.Producer[] = [];

  /** Loads the router's capabilities, sets up the transports (MediaSetup) and produces every track. */
  async start(signal: TransportSignal, routerCapabilities: RtpCapabilities, tracks: TransportPublisherTrack[]): Promise<void> {
    await this.#device.load({ routerRtpCapabilities: clientRouterCapabilities(routerCapabilities) });
    const { send } = await signal.mediaSetup(this.#device.rtpCapabilities);
    const transport = this.#device.createSendTransport(clientTransportOptions(send));
    this.#send = transport;
    transport.on('connect', ({ dtlsParameters }, callback, errback) => void signal.connectTransport('send', dtlsParameters).then(callback, errback));
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      void signal.produce(appData['source'] as Source, kind, rtpParameters).then((id) => callback({ id }), errback);
    });
    for (const t of tracks) {
      const track: types.ProducerOptions['track'] = t.track as unknown as types.ProducerOptions['track'];
      this.#producers.push(await transport.produce({ track, ...(t.encodings ? { encodings: t.encodings } : {}), stopTracks: false, appData: { source: t.source } }));
    }
  }

  get connectionState(): string {
    return this.#send?.connectionState ?? 'new';
  }

  /** The send transport's stats entries (outbound-rtp and the rest). */
  async stats(): Promise<StatsEntry[]> {
    const out: StatsEntry[] = [];
    const report = (await this.#send?.getStats()) as unknown as { forEach(cb: (s: StatsEntry) => void): void } | undefined;
    report?.forEach((s) => out.push(s));
    return out;
  }

  close(): void {
    for (const p of this.#producers) p.close();
    this.#send?.close();
  }
}
