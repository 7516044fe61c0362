import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, NotAuthorizedError, NotFoundError } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import { JPEG_1PX } from '../../testkit/sampleFiles.js';
import { DUE, openAssignmentWorld, type AssignmentWorld } from '../__fixtures__/assignmentWorld.js';
import type { Assignment } from './AssignmentTypes.js';

let w: AssignmentWorld;
let teacher: Actor;
let student: Actor;
let a: Assignment;

beforeEach(async () => {
  w = await openAssignmentWorld();
  teacher = await w.world.actor('teacher');
  student = await w.world.actor('student');
  a = await w.assignments.create(teacher, { classId: w.world.classA, subjectId: w.world.math, title: 'Bài 1', instructions: '', due: DUE, acceptLate: false });
});
afterEach(() => w.t.dispose());

async function failure(p: Promise<unknown>): Promise<{ code: string; reason: unknown; details: Record<string, unknown> | undefined }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, reason: err.details?.reason, details: err.details };
    throw err;
  }
  throw new Error('expected a failure');
}

describe('grading', () => {
  it('lists every assigned student: handed in, missing after the due time, returned', async () => {
    await w.assignments.handIn(student, a.id, { text: 'Bài làm', fileIds: [] });
    expect((await w.grading.list(teacher, a.id)).rows.map((r) => [r.student.displayName, r.state])).toEqual([
      ['Phạm Thị An', 'due_soon'],
      ['Lê Văn Cường', 'handed_in'],
    ]);
    w.clock.set(a.dueAt + 1);
    const g = await w.grading.save(teacher, a.id, 'u_student', { score: '8,5', feedback: 'Tốt', expectedRevision: 0 });
    await w.grading.return(teacher, a.id, 'u_student', g.revision);
    expect((await w.grading.list(teacher, a.id)).rows.map((r) => r.state)).toEqual(['missing', 'returned']);
  });

  it('saves as typed; the student and the parent see the grade only once returned', async () => {
    await w.assignments.handIn(student, a.id, { text: 'Bài làm', fileIds: [] });
    const g1 = await w.grading.save(teacher, a.id, 'u_student', { score: '7', feedback: 'Cần', expectedRevision: 0 });
    const g2 = await w.grading.save(teacher, a.id, 'u_student', { score: '7,5', feedback: 'Cần trình bày rõ hơn', expectedRevision: g1.revision });
    expect(g2).toMatchObject({ scoreTenths: 75, revision: 2, returnedAt: null });
    expect((await w.grading.work(student, a.id, 'u_student')).grade).toBeNull();
    expect((await w.grading.work(await w.world.actor('parent'), a.id, 'u_student')).grade).toBeNull();
    await w.grading.return(teacher, a.id, 'u_student', g2.revision);
    expect((await w.grading.work(student, a.id, 'u_student')).grade).toMatchObject({ scoreTenths: 75, feedback: 'Cần trình bày rõ hơn' });
    expect((await w.grading.work(await w.world.actor('parent'), a.id, 'u_student')).grade).toMatchObject({ scoreTenths: 75 });
    const [row] = await w.assignments.listForStudent(await w.world.actor('parent'), 'u_student');
    expect(row).toMatchObject({ state: 'returned', returnedScore: 75 });
  });

  it('two teachers: the second save gets CONFLICT with the first one’s grade, nothing overwritten', async () => {
    const first = await w.grading.save(teacher, a.id, 'u_student', { score: '9', feedback: 'Giỏi', expectedRevision: 0 });
    const second = await failure(w.grading.save(teacher, a.id, 'u_student', { score: '6', feedback: 'Khá', expectedRevision: 0 }));
    expect(second).toMatchObject({ code: 'CONFLICT', reason: 'stale' });
    expect(second.details?.current).toMatchObject({ scoreTenths: 90, revision: first.revision });
    expect(await w.t.storage.assignments.getGrade(a.id, 'u_student')).toMatchObject({ scoreTenths: 90, feedback: 'Giỏi' });
  });

  it.each([
    ['11', 'score_range'],
    ['7,25', 'score_format'],
    ['abc', 'score_format'],
  ])('refuses the score %j (%s) and stores nothing', async (score, reason) => {
    expect(await failure(w.grading.save(teacher, a.id, 'u_student', { score, feedback: '', expectedRevision: 0 }))).toMatchObject({ code: 'BAD_REQUEST', reason });
    expect(await w.t.storage.assignments.getGrade(a.id, 'u_student')).toBeUndefined();
  });

  it('a teacher who does not teach the class + subject may not grade; nor may a student', async () => {
    await expect(w.grading.save(await w.world.actor('teacher2'), a.id, 'u_student', { score: '5', feedback: '', expectedRevision: 0 })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.grading.save(student, a.id, 'u_student', { score: '10', feedback: '', expectedRevision: 0 })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.grading.list(await w.world.actor('teacher2'), a.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await w.t.storage.assignments.getGrade(a.id, 'u_student')).toBeUndefined();
  });

  it('a parent may not open another child’s work; a student not a classmate’s', async () => {
    await expect(w.grading.work(await w.world.actor('parent'), a.id, 'u_student2')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.grading.work(student, a.id, 'u_student2')).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('a grade for a student not given the assignment is NOT_FOUND', async () => {
    await expect(w.grading.save(teacher, a.id, 'u_studentB', { score: '5', feedback: '', expectedRevision: 0 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records every score change and the return (who, when, old, new)', async () => {
    const g1 = await w.grading.save(teacher, a.id, 'u_student', { score: '7', feedback: '', expectedRevision: 0 });
    const g2 = await w.grading.save(teacher, a.id, 'u_student', { score: '7', feedback: 'chỉ đổi nhận xét', expectedRevision: g1.revision });
    const g3 = await w.grading.save(teacher, a.id, 'u_student', { score: '8', feedback: '', expectedRevision: g2.revision });
    await w.grading.return(teacher, a.id, 'u_student', g3.revision);
    const log = await w.t.storage.gradebook.changesOf({ classId: a.classId, subjectId: a.subjectId, kind: 'grade' });
    expect(log.map((c) => [c.oldValue, c.newValue, c.source, c.actorId])).toEqual([
      ['8', '8', 'returned', 'u_teacher'],
      ['7', '8', 'manual', 'u_teacher'],
      [null, '7', 'manual', 'u_teacher'],
    ]);
  });
});

describe('download all', () => {
  it('names folders by student in class-list order, keeps file names unique, writes the text out', async () => {
    const f1 = await w.send(student, a.id, 'anh.jpg', JPEG_1PX);
    const f2 = await w.send(student, a.id, 'anh.jpg', JPEG_1PX);
    await w.assignments.handIn(student, a.id, { text: 'Lời giải', fileIds: [f1.id, f2.id] });
    const { fileName, entries } = await w.grading.archive(teacher, a.id);
    expect(fileName).toBe('10A1 - Bài 1.zip');
    expect(entries.map((e) => e.path)).toEqual(['02 Lê Văn Cường (0791000101)/bai-lam.txt', '02 Lê Văn Cường (0791000101)/anh.jpg', '02 Lê Văn Cường (0791000101)/2-anh.jpg']);
    await expect(w.grading.archive(student, a.id)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});
