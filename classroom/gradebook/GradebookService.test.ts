import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, NotAuthorizedError } from '../../platform/index.js';
import { assessmentOf, attemptOf, MemoryAssessmentResults } from '../__fixtures__/assessmentResults.js';
import { DUE, openAssignmentWorld, type AssignmentWorld } from '../__fixtures__/assignmentWorld.js';
import type { Actor } from '../authz/index.js';
import { gradebookCsv, gradebookXlsx, planImport } from './gradebookFiles.js';
import { GradebookService, schoolYearOf } from './GradebookService.js';
import type { GradebookKey } from './GradebookTypes.js';
import { resultSourceFrom } from './ResultSource.js';
import { StudentResults } from './StudentResults.js';

let w: AssignmentWorld;
let book: GradebookService;
let teacher: Actor;
let key: GradebookKey;

beforeEach(async () => {
  w = await openAssignmentWorld();
  book = new GradebookService(w.t.storage, { clock: w.clock });
  teacher = await w.world.actor('teacher');
  key = { classId: w.world.classA, subjectId: w.world.math, schoolYear: '2026-2027', term: 1 };
});
afterEach(() => w.t.dispose());

async function type(values: Record<string, string>, studentId = 'u_student', k = key): Promise<void> {
  for (const [slot, value] of Object.entries(values)) {
    const current = await w.t.storage.gradebook.getEntry(k, studentId, slot as never);
    await book.setCell(teacher, k, { studentId, slot: slot as never, value, expectedRevision: current?.revision ?? 0 });
  }
}

async function reason(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? (err.details?.reason ?? err.code) : err;
  }
  return 'accepted';
}

describe('the gradebook', () => {
  it('computes ĐTBmhk once the term is complete, and ĐTBmcn in term II', async () => {
    await type({ tx1: '8', tx2: '7', tx3: '9', gk: '7,5' });
    let row = (await book.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student')!;
    expect(row.termAverage).toBeNull();
    await type({ ck: '8' });
    row = (await book.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student')!;
    expect(row.termAverage).toBe(79);
    const k2 = { ...key, term: 2 as const };
    await type({ tx1: '8', tx2: '8', tx3: '8', gk: '8,5', ck: '8,5' }, 'u_student', k2);
    row = (await book.view(teacher, k2)).rows.find((r) => r.student.userId === 'u_student')!;
    expect([row.termIAverage, row.termAverage, row.yearAverage]).toEqual([79, 83, 82]); // (7,9 + 2·8,3)/3 = 8,166… → 8,2
  });

  it('refuses 11, 7,25 and "abc", a column the subject does not have, and a teacher of another subject', async () => {
    expect(await reason(type({ tx1: '11' }))).toBe('score_range');
    expect(await reason(type({ tx1: '7,25' }))).toBe('score_format');
    expect(await reason(type({ tx1: 'abc' }))).toBe('score_format');
    expect(await reason(type({ tx4: '7' }))).toBe('slot');
    await expect(book.setCell(await w.world.actor('teacher2'), key, { studentId: 'u_student', slot: 'tx1', value: '5', expectedRevision: 0 })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await w.t.storage.gradebook.entriesOf(key.classId, key.subjectId, key.schoolYear)).toEqual([]);
  });

  it('a concurrent edit of one cell gets CONFLICT with the stored value', async () => {
    await book.setCell(teacher, key, { studentId: 'u_student', slot: 'tx1', value: '6', expectedRevision: 0 });
    const err = await book.setCell(teacher, key, { studentId: 'u_student', slot: 'tx1', value: '9', expectedRevision: 0 }).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { reason: 'stale', current: { scoreTenths: 60 } } });
  });

  it('records every change: who, when, old, new', async () => {
    await type({ tx1: '6' });
    await type({ tx1: '6,5' });
    await type({ tx1: '' });
    const log = await book.history(teacher, { classId: key.classId, subjectId: key.subjectId });
    expect(log.map((c) => [c.ref, c.oldValue, c.newValue, c.actorId, c.source])).toEqual([
      ['2026-2027/1/tx1', '6,5', '', 'u_teacher', 'manual'],
      ['2026-2027/1/tx1', '6', '6,5', 'u_teacher', 'manual'],
      ['2026-2027/1/tx1', null, '6', 'u_teacher', 'manual'],
    ]);
  });

  it('a comment-assessed subject holds Đạt / Chưa đạt', async () => {
    await book.configure(await w.world.actor('admin'), { subjectId: w.world.math, mode: 'comment', regularCount: 2 });
    const settings = await book.settingsOfSchool(await w.world.actor('admin'));
    expect(settings.find((x) => x.subjectId === w.world.math)).toMatchObject({ mode: 'comment', regularCount: 2, subjectName: 'Toán' });
    expect(settings.find((x) => x.subjectId !== w.world.math)).toMatchObject({ mode: 'score', regularCount: 3 }); // the default
    await expect(book.settingsOfSchool(teacher)).rejects.toBeInstanceOf(NotAuthorizedError);
    await type({ tx1: 'Đạt', tx2: 'đ', gk: 'Đạt', ck: 'Đạt' });
    await type({ tx1: 'Đ', tx2: 'Chưa đạt', gk: 'Đạt', ck: 'Đạt' }, 'u_student2');
    const view = await book.view(teacher, key);
    expect(view.slots).toEqual(['tx1', 'tx2', 'gk', 'ck']);
    expect(Object.fromEntries(view.rows.map((r) => [r.student.userId, r.termVerdict]))).toEqual({ u_student: 'pass', u_student2: 'fail' });
    expect(await reason(type({ tx1: '8' }))).toBe('verdict_format');
  });

  it('fills a column from returned assignment grades: one, the best, the average', async () => {
    const grading = w.grading;
    const give = (title: string) => w.assignments.create(teacher, { classId: key.classId, subjectId: key.subjectId, title, instructions: '', due: DUE, acceptLate: false });
    const [a, b] = [await give('A'), await give('B')];
    for (const [asg, score] of [[a, '7'], [b, '8,5']] as const) {
      const g = await grading.save(teacher, asg.id, 'u_student', { score, feedback: '', expectedRevision: 0 });
      await grading.return(teacher, asg.id, 'u_student', g.revision);
    }
    await grading.save(teacher, a.id, 'u_student2', { score: '10', feedback: '', expectedRevision: 0 }); // not returned: not used
    expect(await book.fillColumn(teacher, key, { slot: 'tx1', assignmentIds: [a.id], combine: 'single' })).toEqual({ changed: 1 });
    await book.fillColumn(teacher, key, { slot: 'tx2', assignmentIds: [a.id, b.id], combine: 'best' });
    await book.fillColumn(teacher, key, { slot: 'tx3', assignmentIds: [a.id, b.id], combine: 'average' });
    const row = (await book.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student')!;
    expect([row.cells.tx1?.scoreTenths, row.cells.tx2?.scoreTenths, row.cells.tx3?.scoreTenths, row.cells.tx3?.source]).toEqual([70, 85, 78, `assignment:${a.id},${b.id}`]);
    expect((await book.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student2')!.cells.tx1).toBeUndefined();
  });

  it('school years start in August', () => {
    expect(schoolYearOf(Date.UTC(2026, 7, 1))).toBe('2026-2027');
    expect(schoolYearOf(Date.UTC(2027, 4, 20))).toBe('2026-2027');
  });
});

describe('gradebook files', () => {
  const title = { className: '10A1', subjectName: 'Toán' };

  it('exports XLSX with the right values (read back with exceljs) and CSV with a UTF-8 BOM', async () => {
    await type({ tx1: '8', tx2: '7', tx3: '9', gk: '7,5', ck: '8' });
    const view = await book.view(teacher, key);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await gradebookXlsx(view, title)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, 'STT', 'Mã định danh', 'Họ và tên', 'ĐĐGtx1', 'ĐĐGtx2', 'ĐĐGtx3', 'ĐĐGgk', 'ĐĐGck', 'ĐTBmhkI']);
    expect(ws.getRow(4).values).toEqual([undefined, 2, '0791000101', 'Lê Văn Cường', 8, 7, 9, 7.5, 8, 7.9]);
    const csv = gradebookCsv(view, title);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('2,0791000101,Lê Văn Cường,8,7,9,"7,5",8,"7,9"');
  });

  it('imports the same XLSX: a preview with row errors, then all or nothing', async () => {
    const view = await book.view(teacher, key);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await gradebookXlsx(view, title)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getRow(3).getCell(4).value = '6,5'; // An, tx1
    ws.getRow(4).getCell(4).value = 8; // Cường, tx1
    ws.getRow(4).getCell(5).value = '7,25'; // two decimals
    ws.getRow(4).getCell(6).value = 11;
    ws.addRow([3, '0791999999', 'Người Lạ', 5]);
    const plan = await planImport(view, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(plan.ok).toBe(false);
    expect(plan.issues.map((i) => [i.line, i.column, i.reason])).toEqual([
      [4, 'ĐĐGtx2', 'score_format'],
      [4, 'ĐĐGtx3', 'score_range'],
      [5, 'Mã định danh', 'unknown_student'],
    ]);
    expect(plan.cells.map((c) => [c.code, c.slot, c.from, c.to])).toEqual([
      ['0791000102', 'tx1', '', '6,5'],
      ['0791000101', 'tx1', '', '8'],
    ]);
    ws.getRow(4).getCell(5).value = '7,5';
    ws.getRow(4).getCell(6).value = null;
    ws.spliceRows(5, 1);
    const fixed = await planImport(view, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(fixed.ok).toBe(true);
    expect(await book.applyCells(teacher, key, fixed.cells, 'import')).toEqual({ changed: 3 });
    const after = await book.view(teacher, key);
    expect(after.rows.map((r) => [r.cells.tx1?.scoreTenths, r.cells.tx2?.scoreTenths ?? null])).toEqual([[65, null], [80, 75]]);
  });

  it('refuses a file that is not XLSX or has no header', async () => {
    const view = await book.view(teacher, key);
    expect(await reason(planImport(view, Buffer.from('not a zip')))).toBe('file');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['a', 'b']);
    expect(await reason(planImport(view, Buffer.from(await wb.xlsx.writeBuffer())))).toBe('header');
  });
});

describe('a student’s results', () => {
  it('the student and the parent see the student’s own; another student and another child’s parent cannot', async () => {
    await type({ tx1: '8', tx2: '7', tx3: '9', gk: '7,5', ck: '8' });
    const results = new StudentResults(w.t.storage, { clock: w.clock });
    for (const who of ['student', 'parent'] as const) {
      const r = await results.of(await w.world.actor(who), 'u_student', '2026-2027');
      expect(r.subjects).toMatchObject([{ subjectName: 'Toán', terms: { 1: { average: 79 } } }]);
    }
    await expect(results.of(await w.world.actor('student2'), 'u_student', '2026-2027')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(results.of(await w.world.actor('parent'), 'u_student2', '2026-2027')).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});

describe('quiz and exam scores through the ResultSource seam', () => {
  const quizzes = () => {
    const now = () => w.clock.now();
    const results = new MemoryAssessmentResults(
      [
        assessmentOf('q_released', { opensAt: now(), releasedAt: now() }),
        assessmentOf('q_held', { opensAt: now(), releasedAt: null }),
        assessmentOf('q_other_class', { opensAt: now(), releasedAt: now(), classId: w.world.classB }),
      ],
      [attemptOf('q_released', 'u_student', 6.25, { startedAt: now(), finishedAt: now() }), attemptOf('q_held', 'u_student', 10, { startedAt: now(), finishedAt: now() })],
      now,
    );
    return resultSourceFrom(results, w.clock);
  };

  it('fills a column from a released quiz, alone or averaged with an assignment; unreleased or foreign ones are refused and change nothing', async () => {
    const withQuizzes = new GradebookService(w.t.storage, { clock: w.clock, results: quizzes() });
    expect((await withQuizzes.assessmentsFor(teacher, key)).map((q) => q.assessmentId)).toEqual(['q_released']);
    expect(await withQuizzes.fillColumn(teacher, key, { slot: 'tx1', assignmentIds: [], assessmentIds: ['q_released'], combine: 'single' })).toEqual({ changed: 1 });
    const a = await w.assignments.create(teacher, { classId: key.classId, subjectId: key.subjectId, title: 'A', instructions: '', due: DUE, acceptLate: false });
    const g = await w.grading.save(teacher, a.id, 'u_student', { score: '8', feedback: '', expectedRevision: 0 });
    await w.grading.return(teacher, a.id, 'u_student', g.revision);
    await withQuizzes.fillColumn(teacher, key, { slot: 'tx2', assignmentIds: [a.id], assessmentIds: ['q_released'], combine: 'average' });
    const cells = (await withQuizzes.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student')!.cells;
    // 6,25 → 6,3 (half up); (63 + 80) / 2 = 71,5 tenths → 7,2.
    expect([cells.tx1?.scoreTenths, cells.tx1?.source, cells.tx2?.scoreTenths, cells.tx2?.source]).toEqual([63, 'quiz:q_released', 72, `assignment:${a.id};quiz:q_released`]);
    for (const id of ['q_held', 'q_other_class', 'nope']) {
      await expect(withQuizzes.fillColumn(teacher, key, { slot: 'tx3', assignmentIds: [], assessmentIds: [id], combine: 'single' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await withQuizzes.view(teacher, key)).rows.find((r) => r.student.userId === 'u_student')!.cells.tx3).toBeUndefined();
    await expect(withQuizzes.fillColumn(await w.world.actor('student'), key, { slot: 'tx3', assignmentIds: [], assessmentIds: ['q_released'], combine: 'single' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(withQuizzes.assessmentsFor(await w.world.actor('student'), key)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('a student’s results list their released quiz scores (and the subject), never a held one', async () => {
    const results = new StudentResults(w.t.storage, { clock: w.clock, results: quizzes() });
    const r = await results.of(await w.world.actor('parent'), 'u_student', '2026-2027');
    expect(r.quizzes.map((q) => [q.assessmentId, q.score10])).toEqual([['q_released', 6.25]]);
    expect(r.subjects.map((s) => s.subjectId)).toEqual([w.world.math]);
  });
});
