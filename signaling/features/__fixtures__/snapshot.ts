import type { LessonSnapshot } from '../../../classroom/index.js';

/** A domain snapshot of one student in a lesson, with the given live features' parts. */
export function snapshotWith(features: LessonSnapshot['features']): LessonSnapshot {
  const self = {
    id: 'p1', userId: 'u1', displayName: 'Học sinh 1', role: 'student' as const, connection: 'connected' as const, micOn: false, cameraOn: false,
    screenOn: false, handRaised: false, quality: 'unknown' as const, canShareScreen: false, groupId: '', joinedAtMs: 1,
  };
  return {
    lesson: { id: 'l1', title: 'Toán', className: '8A1', subjectName: 'Toán', teacherName: 'Cô Hoa', scheduledStartMs: 0, scheduledEndMs: 0 },
    self,
    participants: [self],
    recentChat: [],
    settings: { locked: false, autoAdmit: true, studentsCanUnmute: true, passwordRequired: false },
    lobby: [],
    features,
  };
}
