import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotAuthorizedError } from '../../platform/index.js';
import { ESSAY, SINGLE, TRUE_FALSE } from '../__fixtures__/questions.js';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import { MemoryLiveQuizStore, memoryQuestionSource } from '../__fixtures__/memoryLiveQuiz.js';
import { BREAKOUT, breakoutFeature } from '../breakout/index.js';
import type { Audience, FeatureEvent, LessonRoom } from '../liveRoom/index.js';
import { LIVE_QUIZ, liveQuizFeature, type LiveQuizEvent, WHOLE_LESSON } from './index.js';

const BANK = { q1: SINGLE, q2: TRUE_FALSE, essay: ESSAY };

function setup(withBreakout = false) {
  const store = new MemoryLiveQuizStore();
  const quizFeature = liveQuizFeature(store, memoryQuestionSource(BANK, [teacher.userId]));
  const { room, clock } = makeRoom({ autoAdmit: true }, withBreakout ? [breakoutFeature, quizFeature] : [quizFeature]);
  const told: Array<{ audience: Audience; event: LiveQuizEvent }> = [];
  room.on('feature', (audience: Audience, event: FeatureEvent) => {
    if (event.type.startsWith('liveQuiz')) told.push({ audience, event: event as LiveQuizEvent });
  });
  return { store, room, clock, told, quiz: room.feature(LIVE_QUIZ) };
}

async function classOf(room: LessonRoom, n: number) {
  const t = await admittedId(room, teacher);
  const s: string[] = [];
  for (let i = 1; i <= n; i++) s.push(await admittedId(room, student(i)));
  return { t, s };
}

const launchQ1 = { source: { kind: 'bank' as const, questionId: 'q1', version: 0 }, durationSec: 30, targetGroupId: WHOLE_LESSON };
const choose = (choice: string) => ({ kind: 'single_choice' as const, choice });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveQuiz', () => {
  it('puts a bank question to the class without its key; the teachers alone get the key', async () => {
    const { room, quiz, told, store } = setup();
    const { t, s } = await classOf(room, 2);
    const id = await quiz.launch(t, launchQ1);
    expect(store.quizzes.get(id)).toMatchObject({ ref: { questionId: 'q1', version: 1 }, targetGroupId: WHOLE_LESSON, closedAt: null });
    const opened = told.find((e) => e.event.type === 'liveQuizOpened');
    expect(opened?.audience).toEqual({ to: 'everyone' });
    expect(JSON.stringify(opened?.event)).not.toContain('"correct"');
    const teacherView = told.find((e) => e.event.type === 'liveQuizTeacherView');
    expect(teacherView?.audience).toEqual({ to: 'teachers' });
    expect(JSON.stringify(teacherView?.event)).toContain('"correct":"B"');
    const studentSnap = LIVE_QUIZ.snapshotIn(await room.snapshot(s[0]!));
    expect(studentSnap?.quiz?.id).toBe(id);
    expect(JSON.stringify(studentSnap)).not.toContain('"correct"');
    expect(JSON.stringify(LIVE_QUIZ.snapshotIn(await room.snapshot(t)))).toContain('"correct":"B"');
  });

  it('stores each answer before it resolves, keeps the first, and refuses a second with ALREADY_ANSWERED', async () => {
    const { room, quiz, store } = setup();
    const { t, s } = await classOf(room, 2);
    const id = await quiz.launch(t, launchQ1);
    await quiz.answer(s[0]!, id, choose('B'));
    expect(store.answers).toMatchObject([{ quizId: id, userId: 'u-s1', answer: choose('B'), outcome: 'correct', groupId: '' }]);
    await expect(quiz.answer(s[0]!, id, choose('A'))).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_answered' } });
    // Two answers of the same student in one burst: the second is refused before any write.
    const both = await Promise.allSettled([quiz.answer(s[1]!, id, choose('A')), quiz.answer(s[1]!, id, choose('B'))]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(store.answers.map((a) => [a.userId, a.answer])).toEqual([['u-s1', choose('B')], ['u-s2', choose('A')]]);
  });

  it('refuses answers from a teacher, to an unknown option, to another quiz, and after the server clock passed the end', async () => {
    const { room, quiz, clock, store } = setup();
    const { t, s } = await classOf(room, 1);
    const id = await quiz.launch(t, launchQ1);
    await expect(quiz.answer(t, id, choose('B'))).rejects.toMatchObject({ details: { reason: 'not_student' } });
    await expect(quiz.answer(s[0]!, id, choose('Z'))).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { reason: 'answer_invalid' } });
    await expect(quiz.answer(s[0]!, id, { kind: 'numeric', text: '2' })).rejects.toMatchObject({ details: { reason: 'answer_kind' } });
    await expect(quiz.answer(s[0]!, 'lq-other', choose('B'))).rejects.toMatchObject({ details: { reason: 'quiz_closed' } });
    clock.advance(30_000); // the timer has not fired yet: the clock decides
    await expect(quiz.answer(s[0]!, id, choose('B'))).rejects.toMatchObject({ details: { reason: 'quiz_closed' } });
    expect(store.answers).toEqual([]);
  });

  it('closes at the end of the countdown, and the teacher sees the tally coalesced, then reveals', async () => {
    const { room, quiz, clock, told, store } = setup();
    const { t, s } = await classOf(room, 4);
    const id = await quiz.launch(t, launchQ1);
    await Promise.all(s.map((p, i) => quiz.answer(p, id, choose(i < 3 ? 'B' : 'C'))));
    expect(store.commits).toBe(1); // one group commit for the burst
    await vi.advanceTimersByTimeAsync(0);
    const tallies = told.filter((e) => e.event.type === 'liveQuizTally');
    expect(tallies).toHaveLength(1);
    expect(tallies[0]?.audience).toEqual({ to: 'teachers' });
    expect(tallies[0]?.event).toMatchObject({ tally: { answered: 4, correct: 3, incorrect: 1, buckets: { B: 3, C: 1 } } });
    expect((tallies[0]?.event as { newAnswers: unknown[] }).newAnswers).toHaveLength(4);
    clock.advance(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(told.find((e) => e.event.type === 'liveQuizClosed')?.event).toMatchObject({ quizId: id, closedAtMs: clock.now() });
    expect(store.quizzes.get(id)?.closedAt).toBe(clock.now());
    await quiz.reveal(t, id);
    const revealed = told.filter((e) => e.event.type === 'liveQuizRevealed');
    expect(revealed.map((e) => e.audience)).toEqual([{ to: 'teachers' }, { to: 'room', groupId: '' }]);
    expect(revealed[1]?.event).toMatchObject({ reveal: { key: { correct: 'B' }, tally: { answered: 4, buckets: { B: 3, C: 1 } } } });
    const results = told.filter((e) => e.event.type === 'liveQuizMyResult');
    expect(results.map((e) => [e.audience, (e.event as { outcome: string }).outcome])).toContainEqual([{ to: 'participant', participantId: s[3] }, 'incorrect']);
    const snap = LIVE_QUIZ.snapshotIn(await room.snapshot(s[0]!));
    expect(snap?.reveal).toMatchObject({ myOutcome: 'correct', key: { correct: 'B' } });
    await quiz.end(t, id);
    expect(LIVE_QUIZ.snapshotIn(await room.snapshot(s[0]!))?.quiz).toBeNull();
  });

  it('at most one tally push per period while answers keep coming', async () => {
    const { room, quiz, clock, told } = setup();
    const { t, s } = await classOf(room, 6);
    const id = await quiz.launch(t, launchQ1);
    for (const p of s) {
      await quiz.answer(p, id, choose('B'));
      clock.advance(50);
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(500);
    const tallies = told.filter((e) => e.event.type === 'liveQuizTally').map((e) => e.event as Extract<LiveQuizEvent, { type: 'liveQuizTally' }>);
    expect(tallies.length).toBeLessThanOrEqual(3);
    expect(tallies.flatMap((x) => x.newAnswers.map((a) => a.participantId)).sort()).toEqual([...s].sort());
    expect(tallies.at(-1)?.tally.answered).toBe(6);
  });

  it('is the teacher\'s to launch, close, reveal and end; one question at a time; no essays', async () => {
    const { room, quiz } = setup();
    const { t, s } = await classOf(room, 1);
    await expect(quiz.launch(s[0]!, launchQ1)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(quiz.launch(t, { ...launchQ1, source: { kind: 'bank', questionId: 'essay', version: 0 } })).rejects.toMatchObject({ details: { reason: 'kind_not_live' } });
    await expect(quiz.launch(t, { ...launchQ1, durationSec: 3 })).rejects.toMatchObject({ details: { reason: 'duration' } });
    const id = await quiz.launch(t, launchQ1);
    await expect(quiz.launch(t, launchQ1)).rejects.toMatchObject({ details: { reason: 'quiz_running' } });
    await expect(quiz.close(s[0]!, id)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(quiz.reveal(s[0]!, id)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(quiz.end(s[0]!, id)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('a quick poll: refused when oversized or with too many options (nothing stored); answers have no right or wrong', async () => {
    const { room, quiz, store } = setup();
    const { t, s } = await classOf(room, 1);
    const poll = (text: string, options: string[]) => ({ source: { kind: 'poll' as const, text, options }, durationSec: 20, targetGroupId: '' });
    await expect(quiz.launch(t, poll('x'.repeat(501), ['Có', 'Không']))).rejects.toMatchObject({ details: { reason: 'poll_too_large' } });
    await expect(quiz.launch(t, poll('Hiểu bài chưa?', ['1', '2', '3', '4', '5', '6', '7']))).rejects.toMatchObject({ details: { reason: 'poll_options_count' } });
    await expect(quiz.launch(t, poll('Hiểu bài chưa?', ['Rồi', '  <b></b> ']))).rejects.toMatchObject({ details: { reason: 'poll_empty' } });
    expect(store.quizzes.size).toBe(0);
    const id = await quiz.launch(t, poll('Em hiểu bài chưa?', ['Rồi ạ', 'Chưa ạ']));
    await quiz.answer(s[0]!, id, choose('B'));
    expect(store.answers[0]?.outcome).toBe('poll');
    expect(store.quizzes.get(id)?.key).toBeNull();
  });

  it('in breakout groups: a question for one group refuses the others, and each room sees its own distribution', async () => {
    const { room, quiz, told } = setup(true);
    const { t, s } = await classOf(room, 4);
    await room.feature(BREAKOUT).start(t, { assignments: [{ name: 'A', participantIds: [s[0]!, s[1]!] }, { name: 'B', participantIds: [s[2]!, s[3]!] }], randomCount: 0 });
    const gA = room.participant(s[0]!)!.groupId;
    const gB = room.participant(s[2]!)!.groupId;
    const forA = await quiz.launch(t, { ...launchQ1, targetGroupId: gA });
    expect(told.find((e) => e.event.type === 'liveQuizOpened')?.audience).toEqual({ to: 'room', groupId: gA });
    await expect(quiz.answer(s[2]!, forA, choose('B'))).rejects.toMatchObject({ details: { reason: 'not_in_group' } });
    expect(LIVE_QUIZ.snapshotIn(await room.snapshot(s[2]!))?.quiz).toBeNull();
    await quiz.answer(s[0]!, forA, choose('B'));
    await quiz.end(t, forA);
    const all = await quiz.launch(t, launchQ1);
    await quiz.answer(s[0]!, all, choose('A'));
    await quiz.answer(s[2]!, all, choose('B'));
    await quiz.answer(s[3]!, all, choose('B'));
    await quiz.reveal(t, all);
    const byRoom = Object.fromEntries(
      told.filter((e) => e.event.type === 'liveQuizRevealed' && e.audience.to === 'room').map((e) => [(e.audience as { groupId: string }).groupId, (e.event as { reveal: { tally: { answered: number } } }).reveal.tally.answered]),
    );
    expect(byRoom).toMatchObject({ [gA]: 1, [gB]: 2 });
  });

  it('a failed write is not acknowledged, not counted, and the student may answer again', async () => {
    const { room, quiz, store } = setup();
    const { t, s } = await classOf(room, 1);
    const id = await quiz.launch(t, launchQ1);
    store.failures = 2; // the batch, then the retry of the answer alone
    await expect(quiz.answer(s[0]!, id, choose('B'))).rejects.toThrow('disk full');
    await quiz.answer(s[0]!, id, choose('B'));
    expect(store.answers).toHaveLength(1);
  });
});
