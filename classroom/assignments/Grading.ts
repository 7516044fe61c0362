/**
 * The teacher's grading (R10): every assigned student's state, their versions, a score 0–10
 * with one decimal and feedback saved as typed, and "return". Two teachers saving the same
 * grade: the second gets CONFLICT (reason "stale") with the stored grade, never a silent
 * overwrite. Every change of a score is recorded (who, when, old, new).
 */
import { ConflictError, NotFoundError, ValidationError, type Clock } from '../../platform/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import { isStored, type StoredFile } from '../files/index.js';
import { formatScore, parseScore } from '../gradebook/index.js';
import { NameLookup, type RosterEntry } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { assignmentRef, submissionState } from './AssignmentService.js';
import type { Assignment, AssignmentGrade, Submission, SubmissionState } from './AssignmentTypes.js';
import { cleanText } from './texts.js';

export interface GradingRow {
  student: RosterEntry;
  state: SubmissionState;
  latest: Submission | null;
  versions: number;
  grade: AssignmentGrade | null;
}

export interface StudentWork {
  assignment: Assignment;
  studentId: string;
  /** Oldest first, each with its files. */
  versions: Array<Submission & { files: StoredFile[] }>;
  /** For teachers: the grade as it stands. For the student and parents: only once returned. */
  grade: AssignmentGrade | null;
}

export interface GradeInput {
  /** As typed ("7,5"); null clears the score. */
  score: string | number | null;
  feedback: string;
  /** The revision the teacher's page started from (0: no grade yet). */
  expectedRevision: number;
}

/** One entry of the "download all" zip: a file of the blob store, or a text written out. */
export type ArchiveEntry = { path: string; blobKey: string; size: number } | { path: string; text: string };

export class Grading {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(storage: Storage, deps: { clock: Clock }) {
    this.#storage = storage;
    this.#clock = deps.clock;
  }

  async #managed(actor: Actor, assignmentId: string): Promise<Assignment> {
    const a = await this.#storage.assignments.get(assignmentId);
    if (!a) throw new NotFoundError('No such assignment');
    assertCan(actor, 'assignment.manage', assignmentRef(a));
    return a;
  }

  /** The students the assignment is given to, in class-list order. */
  async #assignees(a: Assignment): Promise<RosterEntry[]> {
    const roster = await this.#storage.schools.rosterOfClass(a.classId);
    return a.studentIds.length === 0 ? roster : roster.filter((r) => a.studentIds.includes(r.userId));
  }

  /** Every assigned student with their state (handed in, late, missing…), latest version and grade. */
  async list(actor: Actor, assignmentId: string): Promise<{ assignment: Assignment; rows: GradingRow[] }> {
    const a = await this.#managed(actor, assignmentId);
    const [students, latest, grades, all] = await Promise.all([
      this.#assignees(a),
      this.#storage.assignments.latestSubmissions(a.id),
      this.#storage.assignments.gradesOf(a.id),
      this.#storage.assignments.allSubmissions(a.id),
    ]);
    const latestOf = new Map(latest.map((s) => [s.studentId, s]));
    const gradeOf = new Map(grades.map((g) => [g.studentId, g]));
    const now = this.#clock.now();
    const rows = students.map((student) => {
      const grade = gradeOf.get(student.userId) ?? null;
      const last = latestOf.get(student.userId);
      return {
        student,
        state: submissionState(a, last, grade?.returnedAt != null, now),
        latest: last ?? null,
        versions: all.filter((s) => s.studentId === student.userId).length,
        grade,
      };
    });
    return { assignment: a, rows };
  }

  /** One student's versions and grade: for the teachers, the student, and the student's parents. */
  async work(actor: Actor, assignmentId: string, studentId: string): Promise<StudentWork> {
    const a = await this.#storage.assignments.get(assignmentId);
    if (!a) throw new NotFoundError('No such assignment');
    const ref = assignmentRef(a);
    const self = actor.role === 'student' && actor.userId === studentId;
    const parent = actor.role === 'parent' && actor.children.some((c) => c.studentId === studentId);
    if (self || parent) assertCan(actor, 'assignment.read', ref);
    else assertCan(actor, 'assignment.manage', ref);
    if (!(await this.#assignees(a)).some((s) => s.userId === studentId)) throw new NotFoundError('This student is not given this assignment');
    const versions = await this.#storage.assignments.submissionsOf(a.id, studentId);
    const files = new Map((await this.#storage.uploads.getMany(versions.flatMap((v) => v.fileIds))).filter(isStored).map((f) => [f.id, f]));
    const grade = (await this.#storage.assignments.getGrade(a.id, studentId)) ?? null;
    return {
      assignment: a,
      studentId,
      versions: versions.map((v) => ({ ...v, files: v.fileIds.flatMap((id) => files.get(id) ?? []) })),
      grade: self || parent ? (grade?.returnedAt != null ? grade : null) : grade,
    };
  }

  /**
   * Saves a score and feedback (as typed, often) if the stored grade is still at
   * `expectedRevision`; otherwise CONFLICT with `details.current` (the grade another teacher
   * saved). A returned grade stays returned: the student sees the change.
   */
  async save(actor: Actor, assignmentId: string, studentId: string, input: GradeInput): Promise<AssignmentGrade> {
    const a = await this.#managed(actor, assignmentId);
    await this.#requireAssignee(a, studentId);
    const scoreTenths = input.score === null || input.score === '' ? null : parseScore(input.score);
    const feedback = cleanText(input.feedback, 5_000);
    return this.#write(actor, a, studentId, input.expectedRevision, (current) => ({ scoreTenths, feedback, returnedAt: current?.returnedAt ?? null }));
  }

  /** Returns the graded work to the student (and parents): from now on they see it. */
  async return(actor: Actor, assignmentId: string, studentId: string, expectedRevision: number): Promise<AssignmentGrade> {
    const a = await this.#managed(actor, assignmentId);
    await this.#requireAssignee(a, studentId);
    return this.#write(actor, a, studentId, expectedRevision, (current) => {
      if (!current) throw new ValidationError('AssignmentGrade the work before returning it', { details: { reason: 'not_graded' } });
      return { scoreTenths: current.scoreTenths, feedback: current.feedback, returnedAt: this.#clock.now() };
    });
  }

  async #requireAssignee(a: Assignment, studentId: string): Promise<void> {
    if (!(await this.#assignees(a)).some((s) => s.userId === studentId)) throw new NotFoundError('This student is not given this assignment');
  }

  #write(actor: Actor, a: Assignment, studentId: string, expectedRevision: number, next: (current: AssignmentGrade | undefined) => Pick<AssignmentGrade, 'scoreTenths' | 'feedback' | 'returnedAt'>): Promise<AssignmentGrade> {
    if (!Number.isInteger(expectedRevision) || expectedRevision < 0) throw new ValidationError('expectedRevision is a revision number');
    return this.#storage.transaction(async (tx) => {
      const current = await tx.assignments.getGrade(a.id, studentId);
      const stale = () => new ConflictError('Another teacher changed this grade: see theirs before saving yours', 'CONFLICT', { details: { reason: 'stale', current: current ?? null } });
      if ((current?.revision ?? 0) !== expectedRevision) throw stale();
      const now = this.#clock.now();
      const grade: AssignmentGrade = { assignmentId: a.id, studentId, ...next(current), revision: expectedRevision + 1, gradedBy: actor.userId, updatedAt: now };
      if (!(await tx.assignments.saveGrade(grade, expectedRevision))) throw stale();
      const before = current ? formatScore(current.scoreTenths) : null;
      const after = formatScore(grade.scoreTenths);
      const event = current?.returnedAt == null && grade.returnedAt !== null ? 'returned' : null;
      if (before !== after || event) {
        await tx.gradebook.recordChange({
          at: now, actorId: actor.userId, schoolId: a.schoolId, kind: 'grade', classId: a.classId, subjectId: a.subjectId, studentId,
          ref: a.id, oldValue: before, newValue: after, source: event ?? 'manual',
        });
      }
      return grade;
    });
  }

  /**
   * What the "download all" zip holds: each assigned student's latest version, in a folder named
   * "<nn> <name> (<ID code>)" (class-list order), their files under the names they gave (made
   * unique), and their text as "bai-lam.txt".
   */
  async archive(actor: Actor, assignmentId: string): Promise<{ fileName: string; entries: ArchiveEntry[] }> {
    const a = await this.#managed(actor, assignmentId);
    const [students, latest] = await Promise.all([this.#assignees(a), this.#storage.assignments.latestSubmissions(a.id)]);
    const latestOf = new Map(latest.map((s) => [s.studentId, s]));
    const files = new Map((await this.#storage.uploads.getMany(latest.flatMap((s) => s.fileIds))).filter(isStored).map((f) => [f.id, f]));
    const entries: ArchiveEntry[] = [];
    students.forEach((student, i) => {
      const s = latestOf.get(student.userId);
      if (!s) return;
      const folder = zipSafe(`${String(i + 1).padStart(2, '0')} ${student.displayName} (${student.code})`);
      const used = new Set<string>();
      if (s.text) entries.push({ path: `${folder}/bai-lam.txt`, text: `${s.text}\n` });
      for (const id of s.fileIds) {
        const f = files.get(id);
        if (!f) continue;
        let name = zipSafe(f.fileName);
        for (let n = 2; used.has(name.toLowerCase()); n++) name = zipSafe(`${n}-${f.fileName}`);
        used.add(name.toLowerCase());
        entries.push({ path: `${folder}/${name}`, blobKey: f.blobKey, size: f.size });
      }
    });
    const names = new NameLookup(this.#storage);
    const className = (await names.className(a.classId)) ?? '';
    return { fileName: zipSafe(`${className} - ${a.title}.zip`), entries };
  }
}

/** A name safe as one zip path segment on every system (file names are already sanitized). */
function zipSafe(name: string): string {
  return name.replace(/[/\\<>:"|?*\u0000-\u001f]/g, '_').slice(0, 150);
}
