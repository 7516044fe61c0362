import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import { ServerError, type LiveAnswer, type LiveAnswered, type LiveKey, type LiveOutcome, type LiveQuizInfo, type LiveTally } from '../net/index.js';
import { log } from '../util/log.js';
import { showNotice } from './connection.js';
import { describeError } from './errors.js';
import { participants, selfRole, serverClockOffsetMs } from './lesson.js';
import type { LessonPart } from './LessonPartTypes.js';
import { lessonRequest } from './requests.js';

/**
 * The live quiz (R2, R8, R11). A student sees the open question as a card with big buttons and
 * a countdown (the server's clock: closesAtMs against our offset to it), answers once, then
 * sees the key and the class's distribution when the teacher reveals it. A teacher launches a
 * bank question or a poll, and watches the answers arrive (the tally pushes, at most four a
 * second, carry only the answers new since the previous one).
 */

/** Limits the server enforces (docs/protocol.md), checked here first for a clear message. */
export const QUIZ_LIMITS = { pollQuestion: 500, pollOption: 200, minOptions: 2, maxOptions: 6, minSeconds: 5, maxSeconds: 600, answerText: 200 } as const;
export const WHOLE_LESSON = '*';

export const liveQuiz = signal<LiveQuizInfo | null>(null);
/** Our own accepted answer (students). */
export const myAnswer = signal<LiveAnswer | null>(null);
export const myOutcome = signal<LiveOutcome | null>(null);
/** Set at the reveal: the key and the distribution of our room. */
export const revealed = signal<{ key: LiveKey | null; tally: LiveTally } | null>(null);
/**
 * Teachers: who answered, by user id (a student who came back, or whose answer the server
 * restored after a restart, has another participant id than when they answered).
 */
export const answeredBy = signal<ReadonlyMap<string, LiveAnswered>>(new Map());
export const answering = signal(false);

export const quizOpen = computed(() => {
  const q = liveQuiz.value;
  return q !== null && q.closedAtMs === 0;
});

/** Milliseconds left on the server's clock at local time `nowMs`. */
export function remainingMs(nowMs: number): number {
  const q = liveQuiz.value;
  if (!q || q.closedAtMs !== 0) return 0;
  return Math.max(0, q.closesAtMs - (nowMs + serverClockOffsetMs.value));
}

/** Teachers: the students asked who have not answered yet (present, in the target's rooms). */
export const notYetAnswered = computed(() => {
  const q = liveQuiz.value;
  if (!q) return [];
  const done = answeredBy.value;
  return [...participants.value.values()].filter(
    (p) => p.role === 'student' && (q.targetGroupId === WHOLE_LESSON || p.groupId === q.targetGroupId) && !done.has(p.userId),
  );
});

/** The server's reasons for refusing a quiz request that the page explains in its own words. */
const REASONS = ['already_answered', 'quiz_closed', 'not_in_group', 'not_student', 'answer_invalid', 'quiz_running', 'kind_not_live', 'no_bank', 'poll_too_large', 'poll_options_count', 'poll_empty'] as const;
type Reason = (typeof REASONS)[number];

function quizError(error: unknown): string {
  if (error instanceof ServerError && (REASONS as readonly string[]).includes(error.reason)) return t(`quiz.error.${error.reason as Reason}`);
  return describeError(error);
}

async function quizAct(request: Parameters<typeof lessonRequest>[0]): Promise<boolean> {
  try {
    await lessonRequest(request);
    return true;
  } catch (error) {
    log.info(`${request.type} failed`, error);
    showNotice(quizError(error), 6000);
    return false;
  }
}

export function launchBankQuestion(questionId: string, durationSec: number, targetGroupId = WHOLE_LESSON): Promise<boolean> {
  return quizAct({ type: 'startLiveQuiz', source: { kind: 'bank', questionId, version: 0 }, durationSec, targetGroupId });
}

/** A quick poll; refused here when it could not pass the server's checks. */
export function launchPoll(text: string, options: readonly string[], durationSec: number, targetGroupId = WHOLE_LESSON): Promise<boolean> {
  const question = text.trim();
  const opts = options.map((o) => o.trim()).filter((o) => o !== '');
  const L = QUIZ_LIMITS;
  if (!question || [...question].length > L.pollQuestion || opts.length < L.minOptions || opts.length > L.maxOptions || opts.some((o) => [...o].length > L.pollOption)) {
    showNotice(t('quiz.error.poll_invalid', { min: L.minOptions, max: L.maxOptions }), 6000);
    return Promise.resolve(false);
  }
  return quizAct({ type: 'startLiveQuiz', source: { kind: 'poll', text: question, options: opts }, durationSec, targetGroupId });
}

/** Students: sends the answer; it counts once the server acknowledged it (stored). */
export async function submitAnswer(answer: LiveAnswer): Promise<boolean> {
  const q = liveQuiz.value;
  if (!q || answering.value || myAnswer.value) return false;
  answering.value = true;
  try {
    await lessonRequest({ type: 'answerLiveQuiz', quizId: q.id, answer });
    if (liveQuiz.value?.id === q.id) myAnswer.value = answer;
    return true;
  } catch (error) {
    log.info('answerLiveQuiz failed', error);
    showNotice(quizError(error), 6000);
    return false;
  } finally {
    answering.value = false;
  }
}

const withQuiz = (step: 'closeLiveQuiz' | 'revealLiveQuiz' | 'endLiveQuiz') => (): Promise<boolean> => {
  const q = liveQuiz.value;
  return q ? quizAct({ type: step, quizId: q.id }) : Promise.resolve(false);
};
export const closeQuiz = withQuiz('closeLiveQuiz');
export const revealQuiz = withQuiz('revealLiveQuiz');
export const endQuiz = withQuiz('endLiveQuiz');

function show(quiz: LiveQuizInfo): void {
  const same = liveQuiz.value?.id === quiz.id;
  batch(() => {
    // A teacher gets the student view first, then the full one: keep the fuller of the two.
    if (!same || quiz.key !== null || liveQuiz.value?.key === null) liveQuiz.value = quiz;
    if (!same) {
      myAnswer.value = null;
      myOutcome.value = null;
      revealed.value = null;
    }
    if (quiz.tally) answeredBy.value = new Map(quiz.answers.map((a) => [a.userId, a]));
    else if (!same) answeredBy.value = new Map();
  });
}

function update(quizId: string, change: (q: LiveQuizInfo) => LiveQuizInfo): void {
  const q = liveQuiz.value;
  if (q && q.id === quizId) liveQuiz.value = change(q);
}

export function resetLiveQuiz(): void {
  batch(() => {
    liveQuiz.value = null;
    myAnswer.value = null;
    myOutcome.value = null;
    revealed.value = null;
    answeredBy.value = new Map();
    answering.value = false;
  });
}

export const liveQuizPart: LessonPart = {
  name: 'liveQuiz',
  pushes: {
    liveQuizOpened: (p) => {
      show(p.quiz);
      if (selfRole.value === 'student') showNotice(t('quiz.newQuestion'), 4000);
    },
    liveQuizTeacherView: (p) => show(p.quiz),
    liveQuizTally: (p) =>
      batch(() => {
        update(p.quizId, (q) => ({ ...q, tally: p.tally, byGroup: p.byGroup }));
        if (liveQuiz.value?.id !== p.quizId || p.newAnswers.length === 0) return;
        const next = new Map(answeredBy.value);
        for (const a of p.newAnswers) next.set(a.userId, a);
        answeredBy.value = next;
      }),
    liveQuizClosed: (p) => update(p.quizId, (q) => ({ ...q, closedAtMs: p.closedAtMs })),
    liveQuizRevealed: (p) =>
      batch(() => {
        update(p.quizId, (q) => ({ ...q, closedAtMs: q.closedAtMs || q.closesAtMs, revealedAtMs: q.revealedAtMs || Date.now() + serverClockOffsetMs.value }));
        if (liveQuiz.value?.id === p.quizId) revealed.value = { key: p.key, tally: p.tally };
      }),
    liveQuizMyResult: (p) => {
      if (liveQuiz.value?.id === p.quizId) myOutcome.value = p.outcome;
    },
    liveQuizEnded: (p) => {
      if (liveQuiz.value?.id === p.quizId) resetLiveQuiz();
    },
  },
  enter: (snapshot) => {
    const s = snapshot.liveQuiz;
    resetLiveQuiz();
    if (!s.quiz) return;
    batch(() => {
      show(s.quiz as LiveQuizInfo);
      myAnswer.value = s.myAnswer;
      if (s.reveal) {
        revealed.value = { key: s.reveal.key, tally: s.reveal.tally };
        myOutcome.value = s.reveal.myOutcome;
      }
    });
  },
  reset: resetLiveQuiz,
};
