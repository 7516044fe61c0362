/**
 * HTTP shapes of the school's statistics (R15): GET /api/statistics and its XLSX export.
 * Rates are 0..1 (null when there is nothing to divide), scores integer tenths (77 = 7,7).
 */
import * as z from 'zod/mini';

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));
const id = z.string().check(z.minLength(1), z.maxLength(64));

/** ?from=&to=[&teacherId=]: local days, `to` included. */
export const statisticsQuery = z.strictObject({ from: day, to: day, teacherId: z.optional(id) });
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

const count = z.number().check(z.int(), z.minimum(0));
const rate = z.nullable(z.number().check(z.minimum(0), z.maximum(1)));

export const figures = z.object({
  lessonsScheduled: count,
  lessonsHeld: count,
  lessonsCancelled: count,
  lessonsMissed: count,
  periodsTaught: count,
  expected: count,
  attended: count,
  absences: count,
  late: count,
  leftEarly: count,
  attendanceRate: rate,
  assignments: count,
  assigned: count,
  handedIn: count,
  handInRate: rate,
  graded: count,
  averageScoreTenths: z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(100))),
  materialsApproved: count,
  materialsUsed: count,
  materialOpenings: count,
  questionsAnsweredLive: count,
  questionsAnsweredAsync: count,
  questionsAnswered: count,
});
export type FiguresDto = z.infer<typeof figures>;

export const groupBys = ['grade', 'class', 'subject', 'teacher'] as const;
export type GroupByDto = (typeof groupBys)[number];

const row = z.object({ id, name: z.string(), figures });
export type StatisticsRowDto = z.infer<typeof row>;

export const statisticsResponse = z.object({
  from: z.number(),
  to: z.number(),
  /** The teacher the report is narrowed to; null for the whole school. */
  teacherId: z.nullable(id),
  total: figures,
  tables: z.object({ grade: z.array(row), class: z.array(row), subject: z.array(row), teacher: z.array(row) }),
  /** Teachers the reader may narrow to (empty for a teacher reading their own). */
  teachers: z.array(z.object({ id, name: z.string() })),
  generatedAt: z.number(),
});
export type StatisticsResponse = z.infer<typeof statisticsResponse>;
