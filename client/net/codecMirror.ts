import { classroom } from '../../proto/index.js';
import { attendanceToProto } from './codecAttendance.js';
import {
  admissionToProto,
  bool,
  CodecError,
  errorCodeToProto,
  leaveReasonToProto,
  list,
  num,
  required,
  requiredStr,
  str,
  trackSourceFromProto,
  trackSourceToProto,
} from './codecEnums.js';
import { chatToProto, coreSnapshotToProto, lobbyEntryToProto, participantToProto, settingsToProto } from './codecLesson.js';
import { featurePushesToProto, featureRequestsFromProto, featureSnapshotToProto } from './features/mirror.js';
import { joinCapabilitiesToProto, joinTransportsToProto, transportResponseToProto } from './features/mediaTransport.js';
import { videoPreferenceFromProto } from './codecMedia.js';
import type { ClientRequest, JoinResult, LessonSettingsChange, LessonSnapshot, ServerFrame, ServerPush, ServerResponse } from './types.js';

import pb = classroom.v1;

/*
 * The server's side of the codec, for tests and fake servers only (the app never imports it,
 * so it is not in the bundle): encode ServerMessages from domain values, decode the
 * ClientMessages the client sent. Keeping it next to the real codec makes every mapping
 * checkable by a round trip.
 */

export function snapshotToProto(s: LessonSnapshot): pb.LessonSnapshot.$Properties {
  return { ...coreSnapshotToProto(s), ...featureSnapshotToProto(s) };
}

function joinResultToProto(r: JoinResult): pb.JoinResponse.$Properties {
  return {
    participantId: r.participantId,
    resumeToken: r.resumeToken,
    admission: admissionToProto(r.admission),
    snapshot: r.snapshot ? snapshotToProto(r.snapshot) : null,
    serverTimeMs: r.serverTimeMs,
    iceServers: r.iceServers.map((s) => ({ urls: s.urls, username: s.username ?? '', credential: s.credential ?? '' })),
    ...joinCapabilitiesToProto(r.rtpCapabilities),
    ...joinTransportsToProto(r.media),
    routeTicket: r.routeTicket,
  };
}

export function encodeServerFrame(frame: ServerFrame): Uint8Array {
  const body = frame.kind === 'response' ? responseToProto(frame.response) : pushToProto(frame.push);
  const requestId = frame.kind === 'response' ? frame.requestId : 0;
  return pb.ServerMessage.encode(pb.ServerMessage.create({ requestId, ...body })).finish();
}

function responseToProto(r: ServerResponse): pb.ServerMessage.$Properties {
  switch (r.type) {
    case 'ack':
      return { ack: {} };
    case 'error':
      return { error: { code: errorCodeToProto(r.code), message: r.message, reason: r.reason } };
    case 'join':
      return { join: joinResultToProto(r.result) };
    case 'attendance':
      return { attendance: attendanceToProto(r.report) };
    case 'redirect':
      return { redirect: { node: r.node, ticket: r.ticket } };
    case 'mediaSetup':
    case 'produce':
    case 'restartIce':
    case 'firstSound':
      return transportResponseToProto(r);
  }
}

function pushToProto(p: ServerPush): pb.ServerMessage.$Properties {
  switch (p.type) {
    case 'admission':
      return { admission: { admitted: p.admitted, snapshot: p.snapshot ? snapshotToProto(p.snapshot) : null, deniedReason: p.deniedReason } };
    case 'participantJoined':
      return { participantJoined: { participant: participantToProto(p.participant) } };
    case 'participantLeft':
      return { participantLeft: { participantId: p.participantId, reason: leaveReasonToProto(p.reason) } };
    case 'participantUpdated':
      return { participantUpdated: { participant: participantToProto(p.participant) } };
    case 'lobbyUpdated':
      return { lobbyUpdated: { entries: p.entries.map(lobbyEntryToProto) } };
    case 'settingsUpdated':
      return { settingsUpdated: { settings: settingsToProto(p.settings) } };
    case 'lessonEnded':
      return { lessonEnded: { endedBy: p.endedBy } };
    case 'removed':
      return { removed: { reason: p.reason } };
    case 'mediaReset':
      return { mediaReset: { reason: p.reason } };
    case 'forcedMediaOff':
      return { forcedMediaOff: { source: trackSourceToProto(p.source), byParticipantId: p.byParticipantId } };
    case 'chat':
      return { chat: chatToProto(p.message) };
    default:
      return featurePushToProto(p);
  }
}

function featurePushToProto(p: ServerPush): pb.ServerMessage.$Properties {
  // Keyed by push type: the encoder found was written for exactly this push.
  const encode = featurePushesToProto[p.type as keyof typeof featurePushesToProto] as ((push: ServerPush) => pb.ServerMessage.$Properties) | undefined;
  if (!encode) throw new CodecError(`push ${p.type} not handled by the mirror`);
  return encode(p);
}

/** Decodes a frame the client sent, as a server would. */
export function decodeClientMessage(bytes: Uint8Array): { requestId: number; protocolVersion?: number; request: ClientRequest } {
  const m = pb.ClientMessage.decode(bytes);
  const requestId = num(m.requestId);
  if (m.body === 'join') {
    const j = required(m.join, 'join');
    const request: ClientRequest = {
      type: 'join',
      lessonId: str(j.lessonId),
      joinToken: str(j.joinToken),
      displayName: str(j.displayName),
      lessonPassword: str(j.lessonPassword),
      resumeToken: str(j.resumeToken),
      ...(j.routeTicket ? { routeTicket: str(j.routeTicket) } : {}),
      micOn: bool(j.micOn),
      cameraOn: bool(j.cameraOn),
      ...(j.mediaAtJoin ? { mediaAtJoin: true } : {}),
    };
    return { requestId, protocolVersion: num(j.protocolVersion), request };
  }
  return { requestId, request: otherRequestFromProto(m) };
}

function otherRequestFromProto(m: pb.ClientMessage): ClientRequest {
  switch (m.body) {
    case 'leave':
      return { type: 'leave' };
    case 'setVideoPreferences':
      return { type: 'setVideoPreferences', preferences: list(m.setVideoPreferences?.preferences).map(videoPreferenceFromProto) };
    case 'setMediaState': {
      const s = required(m.setMediaState, 'setMediaState');
      return { type: 'setMediaState', micOn: bool(s.micOn), cameraOn: bool(s.cameraOn), screenOn: bool(s.screenOn) };
    }
    case 'qualityReport': {
      const q = required(m.qualityReport, 'qualityReport');
      return { type: 'qualityReport', rttMs: num(q.rttMs), lossPermille: num(q.lossPermille), availableOutgoingKbps: num(q.availableOutgoingKbps) };
    }
    case 'restartMedia':
      return { type: 'restartMedia' };
    default:
      return roomRequestFromProto(m);
  }
}

function roomRequestFromProto(m: pb.ClientMessage): ClientRequest {
  switch (m.body) {
    case 'sendChat':
      return { type: 'sendChat', text: requiredStr(m.sendChat?.text, 'text') };
    case 'endLesson':
      return { type: 'endLesson' };
    case 'admit':
      return { type: 'admit', participantIds: [...list(m.admit?.participantIds)], all: bool(m.admit?.all) };
    case 'deny':
      return { type: 'deny', participantId: str(m.deny?.participantId), reason: str(m.deny?.reason) };
    case 'updateSettings':
      return { type: 'updateSettings', ...settingsChangeFromProto(required(m.updateSettings, 'updateSettings')) };
    case 'forceMediaOff': {
      const f = required(m.forceMediaOff, 'forceMediaOff');
      return { type: 'forceMediaOff', participantId: str(f.participantId), all: bool(f.all), source: trackSourceFromProto(f.source) };
    }
    case 'removeParticipant':
      return { type: 'removeParticipant', participantId: str(m.removeParticipant?.participantId), reason: str(m.removeParticipant?.reason) };
    case 'setScreenSharePermission':
      return { type: 'setScreenSharePermission', participantId: str(m.setScreenSharePermission?.participantId), allowed: bool(m.setScreenSharePermission?.allowed) };
    case 'getAttendance':
      return { type: 'getAttendance' };
    default:
      return featureRequestFromProto(m);
  }
}

function featureRequestFromProto(m: pb.ClientMessage): ClientRequest {
  // Keyed by request type = oneof field: the decoder found was written for exactly this body.
  const decode = m.body ? (featureRequestsFromProto[m.body as keyof typeof featureRequestsFromProto] as ((message: pb.ClientMessage) => ClientRequest) | undefined) : undefined;
  if (!decode) throw new CodecError(`client message body ${String(m.body)} not handled by the mirror`);
  return decode(m);
}

/** proto3 `optional`: only the fields the client set are present after decoding. */
function settingsChangeFromProto(s: pb.UpdateLessonSettingsRequest): LessonSettingsChange {
  const out: LessonSettingsChange = {};
  if (typeof s.locked === 'boolean') out.locked = s.locked;
  if (typeof s.autoAdmit === 'boolean') out.autoAdmit = s.autoAdmit;
  if (typeof s.studentsCanUnmute === 'boolean') out.studentsCanUnmute = s.studentsCanUnmute;
  return out;
}
