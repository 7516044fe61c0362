/**
 * Media on the wire, both ways (docs/protocol.md "Media negotiation"): the media state, quality
 * reports, preferences and restarts, the transport negotiation (transportCodec.ts) and the first
 * sound (firstSoundCodec.ts). The RTP vocabulary's mappings are shared with the browser client
 * (proto/rtp/rtpWire.ts).
 */
import type { MediaSource } from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import type { classroom } from '../../../proto/index.js';
import type { RtpCapabilities, TransportOptions } from '../../../sfu/index.js';
import { trackSources, videoLayers } from '../../codec/enums.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import type { VideoLayerChoice } from '../../codec/messages.js';
import { list, required, text, uint, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import { rtpCapabilitiesToProto, transportOptionsToProto } from '../../../proto/index.js';
import { firstSoundDecoders, firstSoundEncoders, type FirstSoundBody, type FirstSoundRequest } from './firstSoundCodec.js';
import { capsToWire, transportDecoders, transportEncoders, type TransportBody, type TransportRequest } from './transportCodec.js';

export type MediaRequest =
  | { type: 'setVideoPreferences'; preferences: Array<{ participantId: string; source: 'camera' | 'screen'; layer: VideoLayerChoice }> }
  | { type: 'setMediaState'; micOn: boolean; cameraOn: boolean; screenOn: boolean }
  | { type: 'qualityReport'; rttMs: number; lossPermille: number; availableOutgoingKbps: number }
  | { type: 'restartMedia' }
  | TransportRequest
  | FirstSoundRequest;

export type MediaBody =
  | { type: 'mediaReset'; reason: string }
  | { type: 'forcedMediaOff'; source: MediaSource; byParticipantId: string }
  | TransportBody
  | FirstSoundBody;

export const decoders: DecoderTable<MediaRequest> = {
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
  ...firstSoundDecoders,
};

export const encoders: EncoderTable<MediaBody> = {
  mediaReset: (b) => ({ mediaReset: { reason: b.reason } }),
  forcedMediaOff: (b) => ({ forcedMediaOff: { source: trackSources.toWire(b.source), byParticipantId: b.byParticipantId } }),
  ...transportEncoders,
  ...firstSoundEncoders,
};

/**
 * The JoinResponse's media fields: the capabilities the client's device loads and, when the join
 * asked for them, the transports made at the join (the MediaSetupResponse's shape).
 */
export function joinMediaToProto(
  rtpCapabilities: RtpCapabilities,
  media?: { send: Omit<TransportOptions, 'direction'>; recv: Omit<TransportOptions, 'direction'> },
): Pick<classroom.v1.JoinResponse.$Properties, 'rtpCapabilities' | 'media'> {
  return {
    rtpCapabilities: rtpCapabilitiesToProto(capsToWire(rtpCapabilities)),
    media: media ? { send: transportOptionsToProto(media.send), recv: transportOptionsToProto(media.recv) } : null,
  };
}
