/**
 * The codecs of every router and the capabilities peers load (docs/sfu.md, "mediasoup: rooms").
 *
 * Opus 48 kHz stereo and VP8: what every browser and the recorder handle,
 * and VP8 simulcast is the best supported. mediasoup adds an RTX codec for VP8 by itself.
 * Header extensions are mediasoup's defaults; without `transportWideCc` the transport-cc header
 * extension and feedback are withheld from peers, so libwebrtc negotiates REMB instead.
 */
import type { types } from 'mediasoup';

export const ROUTER_MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
];

export const TRANSPORT_CC_URI = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';

/** The router's capabilities as offered to peers: without transport-cc unless `transportWideCc`. */
export function peerCapabilities(router: types.RtpCapabilities, transportWideCc: boolean): types.RtpCapabilities {
  if (transportWideCc) return router;
  return {
    codecs: (router.codecs ?? []).map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc') })),
    headerExtensions: (router.headerExtensions ?? []).filter((h) => h.uri !== TRANSPORT_CC_URI),
  };
}
