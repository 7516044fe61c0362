/**
 * Media negotiation on the wire, both ways (docs/protocol.md "Media negotiation"): the SDP
 * messages (Janus), the media state and quality reports, and the transport negotiation
 * (mediasoup, transportCodec.ts). The RTP vocabulary's mappings are shared with the browser
 * client (proto/rtp/rtpWire.ts).
 */
import type { MediaSource } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import { classroom } from '../../../proto/index.js';
import type { RtpCapabilities } from '../../../sfu/index.js';
import { mediaTargets, trackSources, videoLayers } from '../../codec/enums.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import type { MediaTargetName, VideoLayerChoice } from '../../codec/messages.js';
import { list, required, text, uint, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import { capsToWire, transportDecoders, transportEncoders, type TransportBody, type TransportRequest } from './transportCodec.js';
import { rtpCapabilitiesToProto } from '../../../proto/index.js';

const v1 = classroom.v1;

/** How this server negotiates media, for the JoinResponse. */
export type MediaNegotiationView = { negotiation: 'sdp' } | { negotiation: 'transport'; rtpCapabilities: RtpCapabilities };

export interface SubscribedTrackView {
  mid: string;
  participantId: string;
  source: MediaSource;
}

export type MediaRequest =
  | { type: 'publish'; sdp: string; tracks: Array<{ mid: string; source: MediaSource }> }
  | { type: 'subscriberAnswer'; revision: number; sdp: string }
  | { type: 'trickle'; target: MediaTargetName; candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null }
  | { type: 'setVideoPreferences'; preferences: Array<{ participantId: string; source: 'camera' | 'screen'; layer: VideoLayerChoice }> }
  | { type: 'setMediaState'; micOn: boolean; cameraOn: boolean; screenOn: boolean }
  | { type: 'qualityReport'; rttMs: number; lossPermille: number; availableOutgoingKbps: number }
  | { type: 'restartMedia' }
  | TransportRequest;

export type MediaBody =
  | { type: 'publish'; sdp: string }
  | { type: 'subscriberOffer'; revision: number; sdp: string; tracks: SubscribedTrackView[] }
  | { type: 'mediaReset'; reason: string }
  | { type: 'forcedMediaOff'; source: MediaSource; byParticipantId: string }
  | TransportBody;

export const decoders: DecoderTable<MediaRequest> = {
  publish: (m) => {
    const p = required(m.publish, 'publish');
    const sdp = text(p.sdp, 'sdp', L.sdpChars);
    if (!sdp) throw new ValidationError('sdp is missing');
    const tracks = list(p.tracks, 'tracks', L.tracks).map((t) => ({
      mid: text(t.mid, 'mid', L.idChars),
      source: trackSources.fromWire(t.source, 'tracks.source'),
    }));
    return { type: 'publish', sdp, tracks };
  },
  subscriberAnswer: (m) => {
    const a = required(m.subscriberAnswer, 'subscriber_answer');
    const sdp = text(a.sdp, 'sdp', L.sdpChars);
    if (!sdp) throw new ValidationError('sdp is missing');
    return { type: 'subscriberAnswer', revision: uint(a.revision), sdp };
  },
  trickle: (m) => {
    const t = required(m.trickle, 'trickle');
    const target = mediaTargets.fromWire(t.target, 'target');
    if (t.completed) return { type: 'trickle', target, candidate: null };
    const candidate = text(t.candidate, 'candidate', L.candidateChars);
    if (!candidate) throw new ValidationError('candidate is missing');
    return { type: 'trickle', target, candidate: { candidate, sdpMid: text(t.sdpMid, 'sdp_mid', L.idChars), sdpMLineIndex: uint(t.sdpMlineIndex) } };
  },
  setVideoPreferences: (m) => {
    const prefs = list(m.setVideoPreferences?.preferences, 'preferences', L.listItems).map((p) => {
      const source = trackSources.fromWire(p.source, 'preferences.source');
      if (source === 'microphone') throw new ValidationError('preferences.source must be camera or screen');
      return { participantId: text(p.participantId, 'participant_id', L.idChars), source, layer: videoLayers.fromWire(p.layer, 'preferences.layer') };
    });
    return { type: 'setVideoPreferences', preferences: prefs };
  },
  setMediaState: (m) => {
    const s = required(m.setMediaState, 'set_media_state');
    return { type: 'setMediaState', micOn: Boolean(s.micOn), cameraOn: Boolean(s.cameraOn), screenOn: Boolean(s.screenOn) };
  },
  qualityReport: (m) => {
    const q = required(m.qualityReport, 'quality_report');
    return { type: 'qualityReport', rttMs: uint(q.rttMs), lossPermille: Math.min(1000, uint(q.lossPermille)), availableOutgoingKbps: uint(q.availableOutgoingKbps) };
  },
  restartMedia: () => ({ type: 'restartMedia' }),
  ...transportDecoders,
};

export const encoders: EncoderTable<MediaBody> = {
  publish: (b) => ({ publish: { sdp: b.sdp } }),
  subscriberOffer: (b) => ({
    subscriberOffer: {
      revision: b.revision,
      sdp: b.sdp,
      tracks: b.tracks.map((t) => ({ mid: t.mid, participantId: t.participantId, source: trackSources.toWire(t.source) })),
    },
  }),
  mediaReset: (b) => ({ mediaReset: { reason: b.reason } }),
  forcedMediaOff: (b) => ({ forcedMediaOff: { source: trackSources.toWire(b.source), byParticipantId: b.byParticipantId } }),
  ...transportEncoders,
};

/** The JoinResponse's media fields. */
export function negotiationToProto(n: MediaNegotiationView): Pick<classroom.v1.JoinResponse.$Properties, 'mediaNegotiation' | 'rtpCapabilities'> {
  return n.negotiation === 'sdp'
    ? { mediaNegotiation: v1.MediaNegotiation.MEDIA_NEGOTIATION_SDP, rtpCapabilities: null }
    : { mediaNegotiation: v1.MediaNegotiation.MEDIA_NEGOTIATION_TRANSPORT, rtpCapabilities: rtpCapabilitiesToProto(capsToWire(n.rtpCapabilities)) };
}
