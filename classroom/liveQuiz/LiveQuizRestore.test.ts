import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SINGLE } from '../__fixtures__/questions.js';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import { MemoryLiveQuizStore, memoryQuestionSource } from '../__fixtures__/memoryLiveQuiz.js';
import type { Audience, FeatureEvent } from '../liveRoom/index.js';
import { LIVE_QUIZ, liveQuizFeature, WHOLE_LESSON, type LiveQuizEvent, type TeacherQuizView } from './index.js';

/**
 * A question open when the lesson's room went away (a crash, a restart, everyone gone) comes back
 * in the lesson's next room: same question, same deadline, the answers already stored.
 */
function roomOn(store: MemoryLiveQuizStore, advanceMs = 0) {
  const { room, clock } = makeRoom({ autoAdmit: true }, [liveQuizFeature(store, memoryQuestionSource({ q1: SINGLE }, [teacher.userId]))]);
  clock.advance(advanceMs);
  const told: Array<{ audience: Audience; event: LiveQuizEvent }> = [];
  room.on('feature', (audience: Audience, event: FeatureEvent) => {
    if (event.type.startsWith('liveQuiz')) told.push({ audience, event: event as LiveQuizEvent });
  });
  return { room, clock, told, quiz: room.feature(LIVE_QUIZ) };
}

const choose = (choice: string) => ({ kind: 'single_choice' as const, choice });

/** A question for 60 s, answered by student 1 (B, right) 10 s in; then the room goes away. */
async function openQuestionThenCrash(store: MemoryLiveQuizStore): Promise<string> {
  const { room, clock, quiz } = roomOn(store);
  const t = await admittedId(room, teacher);
  const s1 = await admittedId(room, student(1));
  await admittedId(room, student(2));
  const id = await quiz.launch(t, { source: { kind: 'bank', questionId: 'q1', version: 0 }, durationSec: 60, targetGroupId: WHOLE_LESSON });
  clock.advance(10_000);
  await quiz.answer(s1, id, choose('B'));
  room.close();
  return id;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveQuiz after its room went away', () => {
  it('restores the open question with its deadline and stored answers: an answer is not taken twice, the others may answer, the deadline closes it', async () => {
    const store = new MemoryLiveQuizStore();
    const id = await openQuestionThenCrash(store);
    const { room, quiz, told, clock } = roomOn(store, 20_000); // back 20 s after the launch
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    const teacherSnap = LIVE_QUIZ.snapshotIn(await room.snapshot(t))?.quiz as TeacherQuizView;
    expect(teacherSnap).toMatchObject({ id, closedAtMs: 0, tally: { answered: 1, correct: 1 } });
    expect(teacherSnap.closesAtMs - clock.now()).toBe(40_000);
    // The answer is listed under the student's participant id now.
    expect(teacherSnap.answers.map((a) => [a.participantId, a.userId])).toEqual([[s1, 'u-s1']]);
    const mine = LIVE_QUIZ.snapshotIn(await room.snapshot(s1));
    expect(mine).toMatchObject({ quiz: { id }, myAnswer: choose('B') });
    expect(JSON.stringify(mine)).not.toContain('"correct"');
    await expect(quiz.answer(s1, id, choose('A'))).rejects.toMatchObject({ details: { reason: 'already_answered' } });
    await quiz.answer(s2, id, choose('A'));
    expect(store.answers.map((a) => [a.userId, a.answer])).toEqual([['u-s1', choose('B')], ['u-s2', choose('A')]]);
    clock.advance(40_000);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(store.quizzes.get(id)?.closedAt).toBe(clock.now());
    expect(told.some((e) => e.event.type === 'liveQuizClosed')).toBe(true);
    await quiz.reveal(t, id);
    const results = told.filter((e) => e.event.type === 'liveQuizMyResult').map((e) => [e.audience, (e.event as { outcome: string }).outcome]);
    expect(results).toEqual(expect.arrayContaining([[{ to: 'participant', participantId: s1 }, 'correct'], [{ to: 'participant', participantId: s2 }, 'incorrect']]));
  });

  it('closes it at its deadline when that passed meanwhile, with its answers, so the teacher can still reveal it', async () => {
    const store = new MemoryLiveQuizStore();
    const id = await openQuestionThenCrash(store);
    const { room, quiz, clock } = roomOn(store, 5 * 60_000);
    const t = await admittedId(room, teacher);
    const s2 = await admittedId(room, student(2));
    const snap = LIVE_QUIZ.snapshotIn(await room.snapshot(t))?.quiz as TeacherQuizView;
    expect(snap).toMatchObject({ id, tally: { answered: 1 } });
    expect(snap.closedAtMs).toBe(snap.closesAtMs);
    expect(store.quizzes.get(id)?.closedAt).toBe(snap.closesAtMs);
    expect(snap.closesAtMs).toBeLessThan(clock.now());
    await expect(quiz.answer(s2, id, choose('B'))).rejects.toMatchObject({ details: { reason: 'quiz_closed' } });
    await quiz.reveal(t, id);
    expect(store.quizzes.get(id)?.revealedAt).toBe(clock.now());
  });

  it('brings back a question the teacher had revealed but not ended, revealed: key, distribution and each one’s outcome', async () => {
    const store = new MemoryLiveQuizStore();
    const id = await openQuestionThenCrash(store);
    const before = roomOn(store, 20_000);
    const t0 = await admittedId(before.room, teacher);
    await before.quiz.reveal(t0, id);
    before.room.close();
    const { room, quiz } = roomOn(store, 30_000);
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    const teacherSnap = LIVE_QUIZ.snapshotIn(await room.snapshot(t));
    expect(teacherSnap?.quiz).toMatchObject({ id, tally: { answered: 1, correct: 1 } });
    expect((teacherSnap?.quiz as TeacherQuizView).closedAtMs).toBeGreaterThan(0);
    expect(teacherSnap?.reveal).toMatchObject({ key: { correct: 'B' }, tally: { answered: 1 } });
    expect(LIVE_QUIZ.snapshotIn(await room.snapshot(s1))).toMatchObject({ quiz: { id }, myAnswer: choose('B'), reveal: { myOutcome: 'correct' } });
    expect(LIVE_QUIZ.snapshotIn(await room.snapshot(s2))).toMatchObject({ quiz: { id }, myAnswer: null, reveal: { myOutcome: null } });
    await expect(quiz.answer(s2, id, choose('B'))).rejects.toMatchObject({ details: { reason: 'quiz_closed' } });
    // Still the teacher's to end; ended, it is gone for good.
    await quiz.end(t, id);
    room.close();
    const after = roomOn(store, 40_000);
    const t2 = await admittedId(after.room, teacher);
    expect(LIVE_QUIZ.snapshotIn(await after.room.snapshot(t2))?.quiz).toBeNull();
  });

  it('brings back a closed question closed (the teacher may still reveal it); an ended one never, and a new one can be launched', async () => {
    const store = new MemoryLiveQuizStore();
    const first = roomOn(store);
    const t0 = await admittedId(first.room, teacher);
    const id = await first.quiz.launch(t0, { source: { kind: 'bank', questionId: 'q1', version: 0 }, durationSec: 60, targetGroupId: WHOLE_LESSON });
    await first.quiz.close(t0, id);
    first.room.close();
    const second = roomOn(store, 1000);
    const t1 = await admittedId(second.room, teacher);
    expect(LIVE_QUIZ.snapshotIn(await second.room.snapshot(t1))?.quiz).toMatchObject({ id });
    expect(LIVE_QUIZ.snapshotIn(await second.room.snapshot(t1))?.reveal).toBeNull();
    await second.quiz.end(t1, id);
    expect(store.quizzes.get(id)?.endedAt).toBeGreaterThan(0);
    second.room.close();
    const { room, quiz } = roomOn(store, 2000);
    const t = await admittedId(room, teacher);
    expect(LIVE_QUIZ.snapshotIn(await room.snapshot(t))?.quiz).toBeNull();
    await expect(quiz.launch(t, { source: { kind: 'poll', text: 'Hiểu bài chưa?', options: ['Rồi', 'Chưa'] }, durationSec: 30, targetGroupId: WHOLE_LESSON })).resolves.toMatch(/^lq/);
  });
});
