/**
 * The authorization policy, as one rule per action. Everything is scoped to the actor's school
 * first; then, in words:
 * - a school admin manages their own school, reads everything in it (the school's statistics
 *   too), but neither schedules, joins nor hosts lessons (those are teaching acts);
 * - a teacher reads the statistics of their own teaching, never the school's;
 * - a teacher acts on the classes they teach: reads them, schedules for a class + subject they
 *   teach, joins and hosts the lessons of a class + subject they teach, changes the lessons
 *   they scheduled, reads the records of students in classes they teach;
 * - a student reads their own class and its lessons, joins them, reads their own record;
 * - a parent reads their children's classes, lessons and records (R20), nothing else;
 * - a class's announcements are written by its teachers (and the admin), read by its members;
 * - the question bank (R16) is the teachers': each writes questions of the subjects they teach,
 *   manages their own, and reads the ones their subject group (the school's teachers of the
 *   subject) shared; the admin reads them all; students and parents never see a bank question
 *   (its key is in it);
 * - quizzes and exams (R11): the teachers of the class + subject give, proctor and grade them;
 *   only the class's students take them (a parent reads released results through the record).
 * - assignments: the teachers of the class + subject give, change and grade them; the students
 *   they are given to (the whole class, or the chosen ones) read them and hand in; those
 *   students' parents read them; the admin reads them; the gradebook of a class + subject is
 *   its teachers' (and the admin may read it).
 * - materials (R9, art. 7.3): the subject's teachers add them; the owner edits and submits; the
 *   head of the subject group reviews, then the principal approves (duties, not roles: both are
 *   staff accounts); the principal or admin imports ministry/province materials as approved;
 *   the class + subject's teachers give approved ones to the class and see who used them (R12);
 *   the class's students open what was given to it (the domain adds: approved versions only).
 * - questions and answers of a class + subject (R13): its students ask and answer, its teachers
 *   of the subject answer and moderate; the admin and the principal read; parents nothing.
 * The table test (policy.test.ts) walks every role x action pair.
 */
import { NotAuthorizedError } from '../../platform/index.js';
import type { Action, ActionResources, Actor, AssignmentRef, ClassRef, LessonRef, MaterialRef, QuestionRef, StudentRef } from './AuthzTypes.js';

type Rule<A extends Action> = (actor: Actor, resource: ActionResources[A]) => boolean;

const isAdmin = (a: Actor) => a.role === 'admin';
const teachesClass = (a: Actor, classId: string) => a.role === 'teacher' && a.teaches.some((t) => t.classId === classId);
const teachesSubject = (a: Actor, classId: string, subjectId: string) =>
  a.role === 'teacher' && a.teaches.some((t) => t.classId === classId && t.subjectId === subjectId);
const inClass = (a: Actor, classId: string) => a.role === 'student' && a.classId === classId;
const childInClass = (a: Actor, classId: string) => a.role === 'parent' && a.children.some((c) => c.classId === classId);
const isChild = (a: Actor, studentId: string) => a.role === 'parent' && a.children.some((c) => c.studentId === studentId);

/** Anyone who belongs to the class: its teachers, its students, their parents, the admin. */
const memberOfClass = (a: Actor, r: ClassRef | LessonRef) => isAdmin(a) || teachesClass(a, r.classId) || inClass(a, r.classId) || childInClass(a, r.classId);
const teacherOfLesson = (a: Actor, r: LessonRef) => a.role === 'teacher' && (r.teacherId === a.userId || teachesSubject(a, r.classId, r.subjectId));
const recordReader = (a: Actor, r: StudentRef) =>
  isAdmin(a) || (a.role === 'student' && a.userId === r.studentId) || isChild(a, r.studentId) || (r.classId !== null && teachesClass(a, r.classId));

const teachesAnyClassOf = (a: Actor, subjectId: string) => a.role === 'teacher' && a.teaches.some((t) => t.subjectId === subjectId);
const ownsQuestion = (a: Actor, r: QuestionRef) => a.role === 'teacher' && r.ownerId === a.userId;
/** A student the assignment is given to: in its class, and named when it is not for everyone. */
const givenTo = (studentId: string, classId: string | null, r: AssignmentRef) => classId === r.classId && (r.studentIds.length === 0 || r.studentIds.includes(studentId));
const assignee = (a: Actor, r: AssignmentRef) => a.role === 'student' && givenTo(a.userId, a.classId, r);
const parentOfAssignee = (a: Actor, r: AssignmentRef) => a.role === 'parent' && a.children.some((c) => givenTo(c.studentId, c.classId, r));

/** Duties are held by staff accounts only: a duty row left on a student account grants nothing. */
const isStaff = (a: Actor) => a.role === 'teacher' || a.role === 'admin';
const isPrincipal = (a: Actor) => isStaff(a) && a.duties.principal;
const headsSubject = (a: Actor, subjectId: string) => isStaff(a) && a.duties.headOf.includes(subjectId);
const materialReader = (a: Actor, r: MaterialRef) =>
  isAdmin(a) || isPrincipal(a) || headsSubject(a, r.subjectId) || (a.role === 'teacher' && (r.ownerId === a.userId || teachesAnyClassOf(a, r.subjectId)));

const RULES: { [A in Action]: Rule<A> } = {
  'school.manage': isAdmin,
  'school.readReports': (a) => isAdmin(a) || isPrincipal(a),
  'statistics.readOwn': (a) => a.role === 'teacher',
  'roster.import': isAdmin,
  'account.manage': isAdmin,
  'audit.read': isAdmin,
  'archive.export': (a) => isAdmin(a) || isPrincipal(a),
  'archive.manage': isAdmin,
  'class.read': memberOfClass,
  'class.announce': (a, r) => isAdmin(a) || teachesClass(a, r.classId),
  'class.readRoster': (a, r) => isAdmin(a) || teachesClass(a, r.classId),
  'timetable.read': memberOfClass,
  'lesson.schedule': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'lesson.read': memberOfClass,
  'lesson.manage': (a, r) => isAdmin(a) || (a.role === 'teacher' && r.teacherId === a.userId),
  'lesson.join': (a, r) => teacherOfLesson(a, r) || inClass(a, r.classId),
  'lesson.host': teacherOfLesson,
  'attendance.read': (a, r) => isAdmin(a) || teacherOfLesson(a, r),
  'student.readRecord': recordReader,
  'student.manageData': isAdmin,
  'question.author': (a, r) => teachesAnyClassOf(a, r.subjectId),
  'question.read': (a, r) => isAdmin(a) || ownsQuestion(a, r) || (r.shared && teachesAnyClassOf(a, r.subjectId)),
  'question.manage': ownsQuestion,
  'exam.manage': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'exam.take': (a, r) => inClass(a, r.classId),
  'assignment.create': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'assignment.read': (a, r) => isAdmin(a) || teachesSubject(a, r.classId, r.subjectId) || assignee(a, r) || parentOfAssignee(a, r),
  'assignment.manage': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'assignment.submit': assignee,
  'gradebook.read': (a, r) => isAdmin(a) || teachesSubject(a, r.classId, r.subjectId),
  'gradebook.edit': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'gradebook.configure': isAdmin,
  'material.author': (a, r) => teachesAnyClassOf(a, r.subjectId) || headsSubject(a, r.subjectId),
  'material.read': materialReader,
  'material.manage': (a, r) => isStaff(a) && r.ownerId === a.userId,
  'material.review': (a, r) => headsSubject(a, r.subjectId),
  'material.approve': isPrincipal,
  'material.import': (a) => isAdmin(a) || isPrincipal(a),
  'material.share': (a, r) => teachesSubject(a, r.classId, r.subjectId),
  'material.view': (a, r) => inClass(a, r.classId),
  'material.readUsage': (a, r) => isAdmin(a) || isPrincipal(a) || teachesSubject(a, r.classId, r.subjectId),
  // A class's questions are its students' (every subject of their class) and its subject
  // teachers'; a parent never sees them (classmates' words are not theirs to read).
  'qa.read': (a, r) => isAdmin(a) || isPrincipal(a) || teachesSubject(a, r.classId, r.subjectId) || inClass(a, r.classId),
  'qa.ask': (a, r) => inClass(a, r.classId),
  'qa.answer': (a, r) => teachesSubject(a, r.classId, r.subjectId) || inClass(a, r.classId),
  'qa.moderate': (a, r) => teachesSubject(a, r.classId, r.subjectId),
};

/** True when `actor` may do `action` on `resource`. Never throws. */
export function can<A extends Action>(actor: Actor, action: A, resource: ActionResources[A]): boolean {
  if (actor.schoolId !== resource.schoolId) return false;
  const rule = RULES[action] as Rule<A> | undefined;
  return rule !== undefined && rule(actor, resource);
}

/** Throws NotAuthorizedError unless `can(actor, action, resource)`. */
export function assertCan<A extends Action>(actor: Actor, action: A, resource: ActionResources[A]): void {
  if (!can(actor, action, resource)) throw new NotAuthorizedError('You are not allowed to do this', { details: { action } });
}

export const ACTIONS = Object.keys(RULES) as Action[];
