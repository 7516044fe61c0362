/**
 * Domain -> wire: builds and encodes ServerMessage frames. The live room's own bodies are
 * built here; each live feature's come from its slice (signaling/features/index.ts).
 */
import type {
  ChatEntry,
  LessonSettings,
  LessonSnapshot,
  LobbyEntry,
  ParticipantView,
} from '../../classroom/index.js';
import { classroom } from '../../proto/index.js';
import { sliceEncoders, sliceSnapshots } from '../features/index.js';
import { joinMediaToProto } from '../features/media/index.js';
import { admissionStatuses, connectionStates, errorCodes, leaveReasons, qualities, roles } from './enums.js';
import type { AttendanceRowView, CoreBody, ServerBody } from './messages.js';
import type { EncoderTable, ServerProps } from './wire.js';

const v1 = classroom.v1;

export function participantToProto(p: ParticipantView): classroom.v1.Participant.$Properties {
  return {
    id: p.id,
    userId: p.userId,
    displayName: p.displayName,
    role: roles.toWire(p.role),
    connection: connectionStates.toWire(p.connection),
    micOn: p.micOn,
    cameraOn: p.cameraOn,
    screenOn: p.screenOn,
    handRaised: p.handRaised,
    quality: qualities.toWire(p.quality),
    canShareScreen: p.canShareScreen,
    groupId: p.groupId,
    joinedAtMs: p.joinedAtMs,
  };
}

const chatToProto = (m: ChatEntry): classroom.v1.ChatMessage.$Properties => ({ ...m });
const lobbyToProto = (e: LobbyEntry): classroom.v1.LobbyEntry.$Properties => ({ ...e });
const settingsToProto = (s: LessonSettings): classroom.v1.LessonSettings.$Properties => ({ ...s });

/** The room's part of the snapshot, then each live feature's part (its fields of LessonSnapshot). */
export function snapshotToProto(s: LessonSnapshot): classroom.v1.LessonSnapshot.$Properties {
  const core: classroom.v1.LessonSnapshot.$Properties = {
    lesson: { ...s.lesson },
    selfParticipantId: s.self.id,
    selfRole: roles.toWire(s.self.role),
    participants: s.participants.map(participantToProto),
    recentChat: s.recentChat.map(chatToProto),
    settings: settingsToProto(s.settings),
    lobby: s.lobby.map(lobbyToProto),
  };
  for (const part of sliceSnapshots) Object.assign(core, part(s));
  return core;
}

function attendanceToProto(r: AttendanceRowView): classroom.v1.AttendanceRow.$Properties {
  const { lastLeaveReason, ...rest } = r;
  return { ...rest, lastLeaveReason: lastLeaveReason ? leaveReasons.toWire(lastLeaveReason) : 0 };
}

const coreBuilders: EncoderTable<CoreBody> = {
  error: (b) => ({ error: { code: errorCodes.toWire(b.code), message: b.message, reason: b.reason ?? '' } }),
  ack: () => ({ ack: {} }),
  join: (b) => ({
    join: {
      participantId: b.participantId,
      resumeToken: b.resumeToken,
      admission: admissionStatuses.toWire(b.admission),
      snapshot: b.snapshot ? snapshotToProto(b.snapshot) : null,
      serverTimeMs: b.serverTimeMs,
      iceServers: b.iceServers.map((s) => ({ urls: s.urls, username: s.username ?? '', credential: s.credential ?? '' })),
      ...joinMediaToProto(b.rtpCapabilities, b.media),
      routeTicket: b.routeTicket ?? '',
    },
  }),
  redirect: (b) => ({ redirect: { node: b.node, ticket: b.ticket } }),
  attendance: (b) => ({ attendance: { rows: b.rows.map(attendanceToProto), generatedAtMs: b.generatedAtMs } }),
  admission: (b) => ({
    admission: { admitted: b.admitted, snapshot: b.snapshot ? snapshotToProto(b.snapshot) : null, deniedReason: b.deniedReason },
  }),
  participantJoined: (b) => ({ participantJoined: { participant: participantToProto(b.participant) } }),
  participantLeft: (b) => ({ participantLeft: { participantId: b.participantId, reason: leaveReasons.toWire(b.reason) } }),
  participantUpdated: (b) => ({ participantUpdated: { participant: participantToProto(b.participant) } }),
  lobbyUpdated: (b) => ({ lobbyUpdated: { entries: b.entries.map(lobbyToProto) } }),
  settingsUpdated: (b) => ({ settingsUpdated: { settings: settingsToProto(b.settings) } }),
  lessonEnded: (b) => ({ lessonEnded: { endedBy: b.endedBy } }),
  removed: (b) => ({ removed: { reason: b.reason } }),
  chat: (b) => ({ chat: chatToProto(b.message) }),
};

/** Every body of the contract, exactly once (the compiler checks it). */
const builders: EncoderTable<ServerBody> = { ...coreBuilders, ...sliceEncoders };

/** Encodes one ServerMessage; `requestId` 0 marks a push. */
export function encodeServerMessage(requestId: number, body: ServerBody): Uint8Array {
  const build = builders[body.type] as (b: ServerBody) => ServerProps;
  return v1.ServerMessage.encode({ requestId, ...build(body) }).finish();
}
