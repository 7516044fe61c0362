import { describe, expect, it } from 'vitest';
import { TooLargeError, ValidationError } from '../../platform/index.js';
import { classroom } from '../../proto/index.js';
import { FrameError, decodeClientMessage, requestIdOf } from './decodeClient.js';
import { encodeServerMessage } from './encodeServer.js';
import type { LessonSnapshot } from '../../classroom/index.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

describe('decodeClientMessage', () => {
  it('decodes a join request into the domain shape', () => {
    const d = decodeClientMessage(
      frame({ requestId: 7, join: { protocolVersion: 1, lessonId: 'l1', joinToken: 't', displayName: 'Lê Văn Tám', micOn: true } }),
    );
    expect(d).toEqual({
      requestId: 7,
      request: {
        type: 'join',
        protocolVersion: 1,
        lessonId: 'l1',
        joinToken: 't',
        displayName: 'Lê Văn Tám',
        lessonPassword: '',
        resumeToken: '',
        routeTicket: '',
        micOn: true,
        cameraOn: false,
        mediaAtJoin: false,
      },
    });
    const early = decodeClientMessage(frame({ requestId: 8, join: { protocolVersion: 3, lessonId: 'l1', mediaAtJoin: true } })).request;
    expect(early).toMatchObject({ type: 'join', mediaAtJoin: true });
  });

  it('maps enums to domain words (track sources, reactions, layers)', () => {
    expect(decodeClientMessage(frame({ requestId: 2, unpublish: { source: v1.TrackSource.TRACK_SOURCE_SCREEN } })).request).toEqual({ type: 'unpublish', source: 'screen' });
    expect(decodeClientMessage(frame({ requestId: 3, sendReaction: { kind: v1.ReactionKind.REACTION_KIND_CLAP } })).request).toEqual({ type: 'sendReaction', kind: 'clap' });
    expect(
      decodeClientMessage(frame({ requestId: 4, setVideoPreferences: { preferences: [{ participantId: 'p', source: v1.TrackSource.TRACK_SOURCE_CAMERA, layer: v1.VideoLayer.VIDEO_LAYER_OFF }] } })).request,
    ).toEqual({ type: 'setVideoPreferences', preferences: [{ participantId: 'p', source: 'camera', layer: 'off' }] });
  });

  it('keeps only the settings fields the client set (proto3 optional)', () => {
    expect(decodeClientMessage(frame({ requestId: 5, updateSettings: { locked: false } })).request).toEqual({ type: 'updateSettings', locked: false });
    expect(decodeClientMessage(frame({ requestId: 6, updateSettings: {} })).request).toEqual({ type: 'updateSettings' });
  });

  it('rejects bytes that are not a ClientMessage with request id 0', () => {
    const e = (() => {
      try {
        decodeClientMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]));
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(FrameError);
    expect(requestIdOf(e)).toBe(0);
  });

  it('rejects a missing request id and a missing or unknown body', () => {
    expect(() => decodeClientMessage(frame({ requestId: 0, leave: {} }))).toThrow(/request_id/);
    expect(() => decodeClientMessage(frame({ requestId: 9 }))).toThrow(/body/);
    // field 999 does not exist in this version of the contract
    const unknown = new Uint8Array([0x08, 0x09, 0xba, 0x3e, 0x00]);
    expect(() => decodeClientMessage(unknown)).toThrow(FrameError);
  });

  it('rejects unknown and unspecified enum values, keeping the request id', () => {
    let caught: unknown;
    try {
      decodeClientMessage(frame({ requestId: 11, sendReaction: { kind: 42 as classroom.v1.ReactionKind } }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(requestIdOf(caught)).toBe(11);
    expect(() => decodeClientMessage(frame({ requestId: 12, forceMediaOff: { participantId: 'p', source: 0 } }))).toThrow(/source/);
    expect(() =>
      decodeClientMessage(frame({ requestId: 13, setVideoPreferences: { preferences: [{ participantId: 'p', source: v1.TrackSource.TRACK_SOURCE_MICROPHONE, layer: 1 }] } })),
    ).toThrow(/camera or screen/);
  });

  it('rejects oversized fields with TOO_LARGE', () => {
    expect(() => decodeClientMessage(frame({ requestId: 1, sendChat: { text: 'a'.repeat(1001) } }))).toThrow(TooLargeError);
    expect(() => decodeClientMessage(frame({ requestId: 1, admit: { participantIds: Array(501).fill('p') } }))).toThrow(TooLargeError);
    // 1000 Vietnamese characters with combining marks are within the limit (code points)
    expect(decodeClientMessage(frame({ requestId: 1, sendChat: { text: 'ệ'.repeat(1000) } })).request).toMatchObject({ type: 'sendChat' });
  });

  it("refuses the removed SDP requests (reserved fields 20-22) as an unknown body, answering the request's id", () => {
    // request_id = 7, then field 20 (PublishRequest of the Janus engine) holding an empty message.
    let caught: unknown;
    try {
      decodeClientMessage(new Uint8Array([0x08, 7, 0xa2, 0x01, 0x00]));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(String(caught)).toMatch(/Unknown or missing message body/);
    expect(requestIdOf(caught)).toBe(7);
  });
});

describe('encodeServerMessage', () => {
  it('encodes an error with its wire code and the request id', () => {
    const m = v1.ServerMessage.decode(encodeServerMessage(5, { type: 'error', code: 'FORBIDDEN', message: 'Only the teacher can end the lesson' }));
    expect(m.requestId).toBe(5);
    expect(m.body).toBe('error');
    expect(m.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
  });

  it('encodes a join response with the snapshot a client renders', () => {
    const self = {
      id: 'p1',
      userId: 'u1',
      displayName: 'Cô Hoa',
      role: 'teacher' as const,
      connection: 'connected' as const,
      micOn: true,
      cameraOn: true,
      screenOn: false,
      handRaised: false,
      quality: 'good' as const,
      canShareScreen: true,
      groupId: '',
      joinedAtMs: 1000,
    };
    const snapshot: LessonSnapshot = {
      lesson: { id: 'l1', title: 'Toán', className: '8A1', subjectName: 'Toán', teacherName: 'Cô Hoa', scheduledStartMs: 0, scheduledEndMs: 0 },
      self,
      participants: [self],
      recentChat: [{ id: 'm1', participantId: 'p1', displayName: 'Cô Hoa', text: 'Chào các em', sentAtMs: 5, groupId: '' }],
      settings: { locked: false, autoAdmit: false, studentsCanUnmute: true, passwordRequired: false },
      lobby: [],
      features: { hands: [], breakout: { active: false, groups: [], startedAtMs: 0 } },
    };
    const bytes = encodeServerMessage(1, {
      type: 'join',
      participantId: 'p1',
      resumeToken: 'r',
      admission: 'admitted',
      snapshot,
      serverTimeMs: 123,
      iceServers: [{ urls: ['stun:stun.example.vn:3478'] }],
      rtpCapabilities: {},
    });
    const m = v1.ServerMessage.decode(bytes);
    expect(m.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    expect(m.join?.snapshot?.participants?.[0]?.role).toBe(v1.Role.ROLE_TEACHER);
    expect(m.join?.snapshot?.participants?.[0]?.quality).toBe(v1.ConnectionQuality.CONNECTION_QUALITY_GOOD);
    expect(m.join?.snapshot?.recentChat?.[0]?.text).toBe('Chào các em');
    expect(m.join?.iceServers?.[0]?.urls).toEqual(['stun:stun.example.vn:3478']);
  });

  it('encodes pushes with request id 0', () => {
    const m = v1.ServerMessage.decode(encodeServerMessage(0, { type: 'participantLeft', participantId: 'p2', reason: 'removed' }));
    expect(m.requestId).toBe(0);
    expect(m.participantLeft?.reason).toBe(v1.LeaveReason.LEAVE_REASON_REMOVED);
  });
});
