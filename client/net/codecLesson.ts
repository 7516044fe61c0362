import { classroom } from '../../proto/index.js';
import { iceServersFromProto } from './codecBase.js';
import { joinCapabilitiesFromProto, joinCapabilitiesToProto, joinTransportsFromProto } from './features/mediaTransport.js';
import {
  admissionFromProto,
  admissionToProto,
  bool,
  CodecError,
  connectionQualityFromProto,
  connectionQualityToProto,
  connectionStateFromProto,
  connectionStateToProto,
  list,
  num,
  required,
  requiredStr,
  roleFromProto,
  roleToProto,
  str,
} from './codecEnums.js';
import { featureSnapshot } from './features/index.js';
import type {
  ChatMessage,
  JoinResult,
  LessonInfo,
  LessonSettings,
  LessonSnapshot,
  LobbyEntry,
  Participant,
} from './types.js';

import pb = classroom.v1;

/*
 * The lesson's shared state, both ways. The client only ever reads these from the server; the
 * `xToProto` direction exists so that tests (and fake servers) build frames from domain values
 * and every mapping is checked by a round trip.
 */

export function participantFromProto(p: pb.Participant.$Properties): Participant {
  return {
    id: requiredStr(p.id, 'participant.id'),
    userId: str(p.userId),
    displayName: str(p.displayName),
    role: roleFromProto(p.role),
    connection: connectionStateFromProto(p.connection),
    micOn: bool(p.micOn),
    cameraOn: bool(p.cameraOn),
    screenOn: bool(p.screenOn),
    handRaised: bool(p.handRaised),
    quality: connectionQualityFromProto(p.quality),
    canShareScreen: bool(p.canShareScreen),
    groupId: str(p.groupId),
    joinedAtMs: num(p.joinedAtMs),
  };
}

export function participantToProto(p: Participant): pb.Participant.$Properties {
  return {
    id: p.id,
    userId: p.userId,
    displayName: p.displayName,
    role: roleToProto(p.role),
    connection: connectionStateToProto(p.connection),
    micOn: p.micOn,
    cameraOn: p.cameraOn,
    screenOn: p.screenOn,
    handRaised: p.handRaised,
    quality: connectionQualityToProto(p.quality),
    canShareScreen: p.canShareScreen,
    groupId: p.groupId,
    joinedAtMs: p.joinedAtMs,
  };
}

export function lessonInfoFromProto(p: pb.LessonInfo.$Properties): LessonInfo {
  return {
    id: str(p.id),
    title: str(p.title),
    className: str(p.className),
    subjectName: str(p.subjectName),
    teacherName: str(p.teacherName),
    scheduledStartMs: num(p.scheduledStartMs),
    scheduledEndMs: num(p.scheduledEndMs),
  };
}

export function lessonInfoToProto(l: LessonInfo): pb.LessonInfo.$Properties {
  return { ...l };
}

export function settingsFromProto(p: pb.LessonSettings.$Properties | null | undefined): LessonSettings {
  return {
    locked: bool(p?.locked),
    autoAdmit: bool(p?.autoAdmit),
    studentsCanUnmute: bool(p?.studentsCanUnmute),
    passwordRequired: bool(p?.passwordRequired),
  };
}

export function settingsToProto(s: LessonSettings): pb.LessonSettings.$Properties {
  return { ...s };
}

export function chatFromProto(p: pb.ChatMessage.$Properties): ChatMessage {
  return {
    id: requiredStr(p.id, 'chat.id'),
    participantId: str(p.participantId),
    displayName: str(p.displayName),
    text: str(p.text),
    sentAtMs: num(p.sentAtMs),
    groupId: str(p.groupId),
  };
}

export function chatToProto(c: ChatMessage): pb.ChatMessage.$Properties {
  return { ...c };
}

export function lobbyEntryFromProto(p: pb.LobbyEntry.$Properties): LobbyEntry {
  return {
    participantId: requiredStr(p.participantId, 'lobby.participantId'),
    userId: str(p.userId),
    displayName: str(p.displayName),
    waitingSinceMs: num(p.waitingSinceMs),
    classMember: bool(p.classMember),
  };
}

export function lobbyEntryToProto(l: LobbyEntry): pb.LobbyEntry.$Properties {
  return { ...l };
}

/** The room's part of the snapshot, then each live feature's fields (net/features/). */
export function snapshotFromProto(p: pb.LessonSnapshot.$Properties): LessonSnapshot {
  return {
    lesson: lessonInfoFromProto(required(p.lesson, 'snapshot.lesson')),
    selfParticipantId: requiredStr(p.selfParticipantId, 'snapshot.selfParticipantId'),
    selfRole: roleFromProto(p.selfRole),
    participants: list(p.participants).map(participantFromProto),
    recentChat: list(p.recentChat).map(chatFromProto),
    settings: settingsFromProto(p.settings),
    lobby: list(p.lobby).map(lobbyEntryFromProto),
    ...featureSnapshot(p),
  };
}

/** The room's part only; the mirror (codecMirror.ts) adds the features' fields. */
export function coreSnapshotToProto(s: LessonSnapshot): pb.LessonSnapshot.$Properties {
  return {
    lesson: lessonInfoToProto(s.lesson),
    selfParticipantId: s.selfParticipantId,
    selfRole: roleToProto(s.selfRole),
    participants: s.participants.map(participantToProto),
    recentChat: s.recentChat.map(chatToProto),
    settings: settingsToProto(s.settings),
    lobby: s.lobby.map(lobbyEntryToProto),
  };
}

export function joinResultFromProto(p: pb.JoinResponse.$Properties): JoinResult {
  const admission = admissionFromProto(p.admission);
  const snapshot = p.snapshot ? snapshotFromProto(p.snapshot) : null;
  if (admission === 'admitted' && !snapshot) throw new CodecError('admitted join without a snapshot');
  return {
    participantId: requiredStr(p.participantId, 'join.participantId'),
    resumeToken: str(p.resumeToken),
    admission,
    snapshot,
    serverTimeMs: num(p.serverTimeMs),
    iceServers: iceServersFromProto(p.iceServers),
    rtpCapabilities: joinCapabilitiesFromProto(p),
    media: joinTransportsFromProto(p),
    routeTicket: str(p.routeTicket),
  };
}
