import { describe, expect, it } from 'vitest';
import type { LiveQuizSnapshot } from '../../../classroom/index.js';
import { classroom } from '../../../proto/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage, snapshotToProto } from '../../codec/encodeServer.js';
import { snapshotWith } from '../__fixtures__/snapshot.js';
import { pushes } from './index.js';

const v1 = classroom.v1;
const K = v1.LiveQuestionKind;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();
const body = { kind: 'single_choice' as const, stem: 'Chọn', options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }], fixedOrder: false };
const view = { id: 'lq_1', body, poll: false, targetGroupId: '*', startedAtMs: 1, closesAtMs: 30_001, closedAtMs: 0, revealedAtMs: 0 };

describe('liveQuiz slice', () => {
  it('decodes a launch from the bank or a poll ("" target: the whole lesson), and refuses oversized polls and a launch of nothing', () => {
    expect(decodeClientMessage(frame({ requestId: 1, startLiveQuiz: { bank: { questionId: 'q1' }, durationSec: 30 } })).request).toEqual({
      type: 'startLiveQuiz', source: { kind: 'bank', questionId: 'q1', version: 0 }, durationSec: 30, targetGroupId: '*',
    });
    expect(decodeClientMessage(frame({ requestId: 2, startLiveQuiz: { poll: { text: 'Hiểu chưa?', options: ['Rồi', 'Chưa'] }, durationSec: 20, targetGroupId: 'g1' } })).request).toMatchObject({
      source: { kind: 'poll', options: ['Rồi', 'Chưa'] }, targetGroupId: 'g1',
    });
    expect(() => decodeClientMessage(frame({ requestId: 3, startLiveQuiz: { poll: { text: 'x'.repeat(501), options: ['a', 'b'] } } }))).toThrow(/poll.text/);
    expect(() => decodeClientMessage(frame({ requestId: 4, startLiveQuiz: { poll: { text: 'x', options: ['a', 'b'.repeat(201)] } } }))).toThrow(/poll.options/);
    expect(() => decodeClientMessage(frame({ requestId: 5, startLiveQuiz: { durationSec: 20 } }))).toThrow(/bank question or a poll/);
  });

  it('decodes each kind of answer, and refuses an unknown kind and oversized parts', () => {
    const answer = (a: classroom.v1.LiveAnswer.$Properties) => decodeClientMessage(frame({ requestId: 1, answerLiveQuiz: { quizId: 'lq_1', answer: a } })).request;
    expect(answer({ kind: K.LIVE_QUESTION_KIND_SINGLE_CHOICE, choice: 'B' })).toEqual({ type: 'answerLiveQuiz', quizId: 'lq_1', answer: { kind: 'single_choice', choice: 'B' } });
    expect(answer({ kind: K.LIVE_QUESTION_KIND_TRUE_FALSE, values: [{ statementId: 'a', value: true }, { statementId: 'b' }] })).toMatchObject({ answer: { values: { a: true, b: false } } });
    expect(answer({ kind: K.LIVE_QUESTION_KIND_NUMERIC, text: '3,14' })).toMatchObject({ answer: { kind: 'numeric', text: '3,14' } });
    expect(() => answer({ kind: 0, choice: 'B' })).toThrow(/answer.kind/);
    expect(() => answer({ kind: K.LIVE_QUESTION_KIND_SHORT_TEXT, text: 'x'.repeat(201) })).toThrow(/answer.text/);
    expect(() => answer({ kind: K.LIVE_QUESTION_KIND_MULTIPLE_CHOICE, choices: Array.from({ length: 11 }, (_, i) => String(i)) })).toThrow(/answer.choices/);
  });

  it('a student\'s push and snapshot carry no key; the teacher\'s do', () => {
    const opened = v1.ServerMessage.decode(encodeServerMessage(0, pushes.liveQuizOpened({ type: 'liveQuizOpened', quiz: view })));
    expect(opened.liveQuizOpened?.quiz?.key).toBeFalsy();
    const tally = { answered: 1, correct: 1, partial: 0, incorrect: 0, pending: 0, buckets: { B: 1 } };
    const teacher = { ...view, key: { kind: 'single_choice' as const, correct: 'B', explanation: '' }, tally, byGroup: [], answers: [] };
    const tv = v1.ServerMessage.decode(encodeServerMessage(0, pushes.liveQuizTeacherView({ type: 'liveQuizTeacherView', quiz: teacher })));
    expect(tv.liveQuizTeacherView?.quiz?.key?.correct).toEqual(['B']);
    const student: LiveQuizSnapshot = { quiz: view, myAnswer: { kind: 'single_choice', choice: 'A' }, reveal: null };
    const wire = snapshotToProto(snapshotWith({ liveQuiz: student })).liveQuiz;
    expect(wire?.quiz?.key).toBeFalsy();
    expect(wire?.myAnswer?.choice).toBe('A');
    expect(snapshotToProto(snapshotWith({})).liveQuiz).toBeFalsy();
  });
});
