import { describe, expect, it } from 'vitest';
import { classroom } from '../../../proto/index.js';
import { liveQuizMirror, liveQuizPushes, liveQuizRequests, liveQuizSnapshot, type LiveAnswer, type LiveQuizInfo } from './liveQuiz.js';

const v1 = classroom.v1;
const roundTripPush = <T extends keyof typeof liveQuizPushes>(type: T, push: Parameters<(typeof liveQuizMirror.pushes)[T]>[0]) =>
  liveQuizPushes[type](v1.ServerMessage.decode(v1.ServerMessage.encode((liveQuizMirror.pushes[type] as (p: typeof push) => classroom.v1.ServerMessage.$Properties)(push)).finish()));

const quiz: LiveQuizInfo = {
  id: 'lq1',
  body: { kind: 'trueFalse', stem: 'Xét $y=x^2$', options: [], statements: [{ id: 'a', text: 'Đi qua O' }, { id: 'b', text: 'Đồng biến' }], unit: '' },
  poll: false, targetGroupId: '*', startedAtMs: 1, closesAtMs: 30_001, closedAtMs: 0, revealedAtMs: 0,
  key: { correct: [], truths: { a: true, b: false }, numbers: [], accepted: [], explanation: 'vì…' },
  tally: { answered: 2, correct: 1, partial: 1, incorrect: 0, pending: 0, buckets: { 'a:T': 2, 'b:F': 1, 'b:T': 1 } },
  byGroup: [], answers: [{ participantId: 'p1', userId: 'u1', groupId: '', outcome: 'partial', atMs: 9 }],
};

describe('live quiz codec (client)', () => {
  it('round-trips every kind of answer through the wire', () => {
    const answers: LiveAnswer[] = [
      { kind: 'single', choice: 'B' },
      { kind: 'multiple', choices: ['A', 'C'] },
      { kind: 'trueFalse', values: { a: true, b: false } },
      { kind: 'numeric', text: '3,14' },
      { kind: 'text', text: 'Hà Nội' },
    ];
    for (const answer of answers) {
      const wire = v1.ClientMessage.decode(v1.ClientMessage.encode(liveQuizRequests.answerLiveQuiz({ type: 'answerLiveQuiz', quizId: 'lq1', answer })).finish());
      expect(liveQuizMirror.requests.answerLiveQuiz(wire)).toEqual({ type: 'answerLiveQuiz', quizId: 'lq1', answer });
    }
  });

  it('round-trips the teacher\'s view, and reads a student\'s view without key or tally', () => {
    expect(roundTripPush('liveQuizTeacherView', { type: 'liveQuizTeacherView', quiz })).toEqual({ type: 'liveQuizTeacherView', quiz });
    const student = { ...quiz, key: null, tally: null, answers: [] };
    expect(roundTripPush('liveQuizOpened', { type: 'liveQuizOpened', quiz: student })).toEqual({ type: 'liveQuizOpened', quiz: student });
    expect(liveQuizSnapshot({})).toEqual({ liveQuiz: { quiz: null, myAnswer: null, reveal: null } });
  });

  it('refuses a question kind it does not know (a newer server)', () => {
    const m = v1.ServerMessage.decode(v1.ServerMessage.encode({ liveQuizOpened: { quiz: { id: 'lq1', body: { kind: 99 as classroom.v1.LiveQuestionKind } } } }).finish());
    expect(() => liveQuizPushes.liveQuizOpened(m)).toThrow(/LiveQuestionKind/);
  });
});
