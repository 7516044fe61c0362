import { ConflictError, NotFoundError, ValidationError, type BlobStore, type Clock } from '../../platform/index.js';
import type { Account } from '../accounts/index.js';
import { attendanceTable } from '../attendance/index.js';
import type { AttendanceOptions, StoredParticipationEvent } from '../attendance/index.js';
import type { Actor } from '../authz/index.js';
import { studentRef } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import type { Lesson } from '../timetable/index.js';
import { NameLookup } from '../school/index.js';
import type { Storage } from '../store/index.js';
import type { ErasureReport, ExportedExamAttempt, ExportedLesson, StudentDataExport } from './PrivacyTypes.js';

/**
 * A join without a leave in a lesson that has not ended is a student in the room now; once the
 * lesson is this far past its scheduled end, it is the trace of a crashed server instead, and
 * must not block an erasure for ever.
 */
const LIVE_AFTER_END_MS = 2 * 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

/** Export and erasure of one student's data, by the school admin only, each recorded (R21). */
export class StudentDataService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #attendance: AttendanceOptions;
  readonly #blobs: BlobStore | undefined;

  /**
   * `attendance`: the thresholds the lesson totals are computed with (as the attendance table).
   * `blobs`: where the student's files are, deleted with the rest on erasure (default: none).
   */
  constructor(storage: Storage, deps: { clock: Clock; blobs?: BlobStore }, attendance: AttendanceOptions = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#attendance = attendance;
    this.#blobs = deps.blobs;
  }

  /** Everything stored about the student, with a file name for Content-Disposition. */
  async exportFor(actor: Actor, studentId: string, origin: { ip: string | null }): Promise<{ fileName: string; data: StudentDataExport }> {
    const student = await this.#authorizedStudent(actor, studentId);
    const s = this.#storage;
    const [school, classId, parentIds, events, authEvents, work, recordedChat] = await Promise.all([
      s.schools.getSchool(student.schoolId),
      s.schools.classOfStudent(student.id),
      s.schools.parentsOf(student.id),
      s.personalData.attendanceOf(student.id),
      s.personalData.authEventsOf(student.id, loginsOf(student)),
      s.personalData.schoolWorkOf(student.id),
      s.recordedChat.ofUser(student.id),
    ]);
    const [cls, parents, lessons, examAttempts] = await Promise.all([
      classId ? s.schools.getClass(classId) : undefined,
      Promise.all(parentIds.map((id) => s.accounts.get(id))),
      this.#lessons(student, events),
      this.#examAttempts(student.id),
    ]);
    // Record the export before reading the access log, so the document lists itself.
    const now = this.#clock.now();
    await s.personalDataAudit.record({
      at: now,
      actorId: actor.userId,
      schoolId: student.schoolId,
      action: 'export',
      subjectUserId: student.id,
      resource: `student:${student.id}`,
      ip: origin.ip,
      detail: `${lessons.length} lessons, ${examAttempts.length} exam attempts`,
    });
    const accesses = await s.personalData.accessesAbout(student.id);
    const data: StudentDataExport = {
      format: 'classroom.student-data/v1',
      exportedAt: iso(now),
      school: { id: student.schoolId, name: school?.name ?? null },
      student: {
        id: student.id,
        code: student.code,
        username: student.username,
        displayName: student.displayName,
        disabled: student.disabled,
        mustChangePassword: student.mustChangePassword,
        createdAt: iso(student.createdAt),
        updatedAt: iso(student.updatedAt),
        passwordChangedAt: isoOrNull(student.passwordChangedAt),
      },
      class: cls ? { id: cls.id, name: cls.name } : null,
      parents: parents.filter((p): p is Account => p !== undefined).map((p) => ({ id: p.id, displayName: p.displayName, username: p.username })),
      lessons,
      logins: authEvents.map((e) => ({ at: iso(e.at), kind: e.kind, ip: e.ip, userAgent: e.userAgent, detail: e.detail })),
      accessLog: accesses.map((a) => ({ at: iso(a.at), actorId: a.actorId, action: a.action, resource: a.resource, ip: a.ip })),
      schoolWork: {
        submissions: work.submissions.map((x) => ({ ...x, submittedAt: iso(x.submittedAt) })),
        grades: work.grades.map((g) => ({ ...g, returnedAt: isoOrNull(g.returnedAt), updatedAt: iso(g.updatedAt) })),
        gradebook: work.gradebook.map((c) => ({ ...c, updatedAt: iso(c.updatedAt) })),
      },
      examAttempts,
      recordedChat: recordedChat.map((m) => ({ at: iso(m.sentAt), recordingId: m.recordingId, text: m.text })),
    };
    return { fileName: `du-lieu-hoc-sinh_${student.code ?? student.id}.json`, data };
  }

  /**
   * Deletes the student's account and data (see PersonalDataStore.eraseStudent) and records it,
   * in one transaction. `confirmCode` must be the student's ID code (or username): erasure
   * cannot be undone, so the admin types who they mean. Refused while the student is in a
   * live lesson (their room would keep writing events for an account that no longer exists).
   */
  async erase(actor: Actor, studentId: string, confirmCode: string, origin: { ip: string | null }): Promise<ErasureReport> {
    const student = await this.#authorizedStudent(actor, studentId);
    const expected = student.code ?? student.username ?? '';
    if (typeof confirmCode !== 'string' || confirmCode.trim() !== expected) {
      throw new ValidationError("To confirm, type the student's ID code exactly", { details: { field: 'confirmCode' } });
    }
    const live = await this.#liveLessonOf(student.id);
    if (live) throw new ConflictError('The student is in a live lesson now; erase their data after it ends', 'CONFLICT', { details: { lessonId: live } });
    let blobKeys: string[] = [];
    const erased = await this.#storage.transaction(async (tx) => {
      blobKeys = await tx.personalData.blobKeysOf(student.id);
      const counts = await tx.personalData.eraseStudent(student.id, loginsOf(student));
      await tx.personalDataAudit.record({
        at: this.#clock.now(),
        actorId: actor.userId,
        schoolId: student.schoolId,
        action: 'delete',
        subjectUserId: student.id,
        resource: `student:${student.id}`,
        ip: origin.ip,
        detail: Object.entries(counts)
          .map(([k, n]) => `${k}=${n}`)
          .join(' '),
      });
      return counts;
    });
    // After the commit: a crash in between leaves unreferenced blobs (bytes no key in the
    // database names any more), never a record pointing at a deleted file.
    if (this.#blobs) await Promise.allSettled(blobKeys.map((key) => this.#blobs!.delete(key)));
    return { studentId: student.id, erased };
  }

  async #authorizedStudent(actor: Actor, studentId: string): Promise<Account> {
    const account = typeof studentId === 'string' && studentId.length <= 64 ? await this.#storage.accounts.get(studentId) : undefined;
    if (!account || account.role !== 'student') throw new NotFoundError('No such student');
    assertCan(actor, 'student.manageData', await studentRef(this.#storage.schools, account));
    return account;
  }

  async #lessons(student: Account, events: readonly StoredParticipationEvent[]): Promise<ExportedLesson[]> {
    const byLesson = groupByLesson(events);
    const answers = await this.#storage.liveQuiz.answersOfUser(student.id);
    const lessons = await Promise.all([...byLesson.keys()].map((id) => this.#storage.lessons.get(id)));
    const names = new NameLookup(this.#storage);
    const out: ExportedLesson[] = [];
    for (const lesson of lessons) {
      if (!lesson) continue;
      const own = byLesson.get(lesson.id) ?? [];
      const exported = this.#exportLesson(student, lesson, own, await names.className(lesson.classId), await names.subjectName(lesson.subjectId));
      exported.quizAnswers = answers.filter((a) => a.lessonId === lesson.id).map((a) => ({ at: iso(a.answeredAt), quizId: a.quizId, answer: a.answer, outcome: a.outcome }));
      out.push(exported);
    }
    return out.sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
  }

  /** Every quiz and exam attempt of the student, with answers, manual grades and the audit trail. */
  async #examAttempts(studentId: string): Promise<ExportedExamAttempt[]> {
    const store = this.#storage.exams;
    const out: ExportedExamAttempt[] = [];
    for (const a of await store.attemptsOfStudent(studentId, { from: 0, to: Number.MAX_SAFE_INTEGER })) {
      const [exam, answers, grades, events] = await Promise.all([store.getExam(a.examId), store.answersOf(a.id), store.manualGradesOf(a.id), allEventsOf(store, a.examId, a.id)]);
      out.push({
        examId: a.examId,
        examTitle: exam?.title ?? '',
        mode: exam?.mode ?? '',
        classId: exam?.classId ?? '',
        subjectId: exam?.subjectId ?? '',
        attemptId: a.id,
        number: a.number,
        status: a.status,
        seed: a.seed,
        startedAt: iso(a.startedAt),
        deadlineAt: iso(a.deadlineAt),
        finishedAt: isoOrNull(a.finishedAt),
        points: a.result?.points ?? null,
        maxPoints: a.result?.maxPoints ?? null,
        score10: a.result?.score10 ?? null,
        feedback: a.feedback,
        answers: answers.map((x) => ({ questionId: x.questionId, answer: x.answer, seq: x.seq, savedAt: iso(x.savedAt) })),
        manualGrades: grades.map((g) => ({ questionId: g.questionId, points: g.points, feedback: g.feedback, gradedBy: g.gradedBy, gradedAt: iso(g.gradedAt) })),
        events: events.map((e) => ({ at: iso(e.at), kind: e.kind, actorId: e.actorId, clientId: e.clientId, ip: e.ip, data: e.data })),
      });
    }
    return out.sort((x, y) => x.startedAt.localeCompare(y.startedAt));
  }

  #exportLesson(student: Account, lesson: Lesson, events: readonly StoredParticipationEvent[], className: string | null, subjectName: string | null): ExportedLesson {
    const table = attendanceTable({
      lesson,
      roster: [{ userId: student.id, code: student.code ?? '', displayName: student.displayName }],
      events,
      now: this.#clock.now(),
      options: this.#attendance,
    });
    const row = table.rows[0];
    return {
      lessonId: lesson.id,
      title: lesson.title,
      className,
      subjectName,
      scheduledStart: iso(lesson.scheduledStart),
      scheduledEnd: iso(lesson.scheduledEnd),
      startedAt: isoOrNull(lesson.startedAt),
      endedAt: isoOrNull(lesson.endedAt),
      presentMinutes: minutes(row?.presentMs ?? 0),
      cameraOnMinutes: minutes(row?.cameraOnMs ?? 0),
      micOnMinutes: minutes(row?.micOnMs ?? 0),
      handRaises: row?.handRaises ?? 0,
      chatMessages: row?.chatMessages ?? 0,
      late: row?.late ?? false,
      leftEarly: row?.leftEarly ?? false,
      events: events.map((e) => ({ at: iso(e.at), kind: e.kind, reason: e.kind === 'leave' ? e.reason : null })),
      quizAnswers: [],
    };
  }

  /** The id of a lesson the student is in right now, if any. */
  async #liveLessonOf(studentId: string): Promise<string | undefined> {
    const now = this.#clock.now();
    for (const [lessonId, events] of groupByLesson(await this.#storage.personalData.attendanceOf(studentId))) {
      const last = events.findLast((e) => e.kind === 'join' || e.kind === 'leave');
      if (last?.kind !== 'join') continue;
      const lesson = await this.#storage.lessons.get(lessonId);
      if (lesson && lesson.endedAt === null && now < lesson.scheduledEnd + LIVE_AFTER_END_MS) return lessonId;
    }
    return undefined;
  }
}

/** Every event of one attempt: the store caps a read, and an export must be complete. */
async function allEventsOf(store: Storage['exams'], examId: string, attemptId: string) {
  const PAGE = 5_000;
  const out = [];
  for (let afterId = 0; ; ) {
    const page = await store.eventsOf(examId, { attemptId, afterId, limit: PAGE });
    out.push(...page);
    if (page.length < PAGE) return out;
    afterId = page.at(-1)!.id;
  }
}

function loginsOf(a: Account): string[] {
  return [a.code, a.username].filter((x): x is string => x !== null);
}

function groupByLesson(events: readonly StoredParticipationEvent[]): Map<string, StoredParticipationEvent[]> {
  const map = new Map<string, StoredParticipationEvent[]>();
  for (const e of events) {
    const list = map.get(e.lessonId);
    if (list) list.push(e);
    else map.set(e.lessonId, [e]);
  }
  return map;
}
