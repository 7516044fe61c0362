/**
 * The proctor's view (R11): every student of the class, who started, progress, time left, the
 * suspicious events as they happen, and the audit trail of one attempt. The teacher's page polls
 * it (HTTP, every 2 s): `afterEventId` returns only the events since the last poll.
 */
import { assertCan, type Actor } from '../authz/index.js';
import { ExamCore } from './ExamCore.js';
import { classSubjectOf } from './ExamService.js';
import { SUSPICIOUS_KINDS, type Attempt, type Exam, type ExamEvent, type ExamEventKind } from './ExamTypes.js';

export interface ProctorRow {
  studentId: string;
  code: string;
  name: string;
  /** The latest attempt, or null when the student has not started. */
  attempt: {
    attemptId: string;
    number: number;
    status: Attempt['status'];
    startedAt: number;
    deadlineAt: number;
    finishedAt: number | null;
    remainingMs: number;
    answered: number;
    points: number | null;
    score10: number | null;
  } | null;
  /** Suspicious events of the student in this exam, by kind. */
  flags: Partial<Record<ExamEventKind, number>>;
}

export interface ProctorView {
  examId: string;
  title: string;
  mode: Exam['mode'];
  opensAt: number;
  closesAt: number;
  releasedAt: number | null;
  questionCount: number;
  now: number;
  rows: ProctorRow[];
  /** Suspicious and control events after `afterEventId`, oldest first. */
  events: ExamEvent[];
  lastEventId: number;
}

const WATCHED: readonly ExamEventKind[] = [...SUSPICIOUS_KINDS, 'start', 'submit', 'deadline_close', 'extension', 'reopen'];

export class ExamProctor {
  readonly #core: ExamCore;

  constructor(core: ExamCore) {
    this.#core = core;
  }

  async view(actor: Actor, examId: string, afterEventId = 0): Promise<ProctorView> {
    const exam = await this.#core.exam(examId);
    assertCan(actor, 'exam.manage', classSubjectOf(exam));
    const store = this.#core.storage.exams;
    const [roster, attempts, answered, flagged, events] = await Promise.all([
      this.#core.storage.schools.rosterOfClass(exam.classId),
      store.attemptsOf(exam.id),
      store.answeredCounts(exam.id),
      store.eventsOf(exam.id, { kinds: [...SUSPICIOUS_KINDS], limit: 10_000 }),
      store.eventsOf(exam.id, { afterId: afterEventId, kinds: WATCHED, limit: 500 }),
    ]);
    const now = this.#core.clock.now();
    const latest = new Map<string, Attempt>();
    for (const a of attempts) if ((latest.get(a.studentId)?.number ?? 0) < a.number) latest.set(a.studentId, a);
    const flags = new Map<string, Partial<Record<ExamEventKind, number>>>();
    for (const e of flagged) {
      if (!e.studentId) continue;
      const f = flags.get(e.studentId) ?? {};
      f[e.kind] = (f[e.kind] ?? 0) + 1;
      flags.set(e.studentId, f);
    }
    const rows: ProctorRow[] = roster.map((s) => {
      const a = latest.get(s.userId);
      return {
        studentId: s.userId,
        code: s.code,
        name: s.displayName,
        flags: flags.get(s.userId) ?? {},
        attempt: a
          ? {
              attemptId: a.id,
              number: a.number,
              status: a.status,
              startedAt: a.startedAt,
              deadlineAt: a.deadlineAt,
              finishedAt: a.finishedAt,
              remainingMs: a.status === 'in_progress' ? Math.max(0, a.deadlineAt - now) : 0,
              answered: answered.get(a.id) ?? 0,
              points: a.result?.points ?? null,
              score10: a.result?.score10 ?? null,
            }
          : null,
      };
    });
    return {
      examId: exam.id,
      title: exam.title,
      mode: exam.mode,
      opensAt: exam.opensAt,
      closesAt: exam.closesAt,
      releasedAt: exam.releasedAt,
      questionCount: exam.questions.length,
      now,
      rows,
      events,
      lastEventId: events.at(-1)?.id ?? afterEventId,
    };
  }

  /** The whole audit trail of one attempt: every answer change, event, extension, grade. */
  async trail(actor: Actor, attemptId: string): Promise<ExamEvent[]> {
    const attempt = await this.#core.attempt(attemptId);
    const exam = await this.#core.exam(attempt.examId);
    assertCan(actor, 'exam.manage', classSubjectOf(exam));
    return this.#core.storage.exams.eventsOf(exam.id, { attemptId, limit: 10_000 });
  }
}
