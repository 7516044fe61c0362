import { describe, expect, it } from 'vitest';
import type { Storage } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const H = 3_600_000;
const CODE = '0790000101';

/** Two students of 10A1 who attended one lesson, one parent of the first, and their traces. */
async function seedTwoStudents(s: Storage) {
  const lesson = await seedLesson(s);
  await s.accounts.create(account({ id: 'u_s1', role: 'student', code: CODE, username: 'an.le' }));
  await s.accounts.create(account({ id: 'u_s2', role: 'student', code: '0790000102' }));
  await s.accounts.create(account({ id: 'u_p1', role: 'parent', username: 'phuhuynh1' }));
  await s.schools.enrol('u_s1', lesson.classId);
  await s.schools.enrol('u_s2', lesson.classId);
  await s.schools.linkParent('u_p1', 'u_s1');
  await s.schools.linkParent('u_p1', 'u_s2');
  for (const userId of ['u_s1', 'u_s2']) {
    await s.attendance.appendMany([
      { lessonId: 'les_1', userId, kind: 'join', at: 10 * H },
      { lessonId: 'les_1', userId, kind: 'camera_on', at: 10 * H + 1 },
      { lessonId: 'les_1', userId, kind: 'leave', reason: 'left', at: 11 * H },
    ]);
    const session = { userId, createdAt: 1, expiresAt: 10 * H, lastSeenAt: 1, passwordChangeOnly: false, ip: null, userAgent: null, revokedAt: null };
    await s.sessions.create({ ...session, tokenHash: `h_${userId}` });
    await s.loginThrottle.update('account', userId, 5, (st) => ({ ...st, failures: 1 }));
  }
  await s.loginThrottle.update('lesson_password', 'u_s1:les_1', 5, (st) => ({ ...st, failures: 2 }));
  await s.roomDecisions.record('les_1', { kind: 'admission', userIds: ['u_s1', 'u_s2'], admitted: true }, 5);
  await s.loginThrottle.update('lesson_password', 'u_s10:les_1', 5, (st) => ({ ...st, failures: 2 }));
  const quiz = { id: 'lq_1', lessonId: 'les_1', teacherId: 'u_t1', targetGroupId: '*', ref: null, key: null, startedAt: 10 * H, closesAt: 10 * H + 30_000, closedAt: null, revealedAt: null, endedAt: null };
  await s.liveQuiz.saveQuiz({ ...quiz, body: { kind: 'single_choice', stem: 'Hiểu chưa?', options: [{ id: 'A', text: 'Rồi' }, { id: 'B', text: 'Chưa' }], fixedOrder: true } });
  await s.liveQuiz.saveAnswers(['u_s1', 'u_s2'].map((userId) => ({ quizId: 'lq_1', lessonId: 'les_1', userId, groupId: '', answer: { kind: 'single_choice', choice: 'A' }, outcome: 'poll', answeredAt: 10 * H + 1 })));
  const ev = { schoolId: 'sch_1', ip: '10.0.0.1', userAgent: 'UA', detail: null };
  await s.authEvents.record({ ...ev, at: 1, kind: 'login_succeeded', userId: 'u_s1', login: CODE });
  await s.authEvents.record({ ...ev, at: 2, kind: 'login_failed', userId: null, schoolId: null, login: 'an.le' });
  await s.authEvents.record({ ...ev, at: 3, kind: 'login_succeeded', userId: 'u_s2', login: '0790000102' });
  // A recording of the lesson with a chat message of each student kept with it (issue 9).
  await s.recordings.createRecording({ id: 'rec_priv', lessonId: 'les_1', startedBy: 'u_t1', state: 'stopped', failure: null, directory: 'rec_priv', startedAt: 10 * H, stoppedAt: 11 * H, published: false, hold: false, videoBlob: null, durationMs: null });
  for (const userId of ['u_s1', 'u_s2']) await s.recordedChat.add({ recordingId: 'rec_priv', userId, displayName: userId, text: `Chào cô (${userId})`, sentAt: 10 * H + 2 });
  await s.personalDataAudit.record({ at: 4, actorId: 'u_admin', schoolId: 'sch_1', action: 'export', subjectUserId: 'u_s1', resource: 'student:u_s1', ip: null, detail: null });
  return lesson;
}

/** An exam of the lesson's class with an attempt, an answer and an event of each student. */
async function seedExamAttempts(s: Storage, lesson: { schoolId: string; classId: string; subjectId: string; teacherId: string }): Promise<void> {
  await s.exams.createExam({
    id: 'e_priv', schoolId: lesson.schoolId, classId: lesson.classId, subjectId: lesson.subjectId, teacherId: lesson.teacherId, lessonId: null, mode: 'quiz', title: 'Q',
    opensAt: 1, closesAt: 2, timeLimitMs: null, attemptsAllowed: 1, shuffleQuestions: false, shuffleOptions: false, releasePolicy: 'manual', releasedAt: null,
    scheme: { id: 'simple', name: 's', parts: [] }, questions: [], createdAt: 1, updatedAt: 1,
  });
  for (const studentId of ['u_s1', 'u_s2']) {
    const id = `a_${studentId.slice(2)}`;
    await s.exams.createAttempt({ id, examId: 'e_priv', studentId, number: 1, seed: 's', startedAt: 1, deadlineAt: 2, status: 'in_progress', finishedAt: null, clientId: 'tab', ip: '10.0.0.1', result: null, feedback: '' });
    await s.exams.putAnswer(id, { questionId: 'q', answer: { kind: 'essay', text: 'x' }, seq: 1, savedAt: 1 });
    await s.exams.addEvent({ examId: 'e_priv', attemptId: id, studentId, actorId: studentId, kind: 'answer', at: 1, clientId: 'tab', ip: '10.0.0.1', data: {} });
  }
}

export function personalDataContract(target: ContractTarget): void {
  describe('PersonalDataStore', () => {
    const ctx = useStorage(target);

    it("reads all of one person's events, logins (by id or by typed login) and the accesses to their data", async () => {
      const s = ctx.storage;
      await seedTwoStudents(s);
      expect((await s.personalData.attendanceOf('u_s1')).map((e) => [e.userId, e.kind])).toEqual([
        ['u_s1', 'join'],
        ['u_s1', 'camera_on'],
        ['u_s1', 'leave'],
      ]);
      expect((await s.personalData.authEventsOf('u_s1', [CODE, 'an.le'])).map((e) => e.at)).toEqual([1, 2]);
      expect((await s.personalData.authEventsOf('u_s1', [])).map((e) => e.at)).toEqual([1]);
      expect((await s.personalData.accessesAbout('u_s1')).map((a) => a.resource)).toEqual(['student:u_s1']);
    });

    it("erases one student and everything tied to them, and nobody else's", async () => {
      const s = ctx.storage;
      const lesson = await seedTwoStudents(s);
      await seedExamAttempts(s, lesson);
      expect(await s.personalData.eraseStudent('u_s1', [CODE, 'an.le'])).toEqual({
        account: 1,
        classMembership: 1,
        parentLinks: 1,
        sessions: 1,
        loginThrottle: 2,
        attendanceEvents: 3,
        liveQuizAnswers: 1,
        authEvents: 2,
        submissions: 0,
        uploads: 0,
        grades: 0,
        gradebookEntries: 0,
        scoreChanges: 0,
        liveRoomDecisions: 1,
        examAttempts: 1,
        recordedChat: 1,
      });
      expect(await s.recordedChat.ofUser('u_s1')).toEqual([]);
      expect((await s.recordedChat.ofRecording('rec_priv')).map((m) => [m.userId, m.text])).toEqual([['u_s2', 'Chào cô (u_s2)']]);
      expect(await s.exams.attemptsOf('e_priv', 'u_s1')).toEqual([]);
      expect(await s.exams.eventsOf('e_priv', { attemptId: 'a_s1' })).toEqual([]);
      expect(await s.exams.attemptsOf('e_priv', 'u_s2')).toHaveLength(1);
      expect(await s.exams.answersOf('a_s2')).toHaveLength(1);
      expect(await s.accounts.get('u_s1')).toBeUndefined();
      expect(await s.accounts.findByCode(CODE)).toBeUndefined();
      expect(await s.schools.classOfStudent('u_s1')).toBeUndefined();
      expect(await s.schools.childrenOf('u_p1')).toEqual(['u_s2']);
      expect(await s.sessions.get('h_u_s1')).toBeUndefined();
      expect(await s.loginThrottle.get('account', 'u_s1')).toBeUndefined();
      expect(await s.loginThrottle.get('lesson_password', 'u_s1:les_1')).toBeUndefined();
      expect(await s.loginThrottle.get('lesson_password', 'u_s10:les_1')).toBeDefined();
      expect(await s.personalData.attendanceOf('u_s1')).toEqual([]);
      expect((await s.roomDecisions.load('les_1')).admittedUsers).toEqual(['u_s2']);
      expect(await s.personalData.authEventsOf('u_s1', [CODE, 'an.le'])).toEqual([]);
      // The record of what the school did with the data stays.
      expect(await s.personalData.accessesAbout('u_s1')).toHaveLength(1);
      // The other student is untouched.
      expect((await s.schools.rosterOfClass(lesson.classId)).map((r) => r.userId)).toEqual(['u_s2']);
      expect(await s.personalData.attendanceOf('u_s2')).toHaveLength(3);
      expect((await s.liveQuiz.answersOfUser('u_s2')).map((a) => a.userId)).toEqual(['u_s2']);
      expect(await s.liveQuiz.answersOfUser('u_s1')).toEqual([]);
      expect(await s.sessions.get('h_u_s2')).toBeDefined();
      expect(await s.loginThrottle.get('account', 'u_s2')).toBeDefined();
      expect((await s.authEvents.forUser('u_s2')).map((e) => e.at)).toEqual([3]);
      // The code is free again: the same person may be imported anew later.
      await s.accounts.create(account({ id: 'u_s1b', role: 'student', code: CODE }));
    });

    it('erases nothing for an unknown id or an account that is not a student', async () => {
      const s = ctx.storage;
      await seedTwoStudents(s);
      const none = { account: 0, classMembership: 0, parentLinks: 0, sessions: 0, loginThrottle: 0, attendanceEvents: 0, liveQuizAnswers: 0, authEvents: 0, submissions: 0, uploads: 0, grades: 0, gradebookEntries: 0, scoreChanges: 0, liveRoomDecisions: 0, examAttempts: 0, recordedChat: 0 };
      expect(await s.personalData.eraseStudent('u_nobody', [])).toEqual(none);
      expect(await s.personalData.eraseStudent('u_t1', ['079000000001'])).toEqual(none);
      expect(await s.accounts.get('u_t1')).toBeDefined();
    });

    it('inside a transaction that fails, erases nothing', async () => {
      const s = ctx.storage;
      await seedTwoStudents(s);
      const failing = s.transaction(async (tx) => {
        await tx.personalData.eraseStudent('u_s1', [CODE]);
        throw new Error('audit write failed');
      });
      await expect(failing).rejects.toThrow('audit write failed');
      expect(await s.accounts.get('u_s1')).toBeDefined();
      expect(await s.personalData.attendanceOf('u_s1')).toHaveLength(3);
    });
  });
}
