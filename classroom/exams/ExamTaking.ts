/**
 * The student's side of a quiz or exam (R11): start or resume the one attempt, read the paper
 * (bodies only: a key never leaves the server before release), save each answer durably before
 * acknowledging it, report suspicious events, submit. The server's clock decides the deadline;
 * an answer after it is refused, and the sweep closes attempts nobody submitted.
 */
import { ConflictError, NotAuthorizedError, ValidationError, newId } from '../../platform/index.js';
import { newSeed, type Answer, type ItemResult } from '../assessment/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import type { StoreSet } from '../store/index.js';
import { checkAnswer } from './checkAnswer.js';
import { ExamCore, SYSTEM_CONTEXT, isReleased } from './ExamCore.js';
import type { Attempt, AttemptScore, ClientEventKind, Exam, RequestContext } from './ExamTypes.js';
import { gradeAttempt, studentPaper, type PaperQuestion } from './paper.js';

/** What a student's browser gets for an attempt: never a key, never another student's data. */
export interface AttemptView {
  attemptId: string;
  examId: string;
  title: string;
  mode: Exam['mode'];
  status: Attempt['status'];
  startedAt: number;
  deadlineAt: number;
  /** Server time of this answer: the browser counts down from `deadlineAt - now` (no clock skew). */
  now: number;
  questions: PaperQuestion[];
  answers: Array<{ questionId: string; answer: Answer; seq: number }>;
  /** Only once results are released. */
  result: (AttemptScore & { items: Array<Pick<ItemResult, 'questionId' | 'grade' | 'manual'>> }) | null;
}

export interface ExamListItem {
  examId: string;
  title: string;
  mode: Exam['mode'];
  subjectId: string;
  opensAt: number;
  closesAt: number;
  timeLimitMs: number | null;
  attemptsAllowed: number;
  questionCount: number;
  attempts: Array<{ attemptId: string; number: number; status: Attempt['status']; startedAt: number; finishedAt: number | null; score10: number | null; points: number | null; maxPoints: number }>;
  released: boolean;
}

const closedError = (reason: 'ATTEMPT_CLOSED' | 'DEADLINE_PASSED') =>
  new ConflictError(reason === 'DEADLINE_PASSED' ? 'The time is up: the attempt is closed' : 'This attempt is closed', 'CONFLICT', { details: { reason } });

export class ExamTaking {
  readonly #core: ExamCore;

  constructor(core: ExamCore) {
    this.#core = core;
  }

  /** The server's time, which every deadline is counted in. */
  now(): number {
    return this.#core.clock.now();
  }

  /** The quizzes and exams of the student's class, with their own attempts. */
  async mine(actor: Actor): Promise<ExamListItem[]> {
    if (actor.role !== 'student' || !actor.classId) throw new NotAuthorizedError('Quizzes are for students of a class');
    const now = this.#core.clock.now();
    const exams = await this.#core.storage.exams.examsOfClasses([actor.classId]);
    return Promise.all(
      exams.map(async (e) => {
        const released = isReleased(e, now);
        const attempts = await this.#core.storage.exams.attemptsOf(e.id, actor.userId);
        return {
          examId: e.id,
          title: e.title,
          mode: e.mode,
          subjectId: e.subjectId,
          opensAt: e.opensAt,
          closesAt: e.closesAt,
          timeLimitMs: e.timeLimitMs,
          attemptsAllowed: e.attemptsAllowed,
          questionCount: e.questions.length,
          released,
          attempts: attempts.map((a) => {
            const shown = released && a.status !== 'in_progress' ? a.result : null;
            return { attemptId: a.id, number: a.number, status: a.status, startedAt: a.startedAt, finishedAt: a.finishedAt, score10: shown?.score10 ?? null, points: shown?.points ?? null, maxPoints: a.result?.maxPoints ?? 0 };
          }),
        };
      }),
    );
  }

  /**
   * Starts an attempt, or resumes the one in progress (a refresh, a lost network, a second
   * device: the same attempt and deadline). Question content is not reachable before the exam
   * opens.
   */
  async start(actor: Actor, examId: string, ctx: RequestContext): Promise<AttemptView> {
    const exam = await this.#core.exam(examId);
    assertCan(actor, 'exam.take', { kind: 'class', schoolId: exam.schoolId, classId: exam.classId });
    await this.closeExpired();
    const now = this.#core.clock.now();
    const attempts = await this.#core.storage.exams.attemptsOf(exam.id, actor.userId);
    const open = attempts.find((a) => a.status === 'in_progress');
    if (open) return this.view(actor, open.id, ctx);
    if (now < exam.opensAt) throw new ConflictError('This quiz is not open yet', 'CONFLICT', { details: { reason: 'EXAM_NOT_OPEN', opensAt: exam.opensAt } });
    if (now >= exam.closesAt) throw new ConflictError('This quiz is closed', 'CONFLICT', { details: { reason: 'EXAM_CLOSED' } });
    if (attempts.length >= exam.attemptsAllowed) throw new ConflictError('No attempts left', 'CONFLICT', { details: { reason: 'NO_ATTEMPTS_LEFT' } });
    const attempt: Attempt = {
      id: newId('att'),
      examId: exam.id,
      studentId: actor.userId,
      number: attempts.length + 1,
      seed: newSeed(),
      startedAt: now,
      deadlineAt: Math.min(exam.timeLimitMs === null ? exam.closesAt : now + exam.timeLimitMs, exam.closesAt),
      status: 'in_progress',
      finishedAt: null,
      clientId: ctx.clientId,
      ip: ctx.ip,
      result: null,
      feedback: '',
    };
    await this.#core.storage.transaction(async (tx) => {
      await tx.exams.createAttempt(attempt);
      await tx.exams.addEvent({ examId: exam.id, attemptId: attempt.id, studentId: actor.userId, actorId: actor.userId, kind: 'start', at: now, clientId: ctx.clientId, ip: ctx.ip, data: { seed: attempt.seed, deadlineAt: attempt.deadlineAt } });
    });
    this.#core.told(exam, actor.userId, 'start');
    return this.#render(exam, attempt);
  }

  /** The attempt as its student sees it; a resume from another tab or address is recorded. */
  async view(actor: Actor, attemptId: string, ctx: RequestContext): Promise<AttemptView> {
    const { exam, attempt } = await this.#own(actor, attemptId);
    if (attempt.status === 'in_progress' && attempt.deadlineAt <= this.#core.clock.now()) {
      await this.#core.finish(attempt.id, 'deadline_close', 'system', SYSTEM_CONTEXT);
      return this.#render(exam, await this.#core.attempt(attempt.id));
    }
    if (attempt.status === 'in_progress') {
      const noted = await this.#core.storage.transaction(async (tx) => {
        const kinds = await this.#noteSession(tx, exam, attempt, actor, ctx);
        await tx.exams.addEvent({ examId: exam.id, attemptId, studentId: actor.userId, actorId: actor.userId, kind: 'resume', at: this.#core.clock.now(), clientId: ctx.clientId, ip: ctx.ip, data: {} });
        await tx.exams.touchOpen(attemptId, this.#core.clock.now(), ctx);
        return kinds;
      });
      this.#core.told(exam, actor.userId, 'resume', ...noted);
    }
    return this.#render(exam, attempt);
  }

  /**
   * Saves one answer, durably, then resolves: the caller acknowledges only after this. Refused
   * when the attempt is closed or its deadline (the server's) has passed. `seq` is the
   * browser's counter for this question: a retry of an older answer never overwrites a newer.
   */
  async save(actor: Actor, attemptId: string, input: { questionId: string; answer: Answer; seq: number }, ctx: RequestContext): Promise<{ seq: number; savedAt: number; deadlineAt: number; now: number }> {
    const { exam, attempt } = await this.#own(actor, attemptId);
    const ref = exam.questions.find((q) => q.questionId === input.questionId);
    if (!ref) throw new ValidationError('This question is not on the paper', { details: { reason: 'QUESTION_NOT_IN_EXAM' } });
    if (!Number.isSafeInteger(input.seq) || input.seq < 1) throw new ValidationError('seq must be a positive integer');
    const body = (await this.#core.versionsOf(exam)).get(`${ref.questionId}@${ref.version}`)!.body;
    const answer = checkAnswer(body, input.answer);
    const { savedAt, noted } = await this.#core.storage.transaction(async (tx) => {
      const now = this.#core.clock.now();
      const current = await this.#core.attempt(attemptId, tx);
      const noted = await this.#noteSession(tx, exam, current, actor, ctx);
      // The conditional write is the check: a concurrent close cannot slip in between.
      if (!(await tx.exams.touchOpen(attemptId, now, ctx))) throw closedError(current.status === 'in_progress' ? 'DEADLINE_PASSED' : 'ATTEMPT_CLOSED');
      if (await tx.exams.putAnswer(attemptId, { questionId: input.questionId, answer, seq: input.seq, savedAt: now })) {
        await tx.exams.addEvent({ examId: exam.id, attemptId, studentId: actor.userId, actorId: actor.userId, kind: 'answer', at: now, clientId: ctx.clientId, ip: ctx.ip, data: { questionId: input.questionId, seq: input.seq, answer } });
      }
      return { savedAt: now, noted };
    });
    this.#core.told(exam, actor.userId, 'answer', ...noted);
    return { seq: input.seq, savedAt, deadlineAt: attempt.deadlineAt, now: this.#core.clock.now() };
  }

  /** Records what the browser saw (page hidden, blur, leaving fullscreen, copy, paste). */
  async report(actor: Actor, attemptId: string, kind: ClientEventKind, detail: string, ctx: RequestContext): Promise<void> {
    const { exam, attempt } = await this.#own(actor, attemptId);
    if (attempt.status !== 'in_progress') throw closedError('ATTEMPT_CLOSED');
    await this.#core.storage.exams.addEvent({ examId: exam.id, attemptId, studentId: actor.userId, actorId: actor.userId, kind, at: this.#core.clock.now(), clientId: ctx.clientId, ip: ctx.ip, data: detail ? { detail: detail.slice(0, 200) } : {} });
    this.#core.told(exam, actor.userId, kind);
  }

  async submit(actor: Actor, attemptId: string, ctx: RequestContext): Promise<AttemptView> {
    const { exam, attempt } = await this.#own(actor, attemptId);
    if (attempt.status !== 'in_progress') throw closedError('ATTEMPT_CLOSED');
    if (attempt.deadlineAt <= this.#core.clock.now()) await this.#core.finish(attemptId, 'deadline_close', 'system', SYSTEM_CONTEXT);
    else if (!(await this.#core.finish(attemptId, 'submit', actor.userId, ctx))) throw closedError('ATTEMPT_CLOSED');
    return this.#render(exam, await this.#core.attempt(attemptId));
  }

  /** Closes every attempt past its deadline, whether or not its student is still there. */
  async closeExpired(): Promise<number> {
    let closed = 0;
    for (;;) {
      const expired = await this.#core.storage.exams.expiredAttempts(this.#core.clock.now(), 100);
      for (const a of expired) if (await this.#core.finish(a.id, 'deadline_close', 'system', SYSTEM_CONTEXT)) closed++;
      if (expired.length < 100) return closed;
    }
  }

  async #own(actor: Actor, attemptId: string): Promise<{ exam: Exam; attempt: Attempt }> {
    const attempt = await this.#core.attempt(attemptId);
    // Another student's attempt reads as missing: its existence is not theirs to learn.
    if (attempt.studentId !== actor.userId) throw new NotAuthorizedError('This is not your attempt', { details: { reason: 'NOT_YOUR_ATTEMPT' } });
    const exam = await this.#core.exam(attempt.examId);
    assertCan(actor, 'exam.take', { kind: 'class', schoolId: exam.schoolId, classId: exam.classId });
    return { exam, attempt };
  }

  /** A second tab or device, or a new address, is recorded as it appears. */
  async #noteSession(tx: StoreSet, exam: Exam, attempt: Attempt, actor: Actor, ctx: RequestContext): Promise<Array<'second_session' | 'ip_change'>> {
    const at = this.#core.clock.now();
    const base = { examId: exam.id, attemptId: attempt.id, studentId: actor.userId, actorId: actor.userId, at, clientId: ctx.clientId, ip: ctx.ip };
    const noted: Array<'second_session' | 'ip_change'> = [];
    if (ctx.clientId !== attempt.clientId) {
      await tx.exams.addEvent({ ...base, kind: 'second_session', data: { previous: attempt.clientId } });
      noted.push('second_session');
    }
    if (ctx.ip !== attempt.ip) {
      await tx.exams.addEvent({ ...base, kind: 'ip_change', data: { previous: attempt.ip } });
      noted.push('ip_change');
    }
    return noted;
  }

  async #render(exam: Exam, attempt: Attempt): Promise<AttemptView> {
    const now = this.#core.clock.now();
    const versions = await this.#core.versionsOf(exam);
    const answers = await this.#core.storage.exams.answersOf(attempt.id);
    let result: AttemptView['result'] = null;
    if (attempt.status !== 'in_progress' && isReleased(exam, now)) {
      const graded = gradeAttempt(exam, versions, attempt.seed, answers, await this.#core.storage.exams.manualGradesOf(attempt.id));
      result = { ...graded.score, items: graded.items.map((i) => ({ questionId: i.questionId, grade: i.grade, manual: i.manual })) };
    }
    return {
      attemptId: attempt.id,
      examId: exam.id,
      title: exam.title,
      mode: exam.mode,
      status: attempt.status,
      startedAt: attempt.startedAt,
      deadlineAt: attempt.deadlineAt,
      now,
      questions: studentPaper(exam, versions, attempt.seed),
      answers: answers.map((a) => ({ questionId: a.questionId, answer: a.answer, seq: a.seq })),
      result,
    };
  }
}
