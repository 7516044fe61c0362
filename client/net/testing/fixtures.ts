import { fakeRouterCapabilities } from '../../media/testing/FakeTransportSignal.js';
import type { JoinResult, LessonSnapshot, Participant } from '../types.js';

/** Domain values for tests: a lesson with a teacher and two students. */

export function participant(overrides: Partial<Participant> = {}): Participant {
  return {
    id: 'p-student-1',
    userId: 'u-1',
    displayName: 'Nguyễn Văn An',
    role: 'student',
    connection: 'connected',
    micOn: false,
    cameraOn: true,
    screenOn: false,
    handRaised: false,
    quality: 'good',
    canShareScreen: false,
    groupId: '',
    joinedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

export const TEACHER = participant({ id: 'p-teacher', userId: 'u-t', displayName: 'Cô Lan', role: 'teacher', micOn: true });
export const STUDENT_A = participant();
export const STUDENT_B = participant({ id: 'p-student-2', userId: 'u-2', displayName: 'Trần Thị Bình', cameraOn: false, quality: 'unknown' });

export function snapshot(overrides: Partial<LessonSnapshot> = {}): LessonSnapshot {
  return {
    lesson: {
      id: 'lesson-1',
      title: 'Toán: Phân số',
      className: '6A1',
      subjectName: 'Toán',
      teacherName: 'Cô Lan',
      scheduledStartMs: 1_700_000_000_000,
      scheduledEndMs: 1_700_002_700_000,
    },
    selfParticipantId: STUDENT_A.id,
    selfRole: 'student',
    participants: [TEACHER, STUDENT_A, STUDENT_B],
    recentChat: [
      { id: 'c1', participantId: TEACHER.id, displayName: 'Cô Lan', text: 'Chào các em', sentAtMs: 1_700_000_001_000, groupId: '' },
    ],
    settings: { locked: false, autoAdmit: true, studentsCanUnmute: true, passwordRequired: false },
    handQueue: [],
    breakout: { active: false, groups: [], startedAtMs: 0 },
    liveQuiz: { quiz: null, myAnswer: null, reveal: null },
    recording: { recording: false, startedAtMs: 0, failure: null },
    questions: [],
    handout: null,
    examWatch: { exams: [], rows: [] },
    lobby: [],
    ...overrides,
  };
}

export function joinResult(overrides: Partial<JoinResult> = {}): JoinResult {
  return {
    participantId: STUDENT_A.id,
    resumeToken: 'resume-1',
    routeTicket: '',
    admission: 'admitted',
    snapshot: snapshot(),
    serverTimeMs: 1_700_000_010_000,
    iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
    // What mediasoup-client's own tests load: the fake Device of the session tests loads it.
    rtpCapabilities: fakeRouterCapabilities(),
    media: null,
    ...overrides,
  };
}
