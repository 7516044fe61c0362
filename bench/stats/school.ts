/**
 * A seeded school year for bench:stats, as plain rows of the schema's tables (deterministic: the
 * same arguments give the same rows on both engines). Term I of 2025-2026: lessons from
 * 2025-09-08 over 18 weeks of school days, 45-minute periods from 07:00 (UTC+7).
 *
 * Per lesson: 3 % cancelled, 2 % never started, the rest held and ended (a few early). Per student
 * of a held lesson: 92 % attend; of those 8 % join late, 6 % leave early, 10 % drop and come back
 * within 20 s; the teacher joins and leaves too. One assignment for every five lessons, given to
 * the class; 85 % hand in (some twice), 80 % of those get a returned score.
 */

export interface BenchSchoolOptions {
  students: number;
  lessons: number;
  teachers: number;
  /** Students per class. Default 35. */
  classSize?: number;
}

export type Value = string | number | null;
export interface Table {
  name: string;
  columns: readonly string[];
  rows: Value[][];
}

export const SCHOOL_ID = 'sch_bench';
export const ADMIN_USERNAME = 'bench.admin';
export const TERM = { from: '2025-09-01', to: '2026-01-15' } as const;
const SUBJECTS = ['Toán', 'Ngữ văn', 'Tiếng Anh', 'Vật lý', 'Hóa học', 'Sinh học', 'Lịch sử', 'Địa lý', 'GDKT và PL', 'Tin học', 'Công nghệ', 'GDQP-AN'];
const MIN = 60_000;
const DAY = 86_400_000;
/** 2025-09-08 07:00 at UTC+7. */
const FIRST_DAY_0700 = Date.UTC(2025, 8, 8, 0, 0);

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const nameOf = (prefix: string, i: number) => `${prefix} ${LETTERS[Math.floor(i / 676) % 26]!.toUpperCase()}${LETTERS[Math.floor(i / 26) % 26]}${LETTERS[i % 26]}`;

export interface BenchSchool {
  tables: Table[];
  /** The teacher whose own page is timed (the first, with the most lessons). */
  teacherCode: string;
  eventCount: number;
}

/** `passwordHash`: one argon2id hash for every seeded account (only the admin and one teacher sign in). */
export function benchSchool(o: BenchSchoolOptions, passwordHash: string): BenchSchool {
  const rand = rng(20_250_908);
  const classSize = o.classSize ?? 35;
  const nClasses = Math.max(1, Math.ceil(o.students / classSize));
  const table = (name: string, columns: string[]): Table => ({ name, columns, rows: [] });
  const schools = table('schools', ['id', 'name', 'created_at']);
  const grades = table('grades', ['id', 'school_id', 'name', 'name_key', 'level']);
  const classes = table('classes', ['id', 'school_id', 'grade_id', 'name', 'name_key']);
  const subjects = table('subjects', ['id', 'school_id', 'name', 'name_key']);
  const users = table('users', ['id', 'school_id', 'role', 'code', 'username', 'display_name', 'password_hash', 'must_change_password', 'disabled', 'created_at', 'updated_at']);
  const teaching = table('teaching_assignments', ['teacher_id', 'class_id', 'subject_id']);
  const enrol = table('class_students', ['student_id', 'class_id']);
  const lessons = table('lessons', ['id', 'school_id', 'class_id', 'subject_id', 'teacher_id', 'title', 'scheduled_start', 'scheduled_end', 'started_at', 'ended_at', 'cancelled_at', 'created_at']);
  const events = table('attendance_events', ['lesson_id', 'user_id', 'kind', 'reason', 'at']);
  const assignments = table('assignments', ['id', 'school_id', 'class_id', 'subject_id', 'teacher_id', 'title', 'instructions', 'open_at', 'due_at', 'accept_late', 'late_penalty_tenths', 'for_all', 'created_at', 'updated_at']);
  const submissions = table('submissions', ['id', 'assignment_id', 'student_id', 'version', 'text', 'submitted_at', 'late']);
  const grades2 = table('assignment_grades', ['assignment_id', 'student_id', 'score_tenths', 'feedback', 'returned_at', 'revision', 'graded_by', 'updated_at']);

  const created = FIRST_DAY_0700 - 30 * DAY;
  schools.rows.push([SCHOOL_ID, 'THPT Bench', created]);
  for (const level of [10, 11, 12]) grades.rows.push([`grd_${level}`, SCHOOL_ID, `Khối ${level}`, `khối ${level}`, level]);
  const classIds: string[] = [];
  for (let c = 0; c < nClasses; c++) {
    const level = 10 + (c % 3);
    const name = `${level}A${Math.floor(c / 3) + 1}`;
    classIds.push(`cls_${c}`);
    classes.rows.push([`cls_${c}`, SCHOOL_ID, `grd_${level}`, name, name.toLowerCase()]);
  }
  SUBJECTS.forEach((s, i) => subjects.rows.push([`sub_${i}`, SCHOOL_ID, s, s.toLowerCase()]));
  const user = (id: string, role: string, code: string | null, username: string | null, name: string) =>
    users.rows.push([id, SCHOOL_ID, role, code, username, name, passwordHash, 0, 0, created, created]);
  user('usr_admin', 'admin', null, ADMIN_USERNAME, 'Quản Trị Bench');
  const teacherCode = (i: number) => `0088${String(i).padStart(8, '0')}`;
  for (let i = 0; i < o.teachers; i++) user(`usr_t${i}`, 'teacher', teacherCode(i), null, nameOf('Giáo Viên', i));
  const perSubject = Math.max(1, Math.floor(o.teachers / SUBJECTS.length));
  /** The teacher of a class + subject: the subject's teachers take its classes in turn. */
  const teacherOf = (c: number, s: number) => `usr_t${(s + SUBJECTS.length * (c % perSubject)) % o.teachers}`;
  for (let c = 0; c < nClasses; c++) SUBJECTS.forEach((_, s) => teaching.rows.push([teacherOf(c, s), classIds[c]!, `sub_${s}`]));
  const roster: string[][] = classIds.map(() => []);
  for (let i = 0; i < o.students; i++) {
    const id = `usr_s${i}`;
    user(id, 'student', `0077${String(i).padStart(8, '0')}`, null, nameOf('Học Sinh', i));
    const c = i % nClasses;
    enrol.rows.push([id, classIds[c]!]);
    roster[c]!.push(id);
  }

  const perClass = Math.ceil(o.lessons / nClasses);
  const schoolDays = 18 * 5;
  for (let k = 0; k < o.lessons; k++) {
    const c = k % nClasses;
    const j = Math.floor(k / nClasses);
    const s = j % SUBJECTS.length;
    const day = Math.floor((j * schoolDays) / perClass);
    const week = Math.floor(day / 5);
    const start = FIRST_DAY_0700 + (week * 7 + (day % 5)) * DAY + (j % 5) * 50 * MIN;
    const end = start + 45 * MIN;
    const id = `les_${k}`;
    const teacher = teacherOf(c, s);
    const r = rand();
    const cancelled = r < 0.03;
    const held = !cancelled && r >= 0.05;
    const endedAt = held ? (rand() < 0.05 ? end - 10 * MIN : end) : null;
    lessons.rows.push([id, SCHOOL_ID, classIds[c]!, `sub_${s}`, teacher, `${SUBJECTS[s]} – tiết ${j + 1}`, start, end, held ? start : null, endedAt, cancelled ? start - DAY : null, created]);
    if (held) addEvents(events, id, teacher, roster[c]!, start, endedAt!, rand);
    if (k % 5 === 0) addAssignment({ assignments, submissions, grades: grades2 }, `asg_${k}`, classIds[c]!, `sub_${s}`, teacher, roster[c]!, start, rand);
  }
  const ordered = [schools, grades, classes, subjects, users, teaching, enrol, lessons, events, assignments, submissions, grades2];
  return { tables: ordered, teacherCode: teacherCode(0), eventCount: events.rows.length };
}

function addEvents(events: Table, lessonId: string, teacherId: string, roster: readonly string[], start: number, end: number, rand: () => number): void {
  events.rows.push([lessonId, teacherId, 'join', null, start - MIN]);
  for (const student of roster) {
    if (rand() >= 0.92) continue;
    const late = rand() < 0.08;
    const join = late ? start + (6 + Math.floor(rand() * 14)) * MIN : start - 2 * MIN + Math.floor(rand() * 4 * MIN);
    events.rows.push([lessonId, student, 'join', null, join]);
    if (rand() < 0.1) {
      const drop = join + Math.floor(rand() * Math.max(MIN, end - join - 5 * MIN));
      events.rows.push([lessonId, student, 'leave', 'disconnected', drop]);
      events.rows.push([lessonId, student, 'join', null, drop + 20_000]);
    }
    const leaveEarly = rand() < 0.06;
    events.rows.push([lessonId, student, 'leave', leaveEarly ? 'left' : 'lesson_ended', leaveEarly ? end - 15 * MIN : end]);
  }
  events.rows.push([lessonId, teacherId, 'leave', 'lesson_ended', end]);
}

function addAssignment(
  t: { assignments: Table; submissions: Table; grades: Table },
  id: string,
  classId: string,
  subjectId: string,
  teacherId: string,
  roster: readonly string[],
  start: number,
  rand: () => number,
): void {
  const due = start + 7 * DAY;
  t.assignments.rows.push([id, SCHOOL_ID, classId, subjectId, teacherId, 'Bài tập', 'Làm bài 1–5', start, due, 1, 0, 1, start, start]);
  roster.forEach((student, i) => {
    if (rand() >= 0.85) return;
    const versions = rand() < 0.1 ? 2 : 1;
    for (let v = 1; v <= versions; v++) t.submissions.rows.push([`${id}_${i}_${v}`, id, student, v, 'Bài làm', due - DAY + v * MIN, 0]);
    if (rand() < 0.8) t.grades.rows.push([id, student, 40 + Math.floor(rand() * 61), 'Tốt', due + 2 * DAY, 1, teacherId, due + 2 * DAY]);
  });
}
