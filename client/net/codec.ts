import { classroom } from '../../proto/index.js';
import { attendanceFromProto } from './codecAttendance.js';
import {
  bool,
  CodecError,
  errorCodeFromProto,
  leaveReasonFromProto,
  list,
  num,
  required,
  requiredStr,
  str,
  trackSourceFromProto,
} from './codecEnums.js';
import {
  chatFromProto,
  joinResultFromProto,
  lobbyEntryFromProto,
  participantFromProto,
  settingsFromProto,
  snapshotFromProto,
} from './codecLesson.js';
import { clientRequestToProto } from './codecRequests.js';
import { featurePushes } from './features/index.js';
import { transportResponseFromProto } from './features/mediaTransport.js';
import type { PushDecoders } from './features/FeatureCodecTypes.js';
import type { ClientRequest, CorePush, ServerFrame, ServerPush, ServerResponse } from './types.js';

import pb = classroom.v1;

export { CodecError } from './codecEnums.js';
export { clientRequestToProto } from './codecRequests.js';

/** Encodes one request as a binary ClientMessage frame. `requestId` must be non-zero. */
export function encodeClientMessage(requestId: number, request: ClientRequest): Uint8Array {
  if (!Number.isInteger(requestId) || requestId <= 0 || requestId > 0xffff_ffff) {
    throw new CodecError(`invalid request id ${requestId}`);
  }
  const message = pb.ClientMessage.create({ requestId, ...clientRequestToProto(request) });
  return pb.ClientMessage.encode(message).finish();
}

/**
 * Decodes one binary ServerMessage frame. Throws CodecError for anything the client cannot
 * trust: bytes that are not protobuf, a missing or unknown body, an unknown enum value, a push
 * carrying a request id, a response without one.
 */
export function decodeServerMessage(bytes: Uint8Array): ServerFrame {
  let message: pb.ServerMessage;
  try {
    message = pb.ServerMessage.decode(bytes);
  } catch (error) {
    throw new CodecError(`not a ServerMessage: ${(error as Error).message}`);
  }
  const requestId = num(message.requestId);
  try {
    return frameFromProto(message, requestId);
  } catch (error) {
    if (error instanceof CodecError) error.requestId = requestId;
    throw error;
  }
}

function frameFromProto(message: pb.ServerMessage, requestId: number): ServerFrame {
  const response = responseFromProto(message);
  if (response) {
    if (requestId === 0 && response.type !== 'error') throw new CodecError(`${response.type} without a request id`);
    return { kind: 'response', requestId, response };
  }
  const push = pushFromProto(message);
  if (requestId !== 0) throw new CodecError(`push ${push.type} with request id ${requestId}`);
  return { kind: 'push', push };
}

const NODE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function responseFromProto(m: pb.ServerMessage): ServerResponse | null {
  switch (m.body) {
    case 'error': {
      const e = required(m.error, 'error');
      return { type: 'error', code: errorCodeFromProto(e.code), message: str(e.message), reason: str(e.reason) };
    }
    case 'ack':
      return { type: 'ack' };
    case 'join':
      return { type: 'join', result: joinResultFromProto(required(m.join, 'join')) };
    case 'attendance':
      return { type: 'attendance', report: attendanceFromProto(required(m.attendance, 'attendance')) };
    case 'redirect': {
      // A node name only, never a URL: the page stays on its own address (docs/cluster.md).
      const node = str(m.redirect?.node);
      if (!NODE_NAME.test(node)) throw new CodecError('redirect to an invalid node name');
      return { type: 'redirect', node, ticket: str(m.redirect?.ticket).slice(0, 2048) };
    }
    default:
      return transportResponseFromProto(m);
  }
}

/** The live room's own pushes; each live feature's come from net/features/. */
const corePushes: PushDecoders<CorePush> = {
  admission: (m) => {
    const a = required(m.admission, 'admission');
    const snapshot = a.snapshot ? snapshotFromProto(a.snapshot) : null;
    if (a.admitted && !snapshot) throw new CodecError('admission without a snapshot');
    return { type: 'admission', admitted: bool(a.admitted), snapshot, deniedReason: str(a.deniedReason) };
  },
  participantJoined: (m) => ({ type: 'participantJoined', participant: participantFromProto(required(m.participantJoined?.participant, 'participant')) }),
  participantLeft: (m) => {
    const l = required(m.participantLeft, 'participantLeft');
    return { type: 'participantLeft', participantId: requiredStr(l.participantId, 'participantId'), reason: leaveReasonFromProto(l.reason) };
  },
  participantUpdated: (m) => ({ type: 'participantUpdated', participant: participantFromProto(required(m.participantUpdated?.participant, 'participant')) }),
  lobbyUpdated: (m) => ({ type: 'lobbyUpdated', entries: list(m.lobbyUpdated?.entries).map(lobbyEntryFromProto) }),
  settingsUpdated: (m) => ({ type: 'settingsUpdated', settings: settingsFromProto(required(m.settingsUpdated?.settings, 'settings')) }),
  lessonEnded: (m) => ({ type: 'lessonEnded', endedBy: str(m.lessonEnded?.endedBy) }),
  removed: (m) => ({ type: 'removed', reason: str(m.removed?.reason) }),
  mediaReset: (m) => ({ type: 'mediaReset', reason: str(m.mediaReset?.reason) }),
  forcedMediaOff: (m) => {
    const f = required(m.forcedMediaOff, 'forcedMediaOff');
    return { type: 'forcedMediaOff', source: trackSourceFromProto(f.source), byParticipantId: str(f.byParticipantId) };
  },
  chat: (m) => ({ type: 'chat', message: chatFromProto(required(m.chat, 'chat')) }),
};

/** One decoder per push (the compiler checks that none is missing). */
const pushes: PushDecoders<ServerPush> = { ...corePushes, ...featurePushes };

function pushFromProto(m: pb.ServerMessage): ServerPush {
  // No body, or a oneof field this build does not know (a newer server).
  if (!m.body || !(m.body in pushes)) throw new CodecError('ServerMessage without a known body');
  // Keyed by push type = oneof field: the decoder found was written for exactly this body.
  const decode = pushes[m.body as ServerPush['type']] as (message: pb.ServerMessage) => ServerPush;
  return decode(m);
}
