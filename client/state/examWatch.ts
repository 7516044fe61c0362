import { computed, signal } from '@preact/signals';
import type { BoundExam, LessonExamRow } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * Exams run inside the live lesson (issue 7): the exams bound to it (everyone: a student opens
 * one from the lesson, the camera staying on) and, for the teacher, each student's state and
 * proctor flags beside their camera tile. The server sends rows only to teachers.
 */

/** The exams bound to the lesson, opening first. */
export const lessonExams = signal<readonly BoundExam[]>([]);
/** examId → student user id → row (teacher only). */
export const examRows = signal<ReadonlyMap<string, ReadonlyMap<string, LessonExamRow>>>(new Map());
/** The exam a student opened inside the lesson (its paper overlays the stage), or null. */
export const openLessonExam = signal<string | null>(null);

/** How long a fresh flag is shown highlighted beside a tile. */
export const FRESH_FLAG_MS = 30_000;

function putRow(row: LessonExamRow): void {
  const next = new Map(examRows.value);
  next.set(row.examId, new Map(next.get(row.examId) ?? []).set(row.studentUserId, row));
  examRows.value = next;
}

/** A student's rows, one per bound exam (missing: not started), in the exams' order. */
export function rowsOf(userId: string): Array<{ exam: BoundExam; row: LessonExamRow | null }> {
  return lessonExams.value.map((exam) => ({ exam, row: examRows.value.get(exam.examId)?.get(userId) ?? null }));
}

/** Total suspicious events of a row. */
export function flagTotal(row: LessonExamRow | null): number {
  return row ? Object.values(row.flags).reduce((a, b) => a + b, 0) : 0;
}

/** The exams a student may open now (between opening and closing). */
export function openableExams(now: number): BoundExam[] {
  return lessonExams.value.filter((e) => e.opensAtMs <= now && now < e.closesAtMs);
}

export const hasLessonExams = computed(() => lessonExams.value.length > 0);

export function openExamInLesson(examId: string): void {
  openLessonExam.value = examId;
}

export function closeExamInLesson(): void {
  openLessonExam.value = null;
}

export const examWatchPart: LessonPart = {
  name: 'examWatch',
  pushes: {
    lessonExamsUpdated: (p) => (lessonExams.value = p.exams),
    lessonExamRow: (p) => putRow(p.row),
  },
  enter: (snapshot) => {
    lessonExams.value = snapshot.examWatch.exams;
    const rows = new Map<string, Map<string, LessonExamRow>>();
    for (const r of snapshot.examWatch.rows) rows.set(r.examId, (rows.get(r.examId) ?? new Map()).set(r.studentUserId, r));
    examRows.value = rows;
  },
  reset: () => {
    lessonExams.value = [];
    examRows.value = new Map();
    openLessonExam.value = null;
  },
};
