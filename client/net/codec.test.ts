import { describe, expect, it } from 'vitest';
import { classroom } from '../../proto/index.js';
import { CodecError, decodeServerMessage, encodeClientMessage } from './codec.js';
import { decodeClientMessage, encodeServerFrame } from './codecMirror.js';
import { joinResult, participant, snapshot, STUDENT_B, TEACHER } from './testing/fixtures.js';
import type { AttendanceReport, AttendanceRow, ClientRequest, ServerFrame, ServerPush } from './types.js';

import pb = classroom.v1;

function attendanceReport(): AttendanceReport {
  const base = {
    userId: 'u-1', displayName: 'Nguyễn Văn An', code: '079200000001', presentNow: true, attended: true, firstJoinMs: 1_700_000_000_000,
    lastLeaveMs: 0, presentMs: 600_000, cameraOnMs: 540_000, micOnMs: 30_000, screenOnMs: 120_000, handRaises: 2, chatMessages: 3, quizAnswers: 2, quizCorrect: 1, late: false, leftEarly: false,
    joinCount: 1, lastLeaveReason: null,
  } satisfies AttendanceRow;
  return {
    rows: [
      base,
      { ...base, userId: 'u-2', presentNow: false, lastLeaveMs: 1_700_000_900_000, leftEarly: true, joinCount: 2, lastLeaveReason: 'disconnected' },
      { ...base, userId: 'u-3', presentNow: false, attended: false, firstJoinMs: 0, presentMs: 0, cameraOnMs: 0, micOnMs: 0, screenOnMs: 0, handRaises: 0, chatMessages: 0, quizAnswers: 0, quizCorrect: 0, joinCount: 0 },
    ],
    generatedAtMs: 1_700_001_000_000,
  };
}

function roundTripServer(frame: ServerFrame): ServerFrame {
  return decodeServerMessage(encodeServerFrame(frame));
}

/** A value no enum of this build has (a plain `number` type: TypeScript lets it into any numeric enum). */
const UNKNOWN_ENUM_VALUE: number = 99;
const UNKNOWN_ROLE: number = 7;

function encodeRaw(message: pb.ServerMessage.$Properties): Uint8Array {
  return pb.ServerMessage.encode(pb.ServerMessage.create(message)).finish();
}

describe('codec: client requests', () => {
  const requests: ClientRequest[] = [
    { type: 'join', lessonId: 'l1', joinToken: 'tok.sig', displayName: 'Lê Minh Châu', lessonPassword: '', resumeToken: '', micOn: true, cameraOn: false },
    { type: 'join', lessonId: 'l1', joinToken: 'tok.sig', displayName: 'An', lessonPassword: '', resumeToken: '', micOn: false, cameraOn: true, mediaAtJoin: true },
    { type: 'leave' },
    { type: 'setVideoPreferences', preferences: [{ participantId: 'p1', source: 'camera', layer: 'off' }, { participantId: 'p2', source: 'screen', layer: 'high' }] },
    { type: 'setMediaState', micOn: true, cameraOn: false, screenOn: false },
    { type: 'qualityReport', rttMs: 120, lossPermille: 15, availableOutgoingKbps: 800 },
    { type: 'restartMedia' },
    { type: 'sendChat', text: 'Em chào cô ạ' },
    { type: 'endLesson' },
    { type: 'raiseHand' },
    { type: 'lowerHand', participantId: '' },
    { type: 'lowerHand', participantId: 'p-student-1' },
    { type: 'sendReaction', kind: 'thumbs-up' },
    { type: 'sendReaction', kind: 'question' },
    { type: 'admit', participantIds: ['p1', 'p2'], all: false },
    { type: 'admit', participantIds: [], all: true },
    { type: 'deny', participantId: 'p9', reason: 'Không phải học sinh lớp này' },
    { type: 'updateSettings', locked: true },
    { type: 'updateSettings', autoAdmit: false, studentsCanUnmute: true },
    { type: 'forceMediaOff', participantId: 'p1', all: false, source: 'screen' },
    { type: 'forceMediaOff', participantId: '', all: true, source: 'microphone' },
    { type: 'removeParticipant', participantId: 'p1', reason: '' },
    { type: 'setScreenSharePermission', participantId: 'p1', allowed: true },
    { type: 'getAttendance' },
    { type: 'startBreakout', groups: [], randomGroupCount: 3 },
    { type: 'startBreakout', groups: [{ name: 'Nhóm 1', participantIds: ['p1'] }, { name: 'Nhóm 2', participantIds: ['p2', 'p3'] }], randomGroupCount: 0 },
    { type: 'endBreakout' },
    { type: 'visitBreakoutGroup', groupId: 'g1' },
    { type: 'visitBreakoutGroup', groupId: '' },
    { type: 'broadcastToGroups', text: 'Còn 5 phút' },
  ];

  it.each(requests.map((r) => [r.type, r] as const))('%s round-trips through the wire format', (_type, request) => {
    const decoded = decodeClientMessage(encodeClientMessage(42, request));
    expect(decoded.requestId).toBe(42);
    expect(decoded.request).toEqual(request);
  });

  it('join carries the protocol version', () => {
    const decoded = decodeClientMessage(encodeClientMessage(1, requests[0] as ClientRequest));
    expect(decoded.protocolVersion).toBe(3);
  });

  it('updateSettings puts only the fields that change on the wire (proto3 optional)', () => {
    const bytes = encodeClientMessage(7, { type: 'updateSettings', studentsCanUnmute: false });
    const message = pb.ClientMessage.decode(bytes);
    expect(message.updateSettings?.studentsCanUnmute).toBe(false);
    expect(message.updateSettings?.locked ?? null).toBeNull();
    expect(message.updateSettings?.autoAdmit ?? null).toBeNull();
  });

  it('refuses a zero request id', () => {
    expect(() => encodeClientMessage(0, { type: 'leave' })).toThrow(CodecError);
  });

  it('clamps quality figures into uint32', () => {
    const decoded = decodeClientMessage(encodeClientMessage(1, { type: 'qualityReport', rttMs: -5, lossPermille: Number.NaN, availableOutgoingKbps: 12.6 }));
    expect(decoded.request).toEqual({ type: 'qualityReport', rttMs: 0, lossPermille: 0, availableOutgoingKbps: 13 });
  });
});

describe('codec: server messages', () => {
  const pushes: ServerPush[] = [
    { type: 'admission', admitted: true, snapshot: snapshot(), deniedReason: '' },
    { type: 'admission', admitted: false, snapshot: null, deniedReason: 'Không phải học sinh lớp này' },
    { type: 'participantJoined', participant: STUDENT_B },
    { type: 'participantLeft', participantId: 'p-student-2', reason: 'lesson-ended' },
    { type: 'participantUpdated', participant: participant({ connection: 'reconnecting', quality: 'poor', handRaised: true }) },
    { type: 'lobbyUpdated', entries: [{ participantId: 'p9', userId: 'u9', displayName: 'Khách', waitingSinceMs: 5, classMember: false }] },
    { type: 'settingsUpdated', settings: { locked: true, autoAdmit: false, studentsCanUnmute: false, passwordRequired: true } },
    { type: 'lessonEnded', endedBy: TEACHER.id },
    { type: 'removed', reason: 'Gây mất trật tự' },
    { type: 'mediaReset', reason: 'engine restarted' },
    { type: 'forcedMediaOff', source: 'microphone', byParticipantId: TEACHER.id },
    { type: 'chat', message: { id: 'c9', participantId: TEACHER.id, displayName: 'Cô Lan', text: 'Mở sách trang 12', sentAtMs: 99, groupId: '' } },
    { type: 'handQueue', entries: [{ participantId: 'p1', displayName: 'An', raisedAtMs: 3 }] },
    { type: 'reaction', participantId: 'p1', kind: 'clap', sentAtMs: 4 },
    { type: 'breakout', state: { active: true, groups: [{ id: 'g1', name: 'Nhóm 1', participantIds: ['p1', 'p2'] }], startedAtMs: 8 } },
    { type: 'groupBroadcast', text: 'Còn 5 phút', fromParticipantId: TEACHER.id, sentAtMs: 9 },
  ];

  it.each(pushes.map((p) => [p.type, p] as const))('push %s round-trips', (_type, push) => {
    expect(roundTripServer({ kind: 'push', push })).toEqual({ kind: 'push', push });
  });

  it('responses round-trip: join, ack, attendance, error', () => {
    const frames: ServerFrame[] = [
      { kind: 'response', requestId: 1, response: { type: 'join', result: joinResult() } },
      { kind: 'response', requestId: 1, response: { type: 'join', result: joinResult({ admission: 'waiting', snapshot: null, iceServers: [{ urls: ['turn:t.example:3478'], username: 'u', credential: 'c' }] }) } },
      { kind: 'response', requestId: 3, response: { type: 'ack' } },
      { kind: 'response', requestId: 5, response: { type: 'attendance', report: attendanceReport() } },
      { kind: 'response', requestId: 4, response: { type: 'error', code: 'LESSON_ENDED', message: 'Tiết học đã kết thúc', reason: '' } },
      { kind: 'response', requestId: 0, response: { type: 'error', code: 'BAD_REQUEST', message: 'binary frames only', reason: '' } },
    ];
    for (const frame of frames) expect(roundTripServer(frame)).toEqual(frame);
  });

  it('rejects an unknown enum value, with the request id when readable', () => {
    const bytes = encodeRaw({ requestId: 5, error: { code: UNKNOWN_ENUM_VALUE, message: 'x' } });
    expect(() => decodeServerMessage(bytes)).toThrow(/unknown ErrorCode value 99/);
    try {
      decodeServerMessage(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(CodecError);
      expect((error as CodecError).requestId).toBe(5);
    }
  });

  it('rejects an unknown role inside a participant push', () => {
    const bytes = encodeRaw({ participantJoined: { participant: { id: 'p', role: UNKNOWN_ROLE, connection: 1 } } });
    expect(() => decodeServerMessage(bytes)).toThrow(/unknown Role value 7/);
  });

  it('rejects UNSPECIFIED where a value must have a meaning', () => {
    const bytes = encodeRaw({ participantLeft: { participantId: 'p', reason: 0 } });
    expect(() => decodeServerMessage(bytes)).toThrow(/LeaveReason/);
  });

  it('accepts UNSPECIFIED quality as "not reported yet"', () => {
    const bytes = encodeRaw({ participantUpdated: { participant: { id: 'p', role: 2, connection: 1, quality: 0 } } });
    const frame = decodeServerMessage(bytes);
    expect(frame.kind === 'push' && frame.push.type === 'participantUpdated' && frame.push.participant.quality).toBe('unknown');
  });

  it('maps an attendance row without a leave reason (present, or never came) to null', () => {
    const bytes = encodeRaw({ requestId: 9, attendance: { rows: [{ userId: 'u', attended: false, lastLeaveReason: 0 }], generatedAtMs: 5 } });
    const frame = decodeServerMessage(bytes);
    expect(frame).toMatchObject({ kind: 'response', response: { type: 'attendance', report: { rows: [{ userId: 'u', attended: false, lastLeaveReason: null }] } } });
  });

  it('rejects an attendance row with an unknown leave reason', () => {
    expect(() => decodeServerMessage(encodeRaw({ requestId: 9, attendance: { rows: [{ userId: 'u', lastLeaveReason: UNKNOWN_ENUM_VALUE }] } }))).toThrow(/LeaveReason/);
  });

  it('rejects a message without a body', () => {
    expect(() => decodeServerMessage(encodeRaw({ requestId: 0 }))).toThrow(/without a known body/);
  });

  it('rejects a oneof field this build does not know (field 999)', () => {
    // tag 999, wire type 2 (length-delimited), empty payload
    const unknownField = new Uint8Array([0xba, 0x3e, 0x00]);
    expect(() => decodeServerMessage(unknownField)).toThrow(CodecError);
  });

  it('rejects bytes that are not protobuf', () => {
    expect(() => decodeServerMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(/not a ServerMessage/);
  });

  it('rejects a push with a request id and a response without one', () => {
    expect(() => decodeServerMessage(encodeRaw({ requestId: 3, mediaReset: { reason: '' } }))).toThrow(/push mediaReset/);
    expect(() => decodeServerMessage(encodeRaw({ requestId: 0, ack: {} }))).toThrow(/without a request id/);
  });

  it('rejects an admitted join without a snapshot', () => {
    const bytes = encodeRaw({ requestId: 1, join: { participantId: 'p', admission: 1 } });
    expect(() => decodeServerMessage(bytes)).toThrow(/snapshot/);
  });

  it('rejects a participant without an id', () => {
    expect(() => decodeServerMessage(encodeRaw({ participantJoined: { participant: { role: 2, connection: 1 } } }))).toThrow(/participant.id/);
  });
});
