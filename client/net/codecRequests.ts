import { classroom, PROTOCOL_VERSION } from '../../proto/index.js';
import { clampUint32, trackSourceToProto } from './codecEnums.js';
import { videoPreferenceToProto } from './codecMedia.js';
import { featureRequests } from './features/index.js';
import type { RequestEncoders } from './features/FeatureCodecTypes.js';
import type { ClientRequest, CoreRequest, LessonSettingsChange } from './types.js';

import pb = classroom.v1;

/** The live room's own requests; each live feature's come from net/features/. */
const coreRequests: RequestEncoders<CoreRequest> = {
  join: (r) => ({
    join: {
      protocolVersion: PROTOCOL_VERSION,
      lessonId: r.lessonId,
      joinToken: r.joinToken,
      displayName: r.displayName,
      lessonPassword: r.lessonPassword,
      resumeToken: r.resumeToken,
      routeTicket: r.routeTicket ?? '',
      micOn: r.micOn,
      cameraOn: r.cameraOn,
      mediaAtJoin: r.mediaAtJoin ?? false,
    },
  }),
  leave: () => ({ leave: {} }),
  setVideoPreferences: (r) => ({ setVideoPreferences: { preferences: r.preferences.map(videoPreferenceToProto) } }),
  setMediaState: (r) => ({ setMediaState: { micOn: r.micOn, cameraOn: r.cameraOn, screenOn: r.screenOn } }),
  qualityReport: (r) => ({
    qualityReport: { rttMs: clampUint32(r.rttMs), lossPermille: clampUint32(r.lossPermille), availableOutgoingKbps: clampUint32(r.availableOutgoingKbps) },
  }),
  restartMedia: () => ({ restartMedia: {} }),
  sendChat: (r) => ({ sendChat: { text: r.text } }),
  endLesson: () => ({ endLesson: {} }),
  admit: (r) => ({ admit: { participantIds: [...r.participantIds], all: r.all } }),
  deny: (r) => ({ deny: { participantId: r.participantId, reason: r.reason } }),
  updateSettings: (r) => ({ updateSettings: settingsChangeToProto(r) }),
  forceMediaOff: (r) => ({ forceMediaOff: { participantId: r.participantId, all: r.all, source: trackSourceToProto(r.source) } }),
  removeParticipant: (r) => ({ removeParticipant: { participantId: r.participantId, reason: r.reason } }),
  setScreenSharePermission: (r) => ({ setScreenSharePermission: { participantId: r.participantId, allowed: r.allowed } }),
  getAttendance: () => ({ getAttendance: {} }),
};

/** One encoder per request (the compiler checks that none is missing). */
const requests: RequestEncoders<ClientRequest> = { ...coreRequests, ...featureRequests };

/** The body of a ClientMessage for one domain request (the oneof field and its value). */
export function clientRequestToProto(request: ClientRequest): pb.ClientMessage.$Properties {
  // Keyed by request type: the encoder found was written for requests of exactly this type.
  const encode = requests[request.type] as ((r: ClientRequest) => pb.ClientMessage.$Properties) | undefined;
  if (!encode) throw new Error(`request ${String(request.type)} has no encoder`);
  return encode(request);
}

/**
 * proto3 `optional`: a field is on the wire only when set, so that "leave it as it is" and
 * "turn it off" differ. Only the defined fields are copied.
 */
function settingsChangeToProto(change: LessonSettingsChange): pb.UpdateLessonSettingsRequest.$Properties {
  const out: pb.UpdateLessonSettingsRequest.$Properties = {};
  if (change.locked !== undefined) out.locked = change.locked;
  if (change.autoAdmit !== undefined) out.autoAdmit = change.autoAdmit;
  if (change.studentsCanUnmute !== undefined) out.studentsCanUnmute = change.studentsCanUnmute;
  return out;
}
