/**
 * What the teacher's and the student's sides of exams share: reading an exam with its question
 * versions, finishing an attempt (grading it in the same transaction), the release rule.
 */
import { NotFoundError, type Clock } from '../../platform/index.js';
import type { Question } from '../assessment/index.js';
import type { Storage, StoreSet } from '../store/index.js';
import { ExamActivity } from './ExamActivity.js';
import type { Attempt, AttemptScore, Exam, ExamEventKind, RequestContext } from './ExamTypes.js';
import { gradeAttempt, versionKey, type VersionMap } from './paper.js';

export interface ExamDeps {
  clock: Clock;
  /** Where a live lesson's room hears about the exams bound to it; a private one when absent. */
  activity?: ExamActivity;
}

/** Versions never change once written, so they are cached for the life of the process. */
const MAX_CACHED_VERSIONS = 20_000;

export class ExamCore {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly activity: ExamActivity;
  readonly #versions = new Map<string, Question>();

  constructor(storage: Storage, deps: ExamDeps) {
    this.storage = storage;
    this.clock = deps.clock;
    this.activity = deps.activity ?? new ExamActivity();
  }

  /** Tells the exam's live lesson (if any) what just happened; call after the commit. */
  told(exam: Pick<Exam, 'id' | 'lessonId'>, studentId: string | null, ...kinds: ExamEventKind[]): void {
    for (const kind of kinds) this.activity.publish(exam, studentId, kind);
  }

  async exam(id: string, stores: StoreSet = this.storage): Promise<Exam> {
    const exam = await stores.exams.getExam(id);
    if (!exam) throw new NotFoundError('No such quiz or exam', { details: { reason: 'EXAM_NOT_FOUND' } });
    return exam;
  }

  async attempt(id: string, stores: StoreSet = this.storage): Promise<Attempt> {
    const attempt = await stores.exams.getAttempt(id);
    if (!attempt) throw new NotFoundError('No such attempt', { details: { reason: 'ATTEMPT_NOT_FOUND' } });
    return attempt;
  }

  /** The bank versions an exam grades with. */
  async versionsOf(exam: Pick<Exam, 'id' | 'questions'>, stores: StoreSet = this.storage): Promise<VersionMap> {
    const missing = exam.questions.filter((q) => !this.#versions.has(versionKey(q.questionId, q.version)));
    if (missing.length > 0) {
      if (this.#versions.size + missing.length > MAX_CACHED_VERSIONS) this.#versions.clear();
      for (const v of await stores.questionBank.getVersions(missing)) this.#versions.set(versionKey(v.questionId, v.version), v.question);
    }
    const out = new Map<string, Question>();
    for (const q of exam.questions) {
      const key = versionKey(q.questionId, q.version);
      const question = this.#versions.get(key);
      if (!question) throw new Error(`exam ${exam.id}: version ${key} is missing from the bank`);
      out.set(key, question);
    }
    return out;
  }

  /** Grades an attempt from what is stored (answers, manual grades). */
  async score(exam: Exam, attempt: Attempt, stores: StoreSet = this.storage): Promise<AttemptScore> {
    const [versions, answers, manual] = await Promise.all([this.versionsOf(exam, stores), stores.exams.answersOf(attempt.id), stores.exams.manualGradesOf(attempt.id)]);
    return gradeAttempt(exam, versions, attempt.seed, answers, manual).score;
  }

  /**
   * Ends an in-progress attempt (submitted by the student, or closed at its deadline), graded,
   * with its event, in one transaction. False when it was no longer in progress.
   */
  async finish(attemptId: string, how: 'submit' | 'deadline_close', actorId: string, ctx: RequestContext): Promise<boolean> {
    const done = await this.storage.transaction(async (tx) => {
      const attempt = await this.attempt(attemptId, tx);
      if (attempt.status !== 'in_progress') return null;
      const exam = await this.exam(attempt.examId, tx);
      const now = this.clock.now();
      // Closed by the deadline: it finished at the deadline, whenever the sweep noticed.
      const finishedAt = how === 'deadline_close' ? Math.min(now, attempt.deadlineAt) : now;
      const result = await this.score(exam, attempt, tx);
      const status = how === 'submit' ? 'submitted' : 'closed_by_deadline';
      if (!(await tx.exams.setAttemptState(attempt.id, 'in_progress', { status, deadlineAt: attempt.deadlineAt, finishedAt, result }))) return null;
      await tx.exams.addEvent({ examId: exam.id, attemptId: attempt.id, studentId: attempt.studentId, actorId, kind: how, at: now, clientId: ctx.clientId, ip: ctx.ip, data: {} });
      return { exam, studentId: attempt.studentId };
    });
    if (!done) return false;
    this.told(done.exam, done.studentId, how);
    return true;
  }
}

/** May a student see their score (and what was right) now? */
export function isReleased(exam: Pick<Exam, 'releasePolicy' | 'closesAt' | 'releasedAt'>, now: number): boolean {
  switch (exam.releasePolicy) {
    case 'immediately':
      return true;
    case 'after_close':
      return now >= exam.closesAt || exam.releasedAt !== null;
    case 'manual':
      return exam.releasedAt !== null;
  }
}

export const SYSTEM_CONTEXT: RequestContext = { clientId: '', ip: '' };
