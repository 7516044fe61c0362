import { describe, expect, it, vi } from 'vitest';
import type { LiveQuizInfo } from '../net/index.js';
import { joinResult, snapshot, STUDENT_A, STUDENT_B } from '../net/testing/fixtures.js';
import { notice } from './connection.js';
import { serverClockOffsetMs } from './lesson.js';
import { answeredBy, endQuiz, launchPoll, liveQuiz, myAnswer, myOutcome, notYetAnswered, remainingMs, revealed, submitAnswer } from './liveQuiz.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs, asTeacher } = lessonHarness();

const body = { kind: 'single' as const, stem: 'Nghiệm của $2x-4=0$?', options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }], statements: [], unit: '' };
const quiz = (over: Partial<LiveQuizInfo> = {}): LiveQuizInfo => ({
  id: 'lq1', body, poll: false, targetGroupId: '*', startedAtMs: 1_000, closesAtMs: 31_000, closedAtMs: 0, revealedAtMs: 0,
  key: null, tally: null, byGroup: [], answers: [], ...over,
});
const tally = (answered: number, b: Record<string, number>) => ({ answered, correct: b.B ?? 0, partial: 0, incorrect: answered - (b.B ?? 0), pending: 0, buckets: b });

describe('live quiz state', () => {
  it('a student sees the question with the server\'s countdown, answers once, and sees the reveal', async () => {
    const ws = await joinAs();
    ws.push({ type: 'liveQuizOpened', quiz: quiz() });
    expect(liveQuiz.value?.id).toBe('lq1');
    expect(notice.value).toBe('Giáo viên vừa đặt câu hỏi!');
    serverClockOffsetMs.value = 10_000; // the server is 10 s ahead of this phone
    expect(remainingMs(11_000)).toBe(10_000);
    const sent = submitAnswer({ kind: 'single', choice: 'B' });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('answerLiveQuiz').request).toEqual({ type: 'answerLiveQuiz', quizId: 'lq1', answer: { kind: 'single', choice: 'B' } });
    expect(myAnswer.value).toBeNull(); // counted only once the server stored it
    ws.respond(ws.last('answerLiveQuiz').requestId, { type: 'ack' });
    await expect(sent).resolves.toBe(true);
    expect(myAnswer.value).toEqual({ kind: 'single', choice: 'B' });
    await expect(submitAnswer({ kind: 'single', choice: 'A' })).resolves.toBe(false);
    ws.push({ type: 'liveQuizClosed', quizId: 'lq1', closedAtMs: 20_000 });
    ws.push({ type: 'liveQuizRevealed', quizId: 'lq1', key: { correct: ['B'], truths: {}, numbers: [], accepted: [], explanation: '' }, tally: tally(3, { A: 1, B: 2 }) });
    ws.push({ type: 'liveQuizMyResult', quizId: 'lq1', outcome: 'correct' });
    expect(revealed.value?.tally.buckets).toEqual({ A: 1, B: 2 });
    expect(myOutcome.value).toBe('correct');
    ws.push({ type: 'liveQuizEnded', quizId: 'lq1' });
    expect(liveQuiz.value).toBeNull();
  });

  it('a refused answer says why in Vietnamese and is not kept', async () => {
    const ws = await joinAs();
    ws.push({ type: 'liveQuizOpened', quiz: quiz() });
    const sent = submitAnswer({ kind: 'single', choice: 'A' });
    await vi.advanceTimersByTimeAsync(0);
    ws.respond(ws.last('answerLiveQuiz').requestId, { type: 'error', code: 'CONFLICT', message: 'Time is up', reason: 'quiz_closed' });
    await expect(sent).resolves.toBe(false);
    expect(notice.value).toBe('Câu hỏi đã hết giờ, câu trả lời không được ghi nhận.');
    expect(myAnswer.value).toBeNull();
  });

  it('the teacher sees who answered as tallies arrive, who has not, and ends the question', async () => {
    const ws = await joinAs(asTeacher());
    ws.push({ type: 'liveQuizOpened', quiz: quiz() });
    ws.push({ type: 'liveQuizTeacherView', quiz: quiz({ key: { correct: ['B'], truths: {}, numbers: [], accepted: [], explanation: '' }, tally: tally(0, {}) }) });
    ws.push({ type: 'liveQuizOpened', quiz: quiz() }); // a student view arriving late does not hide the key
    expect(liveQuiz.value?.key?.correct).toEqual(['B']);
    expect(notYetAnswered.value.map((p) => p.id).sort()).toEqual([STUDENT_A.id, STUDENT_B.id].sort());
    ws.push({ type: 'liveQuizTally', quizId: 'lq1', tally: tally(1, { B: 1 }), byGroup: [], newAnswers: [{ participantId: STUDENT_A.id, userId: 'u-1', groupId: '', outcome: 'correct', atMs: 5 }] });
    expect(liveQuiz.value?.tally?.answered).toBe(1);
    expect([...answeredBy.value.keys()]).toEqual([STUDENT_A.userId]);
    expect(notYetAnswered.value.map((p) => p.id)).toEqual([STUDENT_B.id]);
    void endQuiz();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('endLiveQuiz').request).toEqual({ type: 'endLiveQuiz', quizId: 'lq1' });
  });

  it('a poll the server would refuse is refused here, with the limits', async () => {
    const ws = await joinAs(asTeacher());
    await expect(launchPoll('Hiểu bài chưa?', ['Rồi'], 30)).resolves.toBe(false);
    expect(notice.value).toContain('từ 2 đến 6 lựa chọn');
    void launchPoll(' Hiểu bài chưa? ', ['Rồi', ' ', 'Chưa'], 30);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('startLiveQuiz').request).toEqual({ type: 'startLiveQuiz', source: { kind: 'poll', text: 'Hiểu bài chưa?', options: ['Rồi', 'Chưa'] }, durationSec: 30, targetGroupId: '*' });
  });

  it('a snapshot brings back the question, our answer and the reveal after a reload', async () => {
    const reveal = { key: { correct: ['B'], truths: {}, numbers: [], accepted: [], explanation: '' }, tally: tally(2, { B: 2 }), myOutcome: 'correct' as const };
    await joinAs(joinResult({ snapshot: snapshot({ liveQuiz: { quiz: quiz({ closedAtMs: 20_000, revealedAtMs: 21_000 }), myAnswer: { kind: 'single', choice: 'B' }, reveal } }) }));
    expect(liveQuiz.value?.id).toBe('lq1');
    expect(myAnswer.value).toEqual({ kind: 'single', choice: 'B' });
    expect(myOutcome.value).toBe('correct');
    expect(revealed.value?.tally.answered).toBe(2);
  });
});
