import { describe, expect, it } from 'vitest';
import { joinResult, snapshot, STUDENT_B } from '../net/testing/fixtures.js';
import type { BoundExam, LessonExamRow } from '../net/index.js';
import { examRows, flagTotal, lessonExams, openableExams, openExamInLesson, openLessonExam, rowsOf } from './examWatch.js';
import { resetToJoin } from './session.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs } = lessonHarness();

const exam: BoundExam = { examId: 'exm_1', title: 'Kiểm tra 15 phút', mode: 'exam', opensAtMs: 1_000, closesAtMs: 10_000, timeLimitMs: 900_000, questionCount: 3 };
const row = (over: Partial<LessonExamRow> = {}): LessonExamRow => ({
  examId: 'exm_1', studentUserId: STUDENT_B.userId, status: 'in_progress', answered: 1, questionCount: 3, deadlineAtMs: 9_000, flags: {}, lastFlag: '', lastFlagAtMs: 0, ...over,
});

describe('examWatch: an exam run in the lesson', () => {
  it('takes the exams and rows from the snapshot, applies row pushes through the codec, forgets it all after the lesson', async () => {
    const ws = await joinAs(joinResult({ snapshot: snapshot({ selfRole: 'teacher', examWatch: { exams: [exam], rows: [row()] } }) }));
    expect(lessonExams.value).toEqual([exam]);
    expect(rowsOf(STUDENT_B.userId)).toEqual([{ exam, row: row() }]);
    expect(rowsOf('someone-else')).toEqual([{ exam, row: null }]);
    ws.push({ type: 'lessonExamRow', row: row({ answered: 2, flags: { page_hidden: 1, copy: 2 }, lastFlag: 'copy', lastFlagAtMs: 5_000 }), flag: 'copy' });
    const updated = rowsOf(STUDENT_B.userId)[0]!.row;
    expect(updated).toMatchObject({ answered: 2, lastFlag: 'copy', flags: { page_hidden: 1, copy: 2 } });
    expect(flagTotal(updated)).toBe(3);
    ws.push({ type: 'lessonExamsUpdated', exams: [exam, { ...exam, examId: 'exm_2', opensAtMs: 20_000, closesAtMs: 30_000 }] });
    expect(openableExams(5_000).map((e) => e.examId)).toEqual(['exm_1']);
    expect(openableExams(25_000).map((e) => e.examId)).toEqual(['exm_2']);
    openExamInLesson('exm_1');
    resetToJoin();
    expect(lessonExams.value).toEqual([]);
    expect(examRows.value.size).toBe(0);
    expect(openLessonExam.value).toBeNull();
  });
});
