/**
 * HTTP shapes of the gradebook (Circular 22/2021) and of a student's results (R14, R15, R20).
 * Scores are integer tenths in answers (79 = 7,9), typed text in requests ("7,5", "Đạt").
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
export const slots = ['tx1', 'tx2', 'tx3', 'tx4', 'tx5', 'tx6', 'gk', 'ck'] as const;
export type SlotJson = (typeof slots)[number];
const schoolYear = z.string().check(z.regex(/^\d{4}-\d{4}$/, 'use 2026-2027'));
const term = z.union([z.literal(1), z.literal(2)]);

/** The query of every gradebook request: ?classId=&subjectId=&schoolYear=&term= */
export const gradebookQuery = z.strictObject({ classId: id, subjectId: id, schoolYear, term: z.pipe(z.string().check(z.regex(/^[12]$/)), z.transform(Number)) });

/** PUT /api/gradebook/cells */
export const gradebookCellBody = z.strictObject({
  classId: id,
  subjectId: id,
  schoolYear,
  term,
  studentId: id,
  slot: z.enum(slots),
  value: z.union([z.string().check(z.maxLength(20)), z.number(), z.null()]),
  expectedRevision: z.number().check(z.int(), z.minimum(0)),
});
export type GradebookCellBody = z.infer<typeof gradebookCellBody>;

/** POST /api/gradebook/fill: a column from returned assignment grades and released quiz/exam scores. */
export const gradebookFillBody = z.strictObject({
  classId: id,
  subjectId: id,
  schoolYear,
  term,
  slot: z.enum(slots),
  assignmentIds: z.array(id).check(z.maxLength(20)),
  /** Quizzes and exams (issue 7), from `quizzes` of GET /api/gradebook. */
  assessmentIds: z.optional(z.array(id).check(z.maxLength(20))),
  combine: z.enum(['single', 'best', 'average']),
});
export type GradebookFillBody = z.infer<typeof gradebookFillBody>;

/** PUT /api/gradebook/settings (the admin) */
export const gradebookSettingsBody = z.strictObject({
  subjectId: id,
  mode: z.enum(['score', 'comment']),
  regularCount: z.number().check(z.int(), z.minimum(1), z.maximum(6)),
});

/** GET /api/gradebook/settings (the admin): how each subject of the school is assessed. */
export const gradebookSettingsJson = z.object({
  subjects: z.array(z.object({ subjectId: z.string(), subjectName: z.string(), mode: z.enum(['score', 'comment']), regularCount: z.number() })),
});
export type GradebookSettingsJson = z.infer<typeof gradebookSettingsJson>;

export const cellJson = z.object({
  scoreTenths: z.nullable(z.number()),
  verdict: z.nullable(z.enum(['pass', 'fail'])),
  source: z.string(),
  revision: z.number(),
  updatedBy: z.string(),
  updatedAt: z.number(),
});
export type CellJson = z.infer<typeof cellJson>;

/** GET /api/gradebook?… */
export const gradebookJson = z.object({
  classId: z.string(),
  className: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  schoolYear: z.string(),
  term: z.number(),
  mode: z.enum(['score', 'comment']),
  regularCount: z.number(),
  slots: z.array(z.enum(slots)),
  rows: z.array(
    z.object({
      student: z.object({ id: z.string(), code: z.string(), displayName: z.string() }),
      cells: z.record(z.string(), cellJson),
      termAverage: z.nullable(z.number()),
      termIAverage: z.nullable(z.number()),
      yearAverage: z.nullable(z.number()),
      termVerdict: z.nullable(z.enum(['pass', 'fail'])),
    }),
  ),
  /** Assignments of this class + subject with returned grades, to fill a column from. */
  assignments: z.array(z.object({ id: z.string(), title: z.string(), dueAt: z.number() })),
  /** Released quizzes and exams of this class + subject in the school year, to fill a column from. */
  quizzes: z.array(z.object({ id: z.string(), title: z.string(), mode: z.enum(['live_quiz', 'quiz', 'exam']), releasedAt: z.number() })),
});
export type GradebookJson = z.infer<typeof gradebookJson>;

/** PUT /api/gradebook/cells answer */
export const cellAnswerJson = z.object({ cell: cellJson });

/** GET /api/gradebook/history?classId=&subjectId=[&studentId=] */
export const historyJson = z.object({
  changes: z.array(
    z.object({
      at: z.number(),
      actorId: z.string(),
      actorName: z.nullable(z.string()),
      kind: z.enum(['grade', 'gradebook']),
      studentId: z.string(),
      studentName: z.nullable(z.string()),
      ref: z.string(),
      oldValue: z.nullable(z.string()),
      newValue: z.nullable(z.string()),
      source: z.string(),
    }),
  ),
});

/** POST /api/gradebook/import/preview?… and …/apply (body: the XLSX file) */
export const importPlanJson = z.object({
  ok: z.boolean(),
  cells: z.array(z.object({ line: z.number(), code: z.string(), name: z.string(), slot: z.enum(slots), from: z.string(), to: z.string() })),
  issues: z.array(z.object({ line: z.number(), column: z.string(), reason: z.string(), message: z.string() })),
  /** Only in the apply answer. */
  changed: z.optional(z.number()),
});
export type ImportPlanJson = z.infer<typeof importPlanJson>;

const termResult = z.object({
  cells: z.record(z.string(), z.object({ scoreTenths: z.nullable(z.number()), verdict: z.nullable(z.enum(['pass', 'fail'])) })),
  average: z.nullable(z.number()),
  verdict: z.nullable(z.enum(['pass', 'fail'])),
});

/** GET /api/students/:studentId/results?schoolYear= (the student, their parents; read-only) */
export const resultsJson = z.object({
  student: z.object({ id: z.string(), displayName: z.string(), className: z.nullable(z.string()) }),
  schoolYear: z.string(),
  subjects: z.array(
    z.object({
      subjectId: z.string(),
      subjectName: z.string(),
      mode: z.enum(['score', 'comment']),
      slots: z.array(z.enum(slots)),
      terms: z.object({ 1: termResult, 2: termResult }),
      yearAverage: z.nullable(z.number()),
      yearVerdict: z.nullable(z.enum(['pass', 'fail'])),
    }),
  ),
  assignments: z.array(
    z.object({ assignmentId: z.string(), title: z.string(), subjectId: z.string(), subjectName: z.string(), dueAt: z.number(), scoreTenths: z.nullable(z.number()), feedback: z.string(), returnedAt: z.number() }),
  ),
  quizzes: z.array(z.object({ assessmentId: z.string(), title: z.string(), subjectId: z.string(), score10: z.number(), finishedAt: z.number() })),
});
export type ResultsJson = z.infer<typeof resultsJson>;
