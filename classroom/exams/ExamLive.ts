/**
 * What a live lesson's room shows of the exams bound to it (issue 7): to everyone, which exams
 * run in the lesson (title and times: what the student's own list shows, never a question); to
 * the lesson's teachers only, each student's state and flags beside their camera. No actor is
 * checked here: the room decides the audience (ExamWatch tells rows to TEACHERS only), and an
 * exam is bound only to a lesson of its own class and subject (ExamService.create).
 */
import { ExamCore } from './ExamCore.js';
import { SUSPICIOUS_KINDS, type Attempt, type Exam, type ExamEvent, type ExamEventKind } from './ExamTypes.js';

/** An exam running in the lesson, as every participant may see it. */
export interface BoundExam {
  examId: string;
  title: string;
  mode: Exam['mode'];
  opensAt: number;
  closesAt: number;
  timeLimitMs: number | null;
  questionCount: number;
}

export type LiveAttemptStatus = 'not_started' | Attempt['status'];

/** One student's state in one bound exam (their latest attempt), for the lesson's teachers. */
export interface LiveExamRow {
  examId: string;
  studentId: string;
  status: LiveAttemptStatus;
  answered: number;
  questionCount: number;
  deadlineAt: number;
  /** Suspicious events of the latest attempt, by kind. */
  flags: Partial<Record<ExamEventKind, number>>;
  /** The latest suspicious event, or null. */
  lastFlag: { kind: ExamEventKind; at: number } | null;
}

const FLAG_KINDS = [...SUSPICIOUS_KINDS];

export class ExamLive {
  readonly #core: ExamCore;

  constructor(core: ExamCore) {
    this.#core = core;
  }

  /** The exams bound to a lesson, opening first. */
  async boundTo(lessonId: string): Promise<BoundExam[]> {
    const lesson = await this.#core.storage.lessons.get(lessonId);
    if (!lesson) return [];
    const exams = await this.#core.storage.exams.examsOfClasses([lesson.classId]);
    return exams
      .filter((e) => e.lessonId === lessonId)
      .sort((a, b) => a.opensAt - b.opensAt)
      .map((e) => ({ examId: e.id, title: e.title, mode: e.mode, opensAt: e.opensAt, closesAt: e.closesAt, timeLimitMs: e.timeLimitMs, questionCount: e.questions.length }));
  }

  /** Every student who started the exam (the others have not), or the one asked for. */
  async rows(examId: string, studentId?: string): Promise<LiveExamRow[]> {
    const exam = await this.#core.exam(examId);
    const store = this.#core.storage.exams;
    const latest = new Map<string, Attempt>();
    for (const a of await store.attemptsOf(examId, studentId)) if ((latest.get(a.studentId)?.number ?? 0) < a.number) latest.set(a.studentId, a);
    if (studentId !== undefined && !latest.has(studentId)) return [notStarted(exam, studentId)];
    const answered = studentId !== undefined ? new Map([[latest.get(studentId)!.id, (await store.answersOf(latest.get(studentId)!.id)).length]]) : await store.answeredCounts(examId);
    const events = await store.eventsOf(examId, { kinds: FLAG_KINDS, limit: 10_000, ...(studentId !== undefined ? { attemptId: latest.get(studentId)!.id } : {}) });
    const byAttempt = new Map<string, ExamEvent[]>();
    for (const e of events) if (e.attemptId) byAttempt.set(e.attemptId, [...(byAttempt.get(e.attemptId) ?? []), e]);
    return [...latest.values()].map((a) => {
      const mine = byAttempt.get(a.id) ?? [];
      const flags: LiveExamRow['flags'] = {};
      for (const e of mine) flags[e.kind] = (flags[e.kind] ?? 0) + 1;
      const last = mine.at(-1);
      return {
        examId,
        studentId: a.studentId,
        status: a.status,
        answered: answered.get(a.id) ?? 0,
        questionCount: exam.questions.length,
        deadlineAt: a.deadlineAt,
        flags,
        lastFlag: last ? { kind: last.kind, at: last.at } : null,
      };
    });
  }
}

function notStarted(exam: Exam, studentId: string): LiveExamRow {
  return { examId: exam.id, studentId, status: 'not_started', answered: 0, questionCount: exam.questions.length, deadlineAt: 0, flags: {}, lastFlag: null };
}
