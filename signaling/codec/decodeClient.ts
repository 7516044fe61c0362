/**
 * Wire -> domain: decodes and validates one ClientMessage frame (conventions §5, §7). The
 * live room's own requests are decoded here; each live feature's come from its slice
 * (signaling/features/index.ts), spread into one table.
 */
import { TooLargeError, ValidationError } from '../../platform/index.js';
import { classroom } from '../../proto/index.js';
import { sliceDecoders } from '../features/index.js';
import { trackSources } from './enums.js';
import { WIRE_LIMITS as L } from './limits.js';
import type { ClientRequest, CoreRequest, DecodedRequest } from './messages.js';
import { list, required, text, uint, type ClientField, type DecoderTable } from './wire.js';

const v1 = classroom.v1;
type Wire = classroom.v1.ClientMessage;

/** Thrown for a frame that is not a decodable ClientMessage; carries the request id when known. */
export class FrameError extends ValidationError {
  readonly requestId: number;
  constructor(message: string, requestId: number, cause?: unknown) {
    super(message, { cause });
    this.requestId = requestId;
  }
}

const coreDecoders: DecoderTable<CoreRequest> = {
  join: (m) => {
    const j = required(m.join, 'join');
    return {
      type: 'join',
      protocolVersion: uint(j.protocolVersion),
      lessonId: text(j.lessonId, 'lesson_id', L.idChars),
      joinToken: text(j.joinToken, 'join_token', L.tokenChars),
      displayName: text(j.displayName, 'display_name', L.displayNameChars),
      lessonPassword: text(j.lessonPassword, 'lesson_password', L.passwordChars),
      resumeToken: text(j.resumeToken, 'resume_token', L.tokenChars),
      routeTicket: text(j.routeTicket, 'route_ticket', L.tokenChars),
      micOn: Boolean(j.micOn),
      cameraOn: Boolean(j.cameraOn),
      mediaAtJoin: Boolean(j.mediaAtJoin),
    };
  },
  leave: () => ({ type: 'leave' }),
  sendChat: (m) => ({ type: 'sendChat', text: text(m.sendChat?.text, 'text', L.chatChars) }),
  endLesson: () => ({ type: 'endLesson' }),
  admit: (m) => ({
    type: 'admit',
    participantIds: list(m.admit?.participantIds, 'participant_ids', L.listItems).map((id) => text(id, 'participant_id', L.idChars)),
    all: Boolean(m.admit?.all),
  }),
  deny: (m) => ({
    type: 'deny',
    participantId: text(m.deny?.participantId, 'participant_id', L.idChars),
    reason: text(m.deny?.reason, 'reason', L.reasonChars),
  }),
  updateSettings: (m) => {
    const s = required(m.updateSettings, 'update_settings');
    const out: ClientRequest & { type: 'updateSettings' } = { type: 'updateSettings' };
    // proto3 `optional`: a field is present only when the client set it.
    if (s.locked !== null && s.locked !== undefined) out.locked = s.locked;
    if (s.autoAdmit !== null && s.autoAdmit !== undefined) out.autoAdmit = s.autoAdmit;
    if (s.studentsCanUnmute !== null && s.studentsCanUnmute !== undefined) out.studentsCanUnmute = s.studentsCanUnmute;
    return out;
  },
  forceMediaOff: (m) => {
    const f = required(m.forceMediaOff, 'force_media_off');
    return {
      type: 'forceMediaOff',
      participantId: text(f.participantId, 'participant_id', L.idChars),
      all: Boolean(f.all),
      source: trackSources.fromWire(f.source, 'source'),
    };
  },
  removeParticipant: (m) => ({
    type: 'removeParticipant',
    participantId: text(m.removeParticipant?.participantId, 'participant_id', L.idChars),
    reason: text(m.removeParticipant?.reason, 'reason', L.reasonChars),
  }),
  setScreenSharePermission: (m) => ({
    type: 'setScreenSharePermission',
    participantId: text(m.setScreenSharePermission?.participantId, 'participant_id', L.idChars),
    allowed: Boolean(m.setScreenSharePermission?.allowed),
  }),
  getAttendance: () => ({ type: 'getAttendance' }),
};

/** Every request of the contract, exactly once (the compiler checks both). */
const decoders: { [K in ClientField]: (m: Wire) => ClientRequest } = { ...coreDecoders, ...sliceDecoders } satisfies DecoderTable<ClientRequest>;

/**
 * Decodes one binary frame. Throws a FrameError (BAD_REQUEST) for undecodable frames, a missing
 * or unknown body or a zero request id, and a ValidationError/TooLargeError (with the request
 * id attached) for invalid fields.
 */
export function decodeClientMessage(frame: Uint8Array): DecodedRequest {
  let message: Wire;
  try {
    message = v1.ClientMessage.decode(frame);
  } catch (cause) {
    throw new FrameError('Malformed frame: not a ClientMessage', 0, cause);
  }
  const requestId = uint(message.requestId);
  if (requestId === 0) throw new FrameError('request_id must be non-zero', 0);
  const body = message.body;
  if (!body) throw new FrameError('Unknown or missing message body', requestId);
  try {
    return { requestId, request: decoders[body](message) };
  } catch (error) {
    if (error instanceof ValidationError || error instanceof TooLargeError) {
      Object.assign(error, { requestId });
    }
    throw error;
  }
}

/** The request id attached to a decode error, or 0. */
export function requestIdOf(error: unknown): number {
  const id = (error as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'number' ? id : 0;
}
