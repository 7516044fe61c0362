import type { Queryable, Row } from '../store/index.js';
import { atomically, uniqueAs } from '../store/index.js';
import { compareVietnameseNames, nameKey } from './names.js';
import type { Grade, RosterEntry, School, SchoolClass, SchoolDirectory, StaffDuty, StaffDutyKind, Subject, TeachingAssignment } from './SchoolTypes.js';

export class SqlSchoolDirectory implements SchoolDirectory {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async createSchool(school: School): Promise<void> {
    await this.#q.run('INSERT INTO schools (id, name, created_at) VALUES (?, ?, ?)', [school.id, school.name, school.createdAt]);
  }

  async getSchool(id: string): Promise<School | undefined> {
    const r = await this.#q.one('SELECT id, name, created_at FROM schools WHERE id = ?', [id]);
    return r && { id: String(r.id), name: String(r.name), createdAt: Number(r.created_at) };
  }

  async addGrade(grade: Grade): Promise<void> {
    await uniqueAs(`Grade "${grade.name}" already exists`, () =>
      this.#q.run('INSERT INTO grades (id, school_id, name, name_key, level) VALUES (?, ?, ?, ?, ?)', [
        grade.id,
        grade.schoolId,
        grade.name,
        nameKey(grade.name),
        grade.level,
      ]),
    );
  }

  async listGrades(schoolId: string): Promise<Grade[]> {
    const rows = await this.#q.all('SELECT id, school_id, name, level FROM grades WHERE school_id = ? ORDER BY level, name_key', [schoolId]);
    return rows.map((r) => ({ id: String(r.id), schoolId: String(r.school_id), name: String(r.name), level: Number(r.level) }));
  }

  async addClass(cls: SchoolClass): Promise<void> {
    await uniqueAs(`Class "${cls.name}" already exists`, () =>
      this.#q.run('INSERT INTO classes (id, school_id, grade_id, name, name_key) VALUES (?, ?, ?, ?, ?)', [
        cls.id,
        cls.schoolId,
        cls.gradeId,
        cls.name,
        nameKey(cls.name),
      ]),
    );
  }

  async getClass(id: string): Promise<SchoolClass | undefined> {
    const r = await this.#q.one('SELECT id, school_id, grade_id, name FROM classes WHERE id = ?', [id]);
    return r && toClass(r);
  }

  async findClassByName(schoolId: string, name: string): Promise<SchoolClass | undefined> {
    const r = await this.#q.one('SELECT id, school_id, grade_id, name FROM classes WHERE school_id = ? AND name_key = ?', [schoolId, nameKey(name)]);
    return r && toClass(r);
  }

  async listClasses(schoolId: string): Promise<SchoolClass[]> {
    const rows = await this.#q.all(
      'SELECT c.id, c.school_id, c.grade_id, c.name FROM classes c JOIN grades g ON g.id = c.grade_id WHERE c.school_id = ? ORDER BY g.level, c.name_key',
      [schoolId],
    );
    return rows.map(toClass);
  }

  async addSubject(subject: Subject): Promise<void> {
    await uniqueAs(`Subject "${subject.name}" already exists`, () =>
      this.#q.run('INSERT INTO subjects (id, school_id, name, name_key) VALUES (?, ?, ?, ?)', [
        subject.id,
        subject.schoolId,
        subject.name,
        nameKey(subject.name),
      ]),
    );
  }

  async getSubject(id: string): Promise<Subject | undefined> {
    const r = await this.#q.one('SELECT id, school_id, name FROM subjects WHERE id = ?', [id]);
    return r && toSubject(r);
  }

  async findSubjectByName(schoolId: string, name: string): Promise<Subject | undefined> {
    const r = await this.#q.one('SELECT id, school_id, name FROM subjects WHERE school_id = ? AND name_key = ?', [schoolId, nameKey(name)]);
    return r && toSubject(r);
  }

  async listSubjects(schoolId: string): Promise<Subject[]> {
    const rows = await this.#q.all('SELECT id, school_id, name FROM subjects WHERE school_id = ? ORDER BY name_key', [schoolId]);
    return rows.map(toSubject);
  }

  async assignTeacher(a: TeachingAssignment): Promise<void> {
    await this.#q.run(
      'INSERT INTO teaching_assignments (teacher_id, class_id, subject_id) VALUES (?, ?, ?) ON CONFLICT (teacher_id, class_id, subject_id) DO NOTHING',
      [a.teacherId, a.classId, a.subjectId],
    );
  }

  async unassignTeacher(a: TeachingAssignment): Promise<void> {
    await this.#q.run('DELETE FROM teaching_assignments WHERE teacher_id = ? AND class_id = ? AND subject_id = ?', [a.teacherId, a.classId, a.subjectId]);
  }

  async replaceAssignments(teacherId: string, assignments: readonly Omit<TeachingAssignment, 'teacherId'>[]): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await tx.run('DELETE FROM teaching_assignments WHERE teacher_id = ?', [teacherId]);
      const inner = new SqlSchoolDirectory(tx);
      for (const a of assignments) await inner.assignTeacher({ teacherId, ...a });
    });
  }

  async assignmentsOfTeacher(teacherId: string): Promise<TeachingAssignment[]> {
    const rows = await this.#q.all('SELECT teacher_id, class_id, subject_id FROM teaching_assignments WHERE teacher_id = ? ORDER BY class_id, subject_id', [teacherId]);
    return rows.map(toAssignment);
  }

  async assignmentsOfClass(classId: string): Promise<TeachingAssignment[]> {
    const rows = await this.#q.all('SELECT teacher_id, class_id, subject_id FROM teaching_assignments WHERE class_id = ? ORDER BY subject_id, teacher_id', [classId]);
    return rows.map(toAssignment);
  }

  async teaches(teacherId: string, classId: string, subjectId: string): Promise<boolean> {
    const r = await this.#q.one('SELECT 1 AS yes FROM teaching_assignments WHERE teacher_id = ? AND class_id = ? AND subject_id = ?', [teacherId, classId, subjectId]);
    return r !== undefined;
  }

  async enrol(studentId: string, classId: string): Promise<void> {
    await this.#q.run('INSERT INTO class_students (student_id, class_id) VALUES (?, ?) ON CONFLICT (student_id) DO UPDATE SET class_id = excluded.class_id', [
      studentId,
      classId,
    ]);
  }

  async classOfStudent(studentId: string): Promise<string | undefined> {
    const r = await this.#q.one('SELECT class_id FROM class_students WHERE student_id = ?', [studentId]);
    return r && String(r.class_id);
  }

  async rosterOfClass(classId: string): Promise<RosterEntry[]> {
    const rows = await this.#q.all(
      'SELECT u.id, u.code, u.display_name FROM class_students cs JOIN users u ON u.id = cs.student_id WHERE cs.class_id = ? AND u.disabled = 0',
      [classId],
    );
    return rows
      .map((r) => ({ userId: String(r.id), code: String(r.code), displayName: String(r.display_name) }))
      .sort((a, b) => compareVietnameseNames(a.displayName, b.displayName) || a.code.localeCompare(b.code));
  }

  async linkParent(parentId: string, studentId: string): Promise<void> {
    await this.#q.run('INSERT INTO parent_links (parent_id, student_id) VALUES (?, ?) ON CONFLICT (parent_id, student_id) DO NOTHING', [parentId, studentId]);
  }

  async childrenOf(parentId: string): Promise<string[]> {
    const rows = await this.#q.all('SELECT student_id FROM parent_links WHERE parent_id = ? ORDER BY student_id', [parentId]);
    return rows.map((r) => String(r.student_id));
  }

  async parentsOf(studentId: string): Promise<string[]> {
    const rows = await this.#q.all('SELECT parent_id FROM parent_links WHERE student_id = ? ORDER BY parent_id', [studentId]);
    return rows.map((r) => String(r.parent_id));
  }

  async replaceDuties(schoolId: string, userId: string, duties: readonly Pick<StaffDuty, 'duty' | 'subjectId'>[]): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await tx.run('DELETE FROM staff_duties WHERE user_id = ?', [userId]);
      for (const d of duties) {
        await tx.run('INSERT INTO staff_duties (school_id, user_id, duty, subject_id) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, duty, subject_id) DO NOTHING', [
          schoolId,
          userId,
          d.duty,
          d.subjectId,
        ]);
      }
    });
  }

  async dutiesOf(userId: string): Promise<StaffDuty[]> {
    const rows = await this.#q.all('SELECT school_id, user_id, duty, subject_id FROM staff_duties WHERE user_id = ? ORDER BY duty, subject_id', [userId]);
    return rows.map(toDuty);
  }

  async dutiesInSchool(schoolId: string): Promise<StaffDuty[]> {
    const rows = await this.#q.all('SELECT school_id, user_id, duty, subject_id FROM staff_duties WHERE school_id = ? ORDER BY duty, subject_id, user_id', [schoolId]);
    return rows.map(toDuty);
  }
}

function toDuty(r: Row): StaffDuty {
  return { schoolId: String(r.school_id), userId: String(r.user_id), duty: String(r.duty) as StaffDutyKind, subjectId: String(r.subject_id) };
}

function toClass(r: Row): SchoolClass {
  return { id: String(r.id), schoolId: String(r.school_id), gradeId: String(r.grade_id), name: String(r.name) };
}

function toSubject(r: Row): Subject {
  return { id: String(r.id), schoolId: String(r.school_id), name: String(r.name) };
}

function toAssignment(r: Row): TeachingAssignment {
  return { teacherId: String(r.teacher_id), classId: String(r.class_id), subjectId: String(r.subject_id) };
}
