import type { AccountStore, PublicAccount } from '../accounts/index.js';
import type { Lesson } from '../timetable/index.js';
import type { SchoolDirectory } from '../school/index.js';
import type { Actor, LessonRef, MaterialRef, QuestionRef, SchoolRef, StudentRef, SubjectRef } from './AuthzTypes.js';

/** The Actor of an account, with the memberships the policy needs. Load once per request. */
export async function loadActor(schools: SchoolDirectory, account: Pick<PublicAccount, 'id' | 'role' | 'schoolId'>): Promise<Actor> {
  const actor: Actor = { userId: account.id, role: account.role, schoolId: account.schoolId, teaches: [], classId: null, children: [], duties: NO_DUTIES };
  switch (account.role) {
    case 'teacher':
      actor.teaches = (await schools.assignmentsOfTeacher(account.id)).map(({ classId, subjectId }) => ({ classId, subjectId }));
      actor.duties = await dutiesOf(schools, account.id);
      break;
    case 'student':
      actor.classId = (await schools.classOfStudent(account.id)) ?? null;
      break;
    case 'parent': {
      const children = await schools.childrenOf(account.id);
      actor.children = await Promise.all(children.map(async (studentId) => ({ studentId, classId: (await schools.classOfStudent(studentId)) ?? null })));
      break;
    }
    case 'admin':
      actor.duties = await dutiesOf(schools, account.id);
      break;
  }
  return actor;
}

export const NO_DUTIES: Actor['duties'] = { principal: false, headOf: [] };

async function dutiesOf(schools: SchoolDirectory, userId: string): Promise<Actor['duties']> {
  const duties = await schools.dutiesOf(userId);
  if (duties.length === 0) return NO_DUTIES;
  return { principal: duties.some((d) => d.duty === 'principal'), headOf: duties.filter((d) => d.duty === 'subject_head').map((d) => d.subjectId) };
}

export function materialRef(m: { schoolId: string; subjectId: string; ownerId: string }): MaterialRef {
  return { kind: 'material', schoolId: m.schoolId, subjectId: m.subjectId, ownerId: m.ownerId };
}

/**
 * The Actor of a user known only by id (a participant of a live lesson, whose credentials were
 * checked when they joined): undefined for someone without an account (a guest teacher's join
 * link) or whose account is disabled, who may then act on nothing.
 */
export async function actorOfUser(accounts: Pick<AccountStore, 'get'>, schools: SchoolDirectory, userId: string): Promise<Actor | undefined> {
  const account = userId ? await accounts.get(userId) : undefined;
  if (!account || account.disabled) return undefined;
  return loadActor(schools, account);
}

/** The actor's own school, the resource of the school-wide actions (school.manage, audit.read...). */
export function ownSchool(actor: Pick<Actor, 'schoolId'>): SchoolRef {
  return { kind: 'school', schoolId: actor.schoolId };
}

export function lessonRef(l: Pick<Lesson, 'schoolId' | 'classId' | 'subjectId' | 'teacherId'>): LessonRef {
  return { kind: 'lesson', schoolId: l.schoolId, classId: l.classId, subjectId: l.subjectId, teacherId: l.teacherId };
}

export async function studentRef(schools: SchoolDirectory, student: Pick<PublicAccount, 'id' | 'schoolId'>): Promise<StudentRef> {
  return { kind: 'student', schoolId: student.schoolId, studentId: student.id, classId: (await schools.classOfStudent(student.id)) ?? null };
}

export function subjectRef(schoolId: string, subjectId: string): SubjectRef {
  return { kind: 'subject', schoolId, subjectId };
}

export function questionRef(q: { schoolId: string; subjectId: string; ownerId: string; shared: boolean }): QuestionRef {
  return { kind: 'question', schoolId: q.schoolId, subjectId: q.subjectId, ownerId: q.ownerId, shared: q.shared };
}
