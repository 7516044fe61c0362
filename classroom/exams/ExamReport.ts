/**
 * The teacher's results of one quiz or exam (R14, R15): every student of the class with all
 * their attempts (a quiz may allow several; the proctor's view shows only the latest), the
 * regrades as recorded (who changed which key, why, and each score it moved), the paper with
 * its keys for the statistics page, and the names behind an attempt's audit trail.
 */
import type { Question } from '../assessment/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import { ExamCore } from './ExamCore.js';
import { classSubjectOf } from './ExamService.js';
import { SUSPICIOUS_KINDS, type Attempt, type Exam, type ExamEvent, type ExamEventKind } from './ExamTypes.js';
import { maxPointsOf, versionKey } from './paper.js';

export interface ReportAttempt {
  attemptId: string;
  number: number;
  status: Attempt['status'];
  startedAt: number;
  finishedAt: number | null;
  points: number | null;
  maxPoints: number;
  score10: number | null;
  /** Suspicious events of this attempt. */
  flags: number;
}

export interface RegradeRecord {
  id: number;
  at: number;
  actorId: string;
  actorName: string;
  questionId: string;
  /** 1-based position in the author's order; 0 when no longer on the paper. */
  position: number;
  fromVersion: number;
  toVersion: number;
  note: string;
  changed: Array<{ attemptId: string; studentId: string; studentName: string; before: number | null; after: number | null }>;
}

export interface ExamReportView {
  examId: string;
  title: string;
  mode: Exam['mode'];
  closesAt: number;
  maxPoints: number;
  now: number;
  /** The class roster in its order, then anyone with an attempt who has left the class. */
  students: Array<{ studentId: string; code: string; name: string; attempts: ReportAttempt[] }>;
  /** Oldest first. */
  regrades: RegradeRecord[];
}

export interface PaperEntry {
  questionId: string;
  version: number;
  position: number;
  points: number;
  question: Question;
}

/** Events per read; the report reads them all, page by page. */
const PAGE = 5_000;

export class ExamReport {
  readonly #core: ExamCore;

  constructor(core: ExamCore) {
    this.#core = core;
  }

  async results(actor: Actor, examId: string): Promise<ExamReportView> {
    const exam = await this.#exam(actor, examId);
    const store = this.#core.storage.exams;
    const [roster, attempts, flagged, regradeEvents] = await Promise.all([
      this.#core.storage.schools.rosterOfClass(exam.classId),
      store.attemptsOf(exam.id),
      this.#allEvents(exam.id, [...SUSPICIOUS_KINDS]),
      this.#allEvents(exam.id, ['regrade']),
    ]);
    const names = new NameLookup(this.#core.storage);
    const flags = new Map<string, number>();
    for (const e of flagged) if (e.attemptId) flags.set(e.attemptId, (flags.get(e.attemptId) ?? 0) + 1);
    const maxPoints = maxPointsOf(exam);
    const byStudent = new Map<string, ReportAttempt[]>();
    for (const a of [...attempts].sort((x, y) => x.number - y.number)) {
      const list = byStudent.get(a.studentId) ?? [];
      list.push({
        attemptId: a.id,
        number: a.number,
        status: a.status,
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
        points: a.result?.points ?? null,
        maxPoints: a.result?.maxPoints ?? maxPoints,
        score10: a.result?.score10 ?? null,
        flags: flags.get(a.id) ?? 0,
      });
      byStudent.set(a.studentId, list);
    }
    const students = roster.map((s) => ({ studentId: s.userId, code: s.code, name: s.displayName, attempts: byStudent.get(s.userId) ?? [] }));
    const listed = new Set(students.map((s) => s.studentId));
    for (const [studentId, list] of byStudent) {
      if (!listed.has(studentId)) students.push({ studentId, code: '', name: (await names.userName(studentId)) ?? studentId, attempts: list });
    }
    const studentOf = new Map(attempts.map((a) => [a.id, a.studentId]));
    const nameOf = new Map(students.map((s) => [s.studentId, s.name]));
    const regrades: RegradeRecord[] = [];
    for (const e of regradeEvents) regrades.push(await this.#regradeRecord(exam, e, names, studentOf, nameOf));
    return { examId: exam.id, title: exam.title, mode: exam.mode, closesAt: exam.closesAt, maxPoints, now: this.#core.clock.now(), students, regrades };
  }

  /** The paper in the author's order, each question at the version it is graded with (keys included). */
  async paper(actor: Actor, examId: string): Promise<PaperEntry[]> {
    const exam = await this.#exam(actor, examId);
    const versions = await this.#core.versionsOf(exam);
    return exam.questions.map((q, i) => ({ questionId: q.questionId, version: q.version, position: i + 1, points: q.points, question: versions.get(versionKey(q.questionId, q.version))! }));
  }

  /** Display names of the people behind events (students, teachers); "system" stays as it is. */
  async actorNames(events: readonly ExamEvent[]): Promise<Record<string, string>> {
    const names = new NameLookup(this.#core.storage);
    const out: Record<string, string> = {};
    for (const id of new Set(events.map((e) => e.actorId))) {
      if (id === 'system') continue;
      out[id] = (await names.userName(id)) ?? id;
    }
    return out;
  }

  async #allEvents(examId: string, kinds: ExamEventKind[]): Promise<ExamEvent[]> {
    const out: ExamEvent[] = [];
    for (let afterId = 0; ; ) {
      const page = await this.#core.storage.exams.eventsOf(examId, { kinds, afterId, limit: PAGE });
      out.push(...page);
      if (page.length < PAGE) return out;
      afterId = page.at(-1)!.id;
    }
  }

  async #exam(actor: Actor, examId: string): Promise<Exam> {
    const exam = await this.#core.exam(examId);
    assertCan(actor, 'exam.manage', classSubjectOf(exam));
    return exam;
  }

  async #regradeRecord(exam: Exam, e: ExamEvent, names: NameLookup, studentOf: ReadonlyMap<string, string>, nameOf: ReadonlyMap<string, string>): Promise<RegradeRecord> {
    // Written by ExamService.regrade: { questionId, from, to, note, changed: [{ attemptId, before, after }] }.
    const d = e.data as { questionId?: unknown; from?: unknown; to?: unknown; note?: unknown; changed?: unknown };
    const questionId = typeof d.questionId === 'string' ? d.questionId : '';
    const changed = Array.isArray(d.changed) ? (d.changed as Array<{ attemptId?: unknown; before?: unknown; after?: unknown }>) : [];
    const score = (x: unknown) => (typeof x === 'number' ? x : null);
    return {
      id: e.id,
      at: e.at,
      actorId: e.actorId,
      actorName: (await names.userName(e.actorId)) ?? e.actorId,
      questionId,
      position: exam.questions.findIndex((q) => q.questionId === questionId) + 1,
      fromVersion: typeof d.from === 'number' ? d.from : 0,
      toVersion: typeof d.to === 'number' ? d.to : 0,
      note: typeof d.note === 'string' ? d.note : '',
      changed: changed.map((c) => {
        const attemptId = typeof c.attemptId === 'string' ? c.attemptId : '';
        const studentId = studentOf.get(attemptId) ?? '';
        return { attemptId, studentId, studentName: nameOf.get(studentId) ?? studentId, before: score(c.before), after: score(c.after) };
      }),
    };
  }
}
