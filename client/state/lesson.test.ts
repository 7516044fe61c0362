import { beforeEach, describe, expect, it } from 'vitest';
import { participant, snapshot, STUDENT_A, STUDENT_B, TEACHER } from '../net/testing/fixtures.js';
import {
  applySnapshot,
  compareParticipants,
  featuredTeacher,
  othersPublish,
  participantCount,
  participants,
  remoteParticipants,
  removeParticipant,
  resetLesson,
  self,
  selfRole,
  upsertParticipant,
} from './lesson.js';

beforeEach(() => resetLesson());

describe('lesson state', () => {
  it('applySnapshot() loads the lesson, self and every participant', () => {
    applySnapshot(snapshot(), 0);
    expect(participantCount.value).toBe(3);
    expect(self.value?.id).toBe(STUDENT_A.id);
    expect(selfRole.value).toBe('student');
    expect(featuredTeacher.value?.id).toBe(TEACHER.id);
    expect(remoteParticipants.value.map((p) => p.id)).toEqual([TEACHER.id, STUDENT_A.id, STUDENT_B.id].filter((id) => id !== STUDENT_A.id));
  });

  it('othersPublish() says whether someone else in our room sends media (what we will receive)', () => {
    const quiet = (p: typeof TEACHER) => ({ ...p, micOn: false, cameraOn: false, screenOn: false });
    expect(othersPublish(snapshot())).toBe(true); // the teacher's microphone
    expect(othersPublish(snapshot({ participants: [quiet(TEACHER), STUDENT_A, quiet(STUDENT_B)] }))).toBe(false); // only our own camera
    expect(othersPublish(snapshot({ participants: [quiet(TEACHER), STUDENT_A, { ...quiet(STUDENT_B), screenOn: true }] }))).toBe(true);
    // In a breakout group, only the group's own media comes to us.
    const inGroup = { ...STUDENT_A, groupId: 'g1' };
    expect(othersPublish(snapshot({ participants: [TEACHER, inGroup, quiet(STUDENT_B)] }))).toBe(false);
    expect(othersPublish(snapshot({ participants: [TEACHER, inGroup, { ...STUDENT_B, groupId: 'g1', micOn: true }] }))).toBe(true);
  });

  it('a participant who joins is added, and an update replaces them whole', () => {
    applySnapshot(snapshot(), 0);
    const newcomer = participant({ id: 'p-new', displayName: 'Phạm Minh Cường' });
    upsertParticipant(newcomer);
    expect(participantCount.value).toBe(4);
    upsertParticipant({ ...newcomer, micOn: true, connection: 'reconnecting' });
    expect(participants.value.get('p-new')).toMatchObject({ micOn: true, connection: 'reconnecting' });
    expect(participantCount.value).toBe(4);
  });

  it('a participant who leaves is removed; an unknown id changes nothing', () => {
    applySnapshot(snapshot(), 0);
    const before = participants.value;
    removeParticipant('nobody');
    expect(participants.value).toBe(before);
    removeParticipant(STUDENT_B.id);
    expect(participants.value.has(STUDENT_B.id)).toBe(false);
    expect(participantCount.value).toBe(2);
  });

  it('a leaving teacher leaves the stage empty', () => {
    applySnapshot(snapshot(), 0);
    removeParticipant(TEACHER.id);
    expect(featuredTeacher.value).toBeNull();
  });

  it('orders teachers first, then students by given name the Vietnamese way', () => {
    const names = ['Trần Văn Bình', 'Nguyễn Thị An', 'Lê Minh Đức', 'Phạm Văn Dũng', 'Hoàng Thị Anh'];
    const list = names.map((displayName, i) => participant({ id: `s${i}`, displayName }));
    const sorted = [...list, TEACHER].sort(compareParticipants).map((p) => p.displayName);
    expect(sorted).toEqual(['Cô Lan', 'Nguyễn Thị An', 'Hoàng Thị Anh', 'Trần Văn Bình', 'Phạm Văn Dũng', 'Lê Minh Đức']);
  });

  it('self is the participant with the snapshot\'s self id, for a teacher too', () => {
    applySnapshot(snapshot({ selfParticipantId: TEACHER.id, selfRole: 'teacher' }), 0);
    expect(self.value?.displayName).toBe('Cô Lan');
    expect(featuredTeacher.value).toBeNull();
    expect(remoteParticipants.value.map((p) => p.id)).toEqual([STUDENT_A.id, STUDENT_B.id]);
  });
});
