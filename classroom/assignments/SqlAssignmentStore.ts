import type { Queryable, Row } from '../store/index.js';
import { atomically, flag, optionalNumber } from '../store/index.js';
import type { Assignment, AssignmentStore, AssignmentGrade, Submission } from './AssignmentTypes.js';

const A_COLUMNS = 'id, school_id, class_id, subject_id, teacher_id, title, instructions, open_at, due_at, accept_late, late_penalty_tenths, for_all, created_at, updated_at';
const S_COLUMNS = 'id, assignment_id, student_id, version, text, submitted_at, late';
const G_COLUMNS = 'assignment_id, student_id, score_tenths, feedback, returned_at, revision, graded_by, updated_at';

function toAssignment(r: Row, studentIds: readonly string[]): Assignment {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    classId: String(r.class_id),
    subjectId: String(r.subject_id),
    teacherId: String(r.teacher_id),
    title: String(r.title),
    instructions: String(r.instructions),
    openAt: Number(r.open_at),
    dueAt: Number(r.due_at),
    acceptLate: flag(r.accept_late),
    latePenaltyTenths: Number(r.late_penalty_tenths),
    studentIds: flag(r.for_all) ? [] : studentIds,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toGrade(r: Row): AssignmentGrade {
  return {
    assignmentId: String(r.assignment_id),
    studentId: String(r.student_id),
    scoreTenths: optionalNumber(r.score_tenths),
    feedback: String(r.feedback),
    returnedAt: optionalNumber(r.returned_at),
    revision: Number(r.revision),
    gradedBy: String(r.graded_by),
    updatedAt: Number(r.updated_at),
  };
}

export class SqlAssignmentStore implements AssignmentStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  create(a: Assignment): Promise<void> {
    return atomically(this.#q, async (tx) => {
      await tx.run(`INSERT INTO assignments (${A_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        a.id, a.schoolId, a.classId, a.subjectId, a.teacherId, a.title, a.instructions, a.openAt, a.dueAt, a.acceptLate, a.latePenaltyTenths, a.studentIds.length === 0, a.createdAt, a.updatedAt,
      ]);
      for (const studentId of a.studentIds) await tx.run('INSERT INTO assignment_students (assignment_id, student_id) VALUES (?, ?)', [a.id, studentId]);
    });
  }

  update(a: Assignment): Promise<void> {
    return atomically(this.#q, async (tx) => {
      await tx.run(
        'UPDATE assignments SET title = ?, instructions = ?, open_at = ?, due_at = ?, accept_late = ?, late_penalty_tenths = ?, for_all = ?, updated_at = ? WHERE id = ?',
        [a.title, a.instructions, a.openAt, a.dueAt, a.acceptLate, a.latePenaltyTenths, a.studentIds.length === 0, a.updatedAt, a.id],
      );
      await tx.run('DELETE FROM assignment_students WHERE assignment_id = ?', [a.id]);
      for (const studentId of a.studentIds) await tx.run('INSERT INTO assignment_students (assignment_id, student_id) VALUES (?, ?)', [a.id, studentId]);
    });
  }

  async get(id: string): Promise<Assignment | undefined> {
    const r = await this.#q.one(`SELECT ${A_COLUMNS} FROM assignments WHERE id = ?`, [id]);
    return r && toAssignment(r, await this.#studentsOf(id));
  }

  async listForClass(classId: string, subjectId: string | null): Promise<Assignment[]> {
    const rows = subjectId
      ? await this.#q.all(`SELECT ${A_COLUMNS} FROM assignments WHERE class_id = ? AND subject_id = ? ORDER BY due_at DESC, id`, [classId, subjectId])
      : await this.#q.all(`SELECT ${A_COLUMNS} FROM assignments WHERE class_id = ? ORDER BY due_at DESC, id`, [classId]);
    return Promise.all(rows.map(async (r) => toAssignment(r, flag(r.for_all) ? [] : await this.#studentsOf(String(r.id)))));
  }

  async listForStudent(studentId: string, classId: string): Promise<Assignment[]> {
    const rows = await this.#q.all(
      `SELECT ${A_COLUMNS} FROM assignments a WHERE class_id = ?
         AND (for_all = 1 OR EXISTS (SELECT 1 FROM assignment_students s WHERE s.assignment_id = a.id AND s.student_id = ?))
       ORDER BY due_at, id`,
      [classId, studentId],
    );
    return Promise.all(rows.map(async (r) => toAssignment(r, flag(r.for_all) ? [] : await this.#studentsOf(String(r.id)))));
  }

  async #studentsOf(assignmentId: string): Promise<string[]> {
    const rows = await this.#q.all<{ student_id: string }>('SELECT student_id FROM assignment_students WHERE assignment_id = ? ORDER BY student_id', [assignmentId]);
    return rows.map((r) => r.student_id);
  }

  async lockStudent(studentId: string): Promise<void> {
    // As in SqlLessonStore.lockTimetables: a no-op UPDATE row-locks on PostgreSQL; SQLite's
    // BEGIN IMMEDIATE already serializes writers. Two hand-ins never get the same version.
    await this.#q.run('UPDATE users SET updated_at = updated_at WHERE id = ?', [studentId]);
  }

  addSubmission(s: Submission): Promise<void> {
    return atomically(this.#q, async (tx) => {
      await tx.run(`INSERT INTO submissions (${S_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [s.id, s.assignmentId, s.studentId, s.version, s.text, s.submittedAt, s.late]);
      for (const [position, uploadId] of s.fileIds.entries()) {
        await tx.run('INSERT INTO submission_files (submission_id, position, upload_id) VALUES (?, ?, ?)', [s.id, position, uploadId]);
      }
    });
  }

  submissionsOf(assignmentId: string, studentId: string): Promise<Submission[]> {
    return this.#submissions(`SELECT ${S_COLUMNS} FROM submissions WHERE assignment_id = ? AND student_id = ? ORDER BY version`, [assignmentId, studentId]);
  }

  latestSubmissions(assignmentId: string): Promise<Submission[]> {
    return this.#submissions(
      `SELECT ${S_COLUMNS} FROM submissions s WHERE assignment_id = ?
         AND version = (SELECT MAX(version) FROM submissions t WHERE t.assignment_id = s.assignment_id AND t.student_id = s.student_id)
       ORDER BY student_id`,
      [assignmentId],
    );
  }

  allSubmissions(assignmentId: string): Promise<Submission[]> {
    return this.#submissions(`SELECT ${S_COLUMNS} FROM submissions WHERE assignment_id = ? ORDER BY student_id, version`, [assignmentId]);
  }

  async #submissions(sql: string, params: string[]): Promise<Submission[]> {
    const rows = await this.#q.all(sql, params);
    if (rows.length === 0) return [];
    const files = await this.#q.all<{ submission_id: string; upload_id: string }>(
      `SELECT f.submission_id, f.upload_id FROM submission_files f JOIN submissions s ON s.id = f.submission_id
       WHERE s.assignment_id = ? ORDER BY f.submission_id, f.position`,
      [params[0]!],
    );
    const bySubmission = new Map<string, string[]>();
    for (const f of files) bySubmission.set(f.submission_id, [...(bySubmission.get(f.submission_id) ?? []), f.upload_id]);
    return rows.map((r) => ({
      id: String(r.id),
      assignmentId: String(r.assignment_id),
      studentId: String(r.student_id),
      version: Number(r.version),
      text: String(r.text),
      fileIds: bySubmission.get(String(r.id)) ?? [],
      submittedAt: Number(r.submitted_at),
      late: flag(r.late),
    }));
  }

  async getGrade(assignmentId: string, studentId: string): Promise<AssignmentGrade | undefined> {
    const r = await this.#q.one(`SELECT ${G_COLUMNS} FROM assignment_grades WHERE assignment_id = ? AND student_id = ?`, [assignmentId, studentId]);
    return r && toGrade(r);
  }

  async gradesOf(assignmentId: string): Promise<AssignmentGrade[]> {
    return (await this.#q.all(`SELECT ${G_COLUMNS} FROM assignment_grades WHERE assignment_id = ? ORDER BY student_id`, [assignmentId])).map(toGrade);
  }

  async returnedGradesOf(studentId: string): Promise<AssignmentGrade[]> {
    return (await this.#q.all(`SELECT ${G_COLUMNS} FROM assignment_grades WHERE student_id = ? AND returned_at IS NOT NULL ORDER BY returned_at`, [studentId])).map(toGrade);
  }

  async saveGrade(g: AssignmentGrade, expectedRevision: number): Promise<boolean> {
    const params = [g.scoreTenths, g.feedback, g.returnedAt, g.revision, g.gradedBy, g.updatedAt];
    if (expectedRevision === 0) {
      // ON CONFLICT DO NOTHING: a grade another teacher created meanwhile is a conflict, not an overwrite.
      const { changes } = await this.#q.run(
        `INSERT INTO assignment_grades (${G_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assignment_id, student_id) DO NOTHING`,
        [g.assignmentId, g.studentId, ...params],
      );
      return changes === 1;
    }
    const { changes } = await this.#q.run(
      'UPDATE assignment_grades SET score_tenths = ?, feedback = ?, returned_at = ?, revision = ?, graded_by = ?, updated_at = ? WHERE assignment_id = ? AND student_id = ? AND revision = ?',
      [...params, g.assignmentId, g.studentId, expectedRevision],
    );
    return changes === 1;
  }
}
