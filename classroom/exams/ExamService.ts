/**
 * The teacher's side of quizzes and exams (R11): give one to a class from bank versions, list
 * them, release results, extend or reopen a student's attempt (each with a reason, recorded),
 * grade by hand, regrade after a key change (recorded with every score it changed).
 */
import { ConflictError, NotFoundError, ValidationError, newId } from '../../platform/index.js';
import { builtInScheme, partFor, roundPoints, validateScheme, type ScoringScheme } from '../assessment/index.js';
import { assertCan, can, type Actor } from '../authz/index.js';
import type { QuestionBank } from '../questionBank/index.js';
import { ExamCore } from './ExamCore.js';
import type { Attempt, Exam, ExamMode, ExamQuestion, ReleasePolicy } from './ExamTypes.js';
import { gradeAttempt, maxPointsOf } from './paper.js';
import type { ItemResult, Question } from '../assessment/index.js';

export interface NewExamInput {
  classId: string;
  subjectId: string;
  title: string;
  mode: ExamMode;
  opensAt: number;
  closesAt: number;
  /** Minutes; null: until the close time (quizzes only). */
  timeLimitMinutes: number | null;
  attemptsAllowed: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  releasePolicy: ReleasePolicy;
  /** A built-in template's id ("vn2025"…) or a customised scheme. */
  scheme: string | ScoringScheme;
  /** Bank questions in the author's order; version: the current one when absent. */
  questions: Array<{ questionId: string; version?: number; points?: number }>;
  lessonId?: string | null;
}

/** A live lesson an exam may be bound to (the create form's choice). */
export interface LessonChoice {
  lessonId: string;
  classId: string;
  subjectId: string;
  title: string;
  scheduledStart: number;
  scheduledEnd: number;
  live: boolean;
}

/** How far ahead the form offers lessons to bind an exam to. */
const LESSON_CHOICE_DAYS = 14;

export const EXAM_LIMITS = { titleChars: 200, maxQuestions: 200, maxTimeLimitMinutes: 600, maxAttempts: 10, maxWindowMs: 92 * 24 * 3600_000, maxExtensionMinutes: 600, reasonChars: 500 } as const;

const invalid = (message: string, reason: string) => new ValidationError(message, { details: { reason } });

export class ExamService {
  readonly #core: ExamCore;
  readonly #bank: QuestionBank;

  constructor(core: ExamCore, bank: QuestionBank) {
    this.#core = core;
    this.#bank = bank;
  }

  async create(actor: Actor, input: NewExamInput): Promise<Exam> {
    assertCan(actor, 'exam.manage', { kind: 'class_subject', schoolId: actor.schoolId, classId: input.classId, subjectId: input.subjectId });
    const title = input.title.trim();
    if (title.length === 0 || title.length > EXAM_LIMITS.titleChars) throw invalid('A title of 1–200 characters is needed', 'TITLE_INVALID');
    if (!(input.opensAt < input.closesAt) || input.closesAt - input.opensAt > EXAM_LIMITS.maxWindowMs) throw invalid('The close time must follow the open time (at most 92 days later)', 'TIMES_INVALID');
    const limit = input.timeLimitMinutes;
    if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > EXAM_LIMITS.maxTimeLimitMinutes)) throw invalid('The time limit is 1–600 minutes', 'TIME_LIMIT_INVALID');
    if (input.mode === 'exam' && limit === null) throw invalid('An exam needs a time limit', 'TIME_LIMIT_REQUIRED');
    if (!Number.isInteger(input.attemptsAllowed) || input.attemptsAllowed < 1 || input.attemptsAllowed > EXAM_LIMITS.maxAttempts) throw invalid('Attempts allowed: 1–10', 'ATTEMPTS_INVALID');
    if (input.mode === 'exam' && input.attemptsAllowed !== 1) throw invalid('An exam has exactly one attempt', 'ATTEMPTS_INVALID');
    if (input.questions.length === 0 || input.questions.length > EXAM_LIMITS.maxQuestions) throw invalid('1–200 questions', 'QUESTIONS_INVALID');
    if (new Set(input.questions.map((q) => q.questionId)).size !== input.questions.length) throw invalid('A question appears twice', 'QUESTION_DUPLICATE');
    const scheme = this.#scheme(input.scheme);
    const lessonId = await this.#bindableLesson(actor, input);
    const questions: ExamQuestion[] = [];
    for (const q of input.questions) {
      // bank.get / version check question.read: only questions the teacher may read.
      const version = q.version ?? (await this.#bank.get(actor, q.questionId)).version;
      const v = await this.#bank.version(actor, q.questionId, version);
      const part = partFor(scheme, v.question.body.kind);
      if (!part) throw invalid(`The scheme has no part for ${v.question.body.kind} questions`, 'NO_RULE_FOR_KIND');
      const points = q.points ?? part.rule.points;
      if (!(points > 0 && points <= 100)) throw invalid('Points of a question: more than 0, at most 100', 'POINTS_INVALID');
      questions.push({ questionId: q.questionId, version, partId: part.id, points: roundPoints(points), section: part.id });
    }
    const now = this.#core.clock.now();
    const exam: Exam = {
      id: newId('exm'),
      schoolId: actor.schoolId,
      classId: input.classId,
      subjectId: input.subjectId,
      teacherId: actor.userId,
      lessonId,
      mode: input.mode,
      title,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      timeLimitMs: limit === null ? null : limit * 60_000,
      attemptsAllowed: input.attemptsAllowed,
      shuffleQuestions: input.shuffleQuestions,
      shuffleOptions: input.shuffleOptions,
      releasePolicy: input.releasePolicy,
      releasedAt: null,
      scheme,
      questions,
      createdAt: now,
      updatedAt: now,
    };
    await this.#core.storage.transaction(async (tx) => {
      await tx.exams.createExam(exam);
      await tx.exams.addEvent({ examId: exam.id, attemptId: null, studentId: null, actorId: actor.userId, kind: 'created', at: now, clientId: '', ip: '', data: lessonId ? { lessonId } : {} });
    });
    this.#core.told(exam, null, 'created');
    return exam;
  }

  /**
   * The lessons the teacher may bind a new exam to: not ended or cancelled, of a class and subject
   * they give, from now to two weeks ahead (a running lesson first).
   */
  async lessonChoices(actor: Actor): Promise<LessonChoice[]> {
    const now = this.#core.clock.now();
    const classIds = [...new Set(actor.teaches.map((t) => t.classId))];
    const lessons = await this.#core.storage.lessons.forClasses(classIds, { from: now, to: now + LESSON_CHOICE_DAYS * 24 * 3600_000 });
    return lessons
      .filter((l) => l.endedAt === null && l.cancelledAt === null && can(actor, 'exam.manage', { kind: 'class_subject', schoolId: l.schoolId, classId: l.classId, subjectId: l.subjectId }))
      .map((l) => ({ lessonId: l.id, classId: l.classId, subjectId: l.subjectId, title: l.title, scheduledStart: l.scheduledStart, scheduledEnd: l.scheduledEnd, live: l.startedAt !== null }))
      .sort((a, b) => Number(b.live) - Number(a.live) || a.scheduledStart - b.scheduledStart);
  }

  /** The lesson to bind to: of the exam's class and subject, not over; null for none. */
  async #bindableLesson(actor: Actor, input: NewExamInput): Promise<string | null> {
    if (input.lessonId === undefined || input.lessonId === null) return null;
    const lesson = await this.#core.storage.lessons.get(input.lessonId);
    if (!lesson || lesson.schoolId !== actor.schoolId) throw invalid('No such lesson', 'LESSON_NOT_FOUND');
    if (lesson.classId !== input.classId || lesson.subjectId !== input.subjectId) throw invalid('The lesson is of another class or subject', 'LESSON_OTHER_CLASS');
    if (lesson.endedAt !== null || lesson.cancelledAt !== null) throw invalid('The lesson is over or cancelled', 'LESSON_OVER');
    return lesson.id;
  }

  /** The quizzes and exams of the classes and subjects the teacher gives. */
  async list(actor: Actor): Promise<Exam[]> {
    const classIds = [...new Set(actor.teaches.map((t) => t.classId))];
    const exams = await this.#core.storage.exams.examsOfClasses(classIds);
    return exams.filter((e) => this.#manages(actor, e));
  }

  /** One exam, for its teachers (with the keys: they are the teacher's own). */
  async get(actor: Actor, examId: string): Promise<Exam> {
    const exam = await this.#core.exam(examId);
    assertCan(actor, 'exam.manage', classSubjectOf(exam));
    return exam;
  }

  async release(actor: Actor, examId: string): Promise<Exam> {
    const exam = await this.get(actor, examId);
    if (exam.releasedAt !== null) return exam;
    const now = this.#core.clock.now();
    const next = { ...exam, releasedAt: now, updatedAt: now };
    await this.#core.storage.transaction(async (tx) => {
      await tx.exams.updateExam(next);
      await tx.exams.addEvent({ examId, attemptId: null, studentId: null, actorId: actor.userId, kind: 'release', at: now, clientId: '', ip: '', data: {} });
    });
    return next;
  }

  /** More time for one student's attempt in progress, with a reason (recorded). */
  async extend(actor: Actor, attemptId: string, minutes: number, reason: string): Promise<Attempt> {
    const { exam, attempt } = await this.#attempt(actor, attemptId);
    checkMinutes(minutes);
    const why = checkReason(reason);
    const now = this.#core.clock.now();
    if (attempt.status !== 'in_progress' || attempt.deadlineAt <= now) throw new ConflictError('The attempt is not in progress: reopen it instead', 'CONFLICT', { details: { reason: 'ATTEMPT_CLOSED' } });
    const deadlineAt = attempt.deadlineAt + minutes * 60_000;
    await this.#core.storage.transaction(async (tx) => {
      if (!(await tx.exams.setAttemptState(attempt.id, 'in_progress', { status: 'in_progress', deadlineAt, finishedAt: null, result: null }))) throw new ConflictError('The attempt just closed', 'CONFLICT', { details: { reason: 'ATTEMPT_CLOSED' } });
      await tx.exams.addEvent({ examId: exam.id, attemptId, studentId: attempt.studentId, actorId: actor.userId, kind: 'extension', at: now, clientId: '', ip: '', data: { minutes, reason: why, from: attempt.deadlineAt, to: deadlineAt } });
    });
    this.#core.told(exam, attempt.studentId, 'extension');
    return { ...attempt, deadlineAt };
  }

  /** Reopens a finished attempt for `minutes` from now, with a reason (recorded). */
  async reopen(actor: Actor, attemptId: string, minutes: number, reason: string): Promise<Attempt> {
    const { exam, attempt } = await this.#attempt(actor, attemptId);
    checkMinutes(minutes);
    const why = checkReason(reason);
    if (attempt.status === 'in_progress') throw new ConflictError('The attempt is still in progress: extend it instead', 'CONFLICT', { details: { reason: 'ATTEMPT_IN_PROGRESS' } });
    const now = this.#core.clock.now();
    const deadlineAt = now + minutes * 60_000;
    await this.#core.storage.transaction(async (tx) => {
      if (!(await tx.exams.setAttemptState(attempt.id, attempt.status, { status: 'in_progress', deadlineAt, finishedAt: null, result: null }))) throw new ConflictError('The attempt changed meanwhile', 'CONFLICT');
      await tx.exams.addEvent({ examId: exam.id, attemptId, studentId: attempt.studentId, actorId: actor.userId, kind: 'reopen', at: now, clientId: '', ip: '', data: { minutes, reason: why, previousStatus: attempt.status, previousResult: attempt.result, to: deadlineAt } });
    });
    this.#core.told(exam, attempt.studentId, 'reopen');
    return { ...attempt, status: 'in_progress', deadlineAt, finishedAt: null, result: null };
  }

  /** A person's points for one question (essays, short text), with feedback; recomputes the score. */
  async gradeItem(actor: Actor, attemptId: string, questionId: string, points: number, feedback: string): Promise<Attempt> {
    const { exam, attempt } = await this.#attempt(actor, attemptId);
    const ref = exam.questions.find((q) => q.questionId === questionId);
    if (!ref) throw new NotFoundError('This question is not on the paper', { details: { reason: 'QUESTION_NOT_IN_EXAM' } });
    if (attempt.status === 'in_progress') throw new ConflictError('Grade after the attempt is finished', 'CONFLICT', { details: { reason: 'ATTEMPT_IN_PROGRESS' } });
    if (!Number.isFinite(points) || points < 0 || points > ref.points || roundPoints(points) !== points) throw invalid(`Points: 0 to ${ref.points}`, 'POINTS_INVALID');
    if (feedback.length > 5000) throw invalid('Feedback: at most 5000 characters', 'FEEDBACK_TOO_LONG');
    const now = this.#core.clock.now();
    return this.#core.storage.transaction(async (tx) => {
      await tx.exams.putManualGrade(attemptId, { questionId, points, feedback, gradedBy: actor.userId, gradedAt: now });
      const result = await this.#core.score(exam, attempt, tx);
      await tx.exams.setResult(attemptId, result);
      await tx.exams.addEvent({ examId: exam.id, attemptId, studentId: attempt.studentId, actorId: actor.userId, kind: 'manual_grade', at: now, clientId: '', ip: '', data: { questionId, points, before: attempt.result?.points ?? null, after: result.points } });
      return { ...attempt, result };
    });
  }

  /**
   * Grades one question with another version of it (the key was corrected): every finished
   * attempt is regraded on its own paper, and the change is recorded with who made it and each
   * score that moved.
   */
  async regrade(actor: Actor, examId: string, questionId: string, version: number, note: string): Promise<{ changed: Array<{ attemptId: string; before: number | null; after: number | null }> }> {
    const exam = await this.get(actor, examId);
    const ref = exam.questions.find((q) => q.questionId === questionId);
    if (!ref) throw new NotFoundError('This question is not on the paper', { details: { reason: 'QUESTION_NOT_IN_EXAM' } });
    const next = await this.#bank.version(actor, questionId, version);
    const old = await this.#bank.version(actor, questionId, ref.version);
    if (next.question.body.kind !== old.question.body.kind) throw invalid('The new version is of another kind', 'KIND_CHANGED');
    const now = this.#core.clock.now();
    const updated: Exam = { ...exam, questions: exam.questions.map((q) => (q.questionId === questionId ? { ...q, version } : q)), updatedAt: now };
    return this.#core.storage.transaction(async (tx) => {
      await tx.exams.updateExam(updated);
      const changed: Array<{ attemptId: string; before: number | null; after: number | null }> = [];
      for (const a of await tx.exams.attemptsOf(examId)) {
        if (a.status === 'in_progress') continue;
        const result = await this.#core.score(updated, a, tx);
        await tx.exams.setResult(a.id, result);
        if (result.points !== (a.result?.points ?? null)) changed.push({ attemptId: a.id, before: a.result?.points ?? null, after: result.points });
      }
      await tx.exams.addEvent({ examId, attemptId: null, studentId: null, actorId: actor.userId, kind: 'regrade', at: now, clientId: '', ip: '', data: { questionId, from: ref.version, to: version, note: note.slice(0, 500), changed } });
      return { changed };
    });
  }

  /** One attempt for grading: each question with its key, the answer, the automatic and manual grade. */
  async review(actor: Actor, attemptId: string): Promise<{ attempt: Attempt; items: Array<ItemResult & { question: Question; points: number }> }> {
    const { exam, attempt } = await this.#attempt(actor, attemptId);
    const versions = await this.#core.versionsOf(exam);
    const graded = gradeAttempt(exam, versions, attempt.seed, await this.#core.storage.exams.answersOf(attemptId), await this.#core.storage.exams.manualGradesOf(attemptId));
    return {
      attempt,
      items: graded.items.map((i) => ({ ...i, question: versions.get(`${i.questionId}@${i.version}`)!, points: exam.questions.find((q) => q.questionId === i.questionId)!.points })),
    };
  }

  maxPoints(exam: Exam): number {
    return maxPointsOf(exam);
  }

  #manages(actor: Actor, exam: Exam): boolean {
    return can(actor, 'exam.manage', classSubjectOf(exam));
  }

  async #attempt(actor: Actor, attemptId: string): Promise<{ exam: Exam; attempt: Attempt }> {
    const attempt = await this.#core.attempt(attemptId);
    const exam = await this.get(actor, attempt.examId);
    return { exam, attempt };
  }

  #scheme(input: string | ScoringScheme): ScoringScheme {
    if (typeof input === 'string') {
      const scheme = builtInScheme(input);
      if (!scheme) throw invalid(`Unknown scoring scheme "${input}"`, 'SCHEME_UNKNOWN');
      return scheme;
    }
    const issues = validateScheme(input);
    if (issues.length > 0) throw new ValidationError('The scoring scheme is invalid', { details: { reason: 'SCHEME_INVALID', issues } });
    return structuredClone(input);
  }
}

export function classSubjectOf(exam: Pick<Exam, 'schoolId' | 'classId' | 'subjectId'>) {
  return { kind: 'class_subject' as const, schoolId: exam.schoolId, classId: exam.classId, subjectId: exam.subjectId };
}

function checkMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > EXAM_LIMITS.maxExtensionMinutes) throw invalid('Minutes: 1–600', 'MINUTES_INVALID');
}

function checkReason(reason: string): string {
  const r = reason.trim();
  if (r.length === 0 || r.length > EXAM_LIMITS.reasonChars) throw invalid('A reason (1–500 characters) is required', 'REASON_REQUIRED');
  return r;
}
