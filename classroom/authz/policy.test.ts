import { describe, expect, it } from 'vitest';
import { NotAuthorizedError } from '../../platform/index.js';
import type { Role } from '../accounts/index.js';
import type { Action, ActionResources, Actor, ResourceRef } from './AuthzTypes.js';
import { ACTIONS, assertCan, can } from './policy.js';

const NO_DUTIES = { principal: false, headOf: [] };

/**
 * The world: school S1 with classes C1, C2 and subjects MATH, PHYS. Teacher T teaches MATH to
 * C1; student St is in C1; parent P is St's parent; admin A runs S1. School S2 is elsewhere.
 */
const actors: Record<Role, Actor> = {
  admin: { userId: 'A', role: 'admin', schoolId: 'S1', teaches: [], classId: null, children: [], duties: NO_DUTIES },
  teacher: { userId: 'T', role: 'teacher', schoolId: 'S1', teaches: [{ classId: 'C1', subjectId: 'MATH' }], classId: null, children: [], duties: NO_DUTIES },
  student: { userId: 'St', role: 'student', schoolId: 'S1', teaches: [], classId: 'C1', children: [], duties: NO_DUTIES },
  parent: { userId: 'P', role: 'parent', schoolId: 'S1', teaches: [], classId: null, children: [{ studentId: 'St', classId: 'C1' }], duties: NO_DUTIES },
};

type Kind = ResourceRef['kind'];
type Place = 'related' | 'sameSchoolOther' | 'otherSchool';

function resource(kind: Kind, place: Place): ResourceRef {
  const schoolId = place === 'otherSchool' ? 'S2' : 'S1';
  const other = place === 'sameSchoolOther';
  switch (kind) {
    case 'school':
      return { kind, schoolId };
    case 'class':
      return { kind, schoolId, classId: other ? 'C2' : 'C1' };
    case 'class_subject':
      return { kind, schoolId, classId: 'C1', subjectId: other ? 'PHYS' : 'MATH' };
    case 'lesson':
      return other ? { kind, schoolId, classId: 'C2', subjectId: 'PHYS', teacherId: 'T2' } : { kind, schoolId, classId: 'C1', subjectId: 'MATH', teacherId: 'T' };
    case 'student':
      return { kind, schoolId, studentId: other ? 'St2' : 'St', classId: other ? 'C2' : 'C1' };
    case 'subject':
      return { kind, schoolId, subjectId: other ? 'PHYS' : 'MATH' };
    case 'question':
      // "other": a colleague's question of a subject T does not teach, even shared.
      return other ? { kind, schoolId, subjectId: 'PHYS', ownerId: 'T2', shared: true } : { kind, schoolId, subjectId: 'MATH', ownerId: 'T', shared: false };
    case 'assignment':
      return { kind, schoolId, classId: other ? 'C2' : 'C1', subjectId: other ? 'PHYS' : 'MATH', studentIds: [] };
    case 'material':
      return { kind, schoolId, subjectId: other ? 'PHYS' : 'MATH', ownerId: other ? 'T2' : 'T' };
  }
}

const KIND: { [A in Action]: ActionResources[A]['kind'] } = {
  'school.manage': 'school',
  'school.readReports': 'school',
  'statistics.readOwn': 'school',
  'roster.import': 'school',
  'account.manage': 'school',
  'audit.read': 'school',
  'archive.export': 'school',
  'archive.manage': 'school',
  'class.read': 'class',
  'class.announce': 'class',
  'class.readRoster': 'class',
  'timetable.read': 'class',
  'lesson.schedule': 'class_subject',
  'lesson.read': 'lesson',
  'lesson.manage': 'lesson',
  'lesson.join': 'lesson',
  'lesson.host': 'lesson',
  'attendance.read': 'lesson',
  'student.readRecord': 'student',
  'student.manageData': 'student',
  'question.author': 'subject',
  'question.read': 'question',
  'question.manage': 'question',
  'exam.manage': 'class_subject',
  'exam.take': 'class',
  'assignment.create': 'class_subject',
  'assignment.read': 'assignment',
  'assignment.manage': 'assignment',
  'assignment.submit': 'assignment',
  'gradebook.read': 'class_subject',
  'gradebook.edit': 'class_subject',
  'gradebook.configure': 'school',
  'material.author': 'subject',
  'material.read': 'material',
  'material.manage': 'material',
  'material.review': 'subject',
  'material.approve': 'school',
  'material.import': 'school',
  'material.share': 'class_subject',
  'material.view': 'class',
  'material.readUsage': 'class_subject',
  'qa.read': 'class_subject',
  'qa.ask': 'class_subject',
  'qa.answer': 'class_subject',
  'qa.moderate': 'class_subject',
};

/**
 * school: anything in the actor's school; own: only what the actor is related to (their class,
 * the class + subject they teach, their lesson, themselves or their child); none: nothing.
 */
type Scope = 'school' | 'own' | 'none' | 'ownClass';
const EXPECTED: Record<Action, Record<Role, Scope>> = {
  //                      admin        teacher       student       parent
  'school.manage':      { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'school.readReports': { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'statistics.readOwn': { admin: 'none', teacher: 'school', student: 'none', parent: 'none' },
  'roster.import':      { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'account.manage':     { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'audit.read':         { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'archive.export':     { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'archive.manage':     { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'class.read':         { admin: 'school', teacher: 'own', student: 'own', parent: 'own' },
  'class.readRoster':   { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'class.announce':     { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'timetable.read':     { admin: 'school', teacher: 'own', student: 'own', parent: 'own' },
  'lesson.schedule':    { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'lesson.read':        { admin: 'school', teacher: 'own', student: 'own', parent: 'own' },
  'lesson.manage':      { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'lesson.join':        { admin: 'none', teacher: 'own', student: 'own', parent: 'none' },
  'lesson.host':        { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'attendance.read':    { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'student.readRecord': { admin: 'school', teacher: 'own', student: 'own', parent: 'own' },
  'student.manageData': { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'question.author':    { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'question.read':      { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'question.manage':    { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'exam.manage':        { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'exam.take':          { admin: 'none', teacher: 'none', student: 'own', parent: 'none' },
  'assignment.create':  { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'assignment.read':    { admin: 'school', teacher: 'own', student: 'own', parent: 'own' },
  'assignment.manage':  { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'assignment.submit':  { admin: 'none', teacher: 'none', student: 'own', parent: 'none' },
  'gradebook.read':     { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'gradebook.edit':     { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'gradebook.configure': { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  // Without duties: reviewing and approving need the subject head's and the principal's.
  'material.author':    { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'material.read':      { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  'material.manage':    { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'material.review':    { admin: 'none', teacher: 'none', student: 'none', parent: 'none' },
  'material.approve':   { admin: 'none', teacher: 'none', student: 'none', parent: 'none' },
  'material.import':    { admin: 'school', teacher: 'none', student: 'none', parent: 'none' },
  'material.share':     { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
  'material.view':      { admin: 'none', teacher: 'none', student: 'own', parent: 'none' },
  'material.readUsage': { admin: 'school', teacher: 'own', student: 'none', parent: 'none' },
  // ownClass: every subject of the student's own class (the "other" class + subject is C1 × PHYS).
  'qa.read':            { admin: 'school', teacher: 'own', student: 'ownClass', parent: 'none' },
  'qa.ask':             { admin: 'none', teacher: 'none', student: 'ownClass', parent: 'none' },
  'qa.answer':          { admin: 'none', teacher: 'own', student: 'ownClass', parent: 'none' },
  'qa.moderate':        { admin: 'none', teacher: 'own', student: 'none', parent: 'none' },
};

function allowedAt(scope: Scope, place: Place, kind: Kind): boolean {
  if (scope === 'none' || place === 'otherSchool') return false;
  if (scope === 'ownClass') return place === 'related' || kind === 'class_subject';
  // A school has no "other place in the same school": own and school coincide.
  return scope === 'school' || place === 'related' || kind === 'school';
}

describe('authorization policy', () => {
  it('the expected table covers every action of the policy', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  const pairs = ACTIONS.flatMap((action) => (Object.keys(actors) as Role[]).map((role) => [role, action] as const));
  it.each(pairs)('%s × %s follows the table (own, other in school, other school)', (role, action) => {
    const kind = KIND[action];
    for (const place of ['related', 'sameSchoolOther', 'otherSchool'] as const) {
      const allowed = can(actors[role], action, resource(kind, place) as never);
      expect({ place, allowed }).toEqual({ place, allowed: allowedAt(EXPECTED[action][role], place, kind) });
    }
  });

  it('a teacher of a class reads another teacher’s lesson there, but neither joins nor hosts it', () => {
    const physicsInC1 = { kind: 'lesson', schoolId: 'S1', classId: 'C1', subjectId: 'PHYS', teacherId: 'T2' } as const;
    expect(can(actors.teacher, 'lesson.read', physicsInC1)).toBe(true);
    expect(can(actors.teacher, 'lesson.join', physicsInC1)).toBe(false);
    expect(can(actors.teacher, 'lesson.host', physicsInC1)).toBe(false);
    expect(can(actors.teacher, 'attendance.read', physicsInC1)).toBe(false);
    expect(can(actors.teacher, 'lesson.manage', physicsInC1)).toBe(false);
  });

  it('a teacher keeps hosting and managing a lesson they scheduled after losing the assignment', () => {
    const unassigned: Actor = { ...actors.teacher, teaches: [] };
    const own = { kind: 'lesson', schoolId: 'S1', classId: 'C1', subjectId: 'MATH', teacherId: 'T' } as const;
    expect(can(unassigned, 'lesson.host', own)).toBe(true);
    expect(can(unassigned, 'lesson.manage', own)).toBe(true);
    expect(can(unassigned, 'lesson.schedule', { kind: 'class_subject', schoolId: 'S1', classId: 'C1', subjectId: 'MATH' })).toBe(false);
  });

  it('an assignment for chosen students is theirs and their parents’ only; a teacher of another subject does not grade it', () => {
    const chosen = { kind: 'assignment', schoolId: 'S1', classId: 'C1', subjectId: 'MATH', studentIds: ['St3'] } as const;
    expect(can(actors.student, 'assignment.read', chosen)).toBe(false);
    expect(can(actors.student, 'assignment.submit', chosen)).toBe(false);
    expect(can(actors.parent, 'assignment.read', chosen)).toBe(false);
    expect(can({ ...actors.student, userId: 'St3' }, 'assignment.submit', chosen)).toBe(true);
    expect(can(actors.teacher, 'assignment.manage', chosen)).toBe(true);
    const physics = { ...chosen, subjectId: 'PHYS', studentIds: [] };
    expect(can(actors.teacher, 'assignment.manage', physics)).toBe(false);
    expect(can(actors.teacher, 'assignment.read', physics)).toBe(false);
  });

  it('a student reads their own record but not a classmate’s; a parent only their child’s', () => {
    const classmate = { kind: 'student', schoolId: 'S1', studentId: 'St3', classId: 'C1' } as const;
    expect(can(actors.student, 'student.readRecord', classmate)).toBe(false);
    expect(can(actors.parent, 'student.readRecord', classmate)).toBe(false);
    expect(can(actors.teacher, 'student.readRecord', classmate)).toBe(true);
  });

  it('a student with no class and a teacher with no assignment reach no class', () => {
    const c1 = { kind: 'class', schoolId: 'S1', classId: 'C1' } as const;
    expect(can({ ...actors.student, classId: null }, 'class.read', c1)).toBe(false);
    expect(can({ ...actors.teacher, teaches: [] }, 'class.read', c1)).toBe(false);
  });

  it('the subject group reads a shared question of its subject, never an unshared one, and manages neither', () => {
    const colleague = (shared: boolean) => ({ kind: 'question', schoolId: 'S1', subjectId: 'MATH', ownerId: 'T2', shared }) as const;
    expect(can(actors.teacher, 'question.read', colleague(true))).toBe(true);
    expect(can(actors.teacher, 'question.read', colleague(false))).toBe(false);
    expect(can(actors.teacher, 'question.manage', colleague(true))).toBe(false);
    // An owner who no longer teaches the subject still has their questions.
    const unassigned: Actor = { ...actors.teacher, teaches: [] };
    expect(can(unassigned, 'question.manage', { ...colleague(false), ownerId: 'T' })).toBe(true);
    expect(can(unassigned, 'question.author', { kind: 'subject', schoolId: 'S1', subjectId: 'MATH' })).toBe(false);
  });

  it('the head of a subject group reviews that subject only; the principal approves and imports; duties on a student grant nothing', () => {
    const head: Actor = { ...actors.teacher, userId: 'H', duties: { principal: false, headOf: ['PHYS'] } };
    const principal: Actor = { ...actors.teacher, userId: 'HT', teaches: [], duties: { principal: true, headOf: [] } };
    const school = { kind: 'school', schoolId: 'S1' } as const;
    const physicsByT2 = { kind: 'material', schoolId: 'S1', subjectId: 'PHYS', ownerId: 'T2' } as const;
    expect(can(head, 'material.review', { kind: 'subject', schoolId: 'S1', subjectId: 'PHYS' })).toBe(true);
    expect(can(head, 'material.review', { kind: 'subject', schoolId: 'S1', subjectId: 'MATH' })).toBe(false);
    expect(can(head, 'material.read', physicsByT2)).toBe(true);
    expect(can(head, 'material.approve', school)).toBe(false);
    expect(can(head, 'material.manage', physicsByT2)).toBe(false);
    expect(can(principal, 'material.approve', school)).toBe(true);
    expect(can(principal, 'school.readReports', school)).toBe(true);
    expect(can(head, 'school.readReports', school)).toBe(false);
    expect(can(principal, 'archive.export', school)).toBe(true);
    expect(can(principal, 'archive.manage', school)).toBe(false);
    expect(can(head, 'archive.export', school)).toBe(false);
    expect(can(principal, 'material.import', school)).toBe(true);
    expect(can(principal, 'material.read', physicsByT2)).toBe(true);
    expect(can(principal, 'material.review', { kind: 'subject', schoolId: 'S1', subjectId: 'PHYS' })).toBe(false);
    expect(can(principal, 'material.approve', { kind: 'school', schoolId: 'S2' })).toBe(false);
    const student: Actor = { ...actors.student, duties: { principal: true, headOf: ['MATH'] } };
    expect(can(student, 'material.approve', school)).toBe(false);
    expect(can(student, 'material.review', { kind: 'subject', schoolId: 'S1', subjectId: 'MATH' })).toBe(false);
  });

  it('assertCan throws a NotAuthorizedError that names the action', () => {
    expect(() => assertCan(actors.student, 'roster.import', { kind: 'school', schoolId: 'S1' })).toThrow(NotAuthorizedError);
    expect(() => assertCan(actors.admin, 'roster.import', { kind: 'school', schoolId: 'S1' })).not.toThrow();
  });
});
