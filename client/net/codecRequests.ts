import { classroom, PROTOCOL_VERSION } from '../../proto/index.js';
import { mediaTargetToProto, reactionKindToProto, trackSourceToProto } from './codecEnums.js';
import { publishedTrackToProto, videoPreferenceToProto } from './codecMedia.js';
import type { ClientRequest, LessonSettingsChange } from './types.js';

import pb = classroom.v1;

/** The body of a ClientMessage for one domain request (the oneof field and its value). */
export function clientRequestToProto(request: ClientRequest): pb.ClientMessage.$Properties {
  switch (request.type) {
    case 'join':
      return {
        join: {
          protocolVersion: PROTOCOL_VERSION,
          lessonId: request.lessonId,
          joinToken: request.joinToken,
          displayName: request.displayName,
          lessonPassword: request.lessonPassword,
          resumeToken: request.resumeToken,
          micOn: request.micOn,
          cameraOn: request.cameraOn,
        },
      };
    case 'leave':
      return { leave: {} };
    case 'publish':
      return { publish: { sdp: request.sdp, tracks: request.tracks.map(publishedTrackToProto) } };
    case 'subscriberAnswer':
      return { subscriberAnswer: { revision: request.revision, sdp: request.sdp } };
    case 'trickle':
      return {
        trickle: {
          target: mediaTargetToProto(request.target),
          candidate: request.candidate,
          sdpMid: request.sdpMid,
          sdpMlineIndex: request.sdpMLineIndex,
          completed: request.completed,
        },
      };
    case 'setVideoPreferences':
      return { setVideoPreferences: { preferences: request.preferences.map(videoPreferenceToProto) } };
    case 'setMediaState':
      return { setMediaState: { micOn: request.micOn, cameraOn: request.cameraOn, screenOn: request.screenOn } };
    case 'qualityReport':
      return {
        qualityReport: {
          rttMs: clampUint32(request.rttMs),
          lossPermille: clampUint32(request.lossPermille),
          availableOutgoingKbps: clampUint32(request.availableOutgoingKbps),
        },
      };
    case 'restartMedia':
      return { restartMedia: {} };
    default:
      return featureRequestToProto(request);
  }
}

/** Chat, hands, reactions and the teacher's requests. */
function featureRequestToProto(request: ClientRequest): pb.ClientMessage.$Properties {
  switch (request.type) {
    case 'sendChat':
      return { sendChat: { text: request.text } };
    case 'raiseHand':
      return { raiseHand: {} };
    case 'lowerHand':
      return { lowerHand: { participantId: request.participantId } };
    case 'sendReaction':
      return { sendReaction: { kind: reactionKindToProto(request.kind) } };
    case 'endLesson':
      return { endLesson: {} };
    case 'admit':
      return { admit: { participantIds: [...request.participantIds], all: request.all } };
    case 'deny':
      return { deny: { participantId: request.participantId, reason: request.reason } };
    case 'updateSettings':
      return { updateSettings: settingsChangeToProto(request) };
    case 'forceMediaOff':
      return { forceMediaOff: { participantId: request.participantId, all: request.all, source: trackSourceToProto(request.source) } };
    case 'removeParticipant':
      return { removeParticipant: { participantId: request.participantId, reason: request.reason } };
    case 'setScreenSharePermission':
      return { setScreenSharePermission: { participantId: request.participantId, allowed: request.allowed } };
    case 'getAttendance':
      return { getAttendance: {} };
    case 'startBreakout':
      return {
        startBreakout: {
          groups: request.groups.map((g) => ({ name: g.name, participantIds: [...g.participantIds] })),
          randomGroupCount: clampUint32(request.randomGroupCount),
        },
      };
    case 'endBreakout':
      return { endBreakout: {} };
    case 'visitBreakoutGroup':
      return { visitBreakoutGroup: { groupId: request.groupId } };
    case 'broadcastToGroups':
      return { broadcastToGroups: { text: request.text } };
    default:
      throw new Error(`request ${request.type} has no encoder`);
  }
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

export function clampUint32(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.round(value), 0xffff_ffff);
}
