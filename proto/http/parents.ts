/**
 * HTTP shapes of the parents' page (R19, R20), class announcements and the import of parent
 * accounts from CSV. Times are epoch milliseconds; `presentMs` counts reconnections within the
 * grace period as presence.
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD'));
const time = z.number();
const maybeTime = z.nullable(z.number());

/** GET /api/children/:studentId/overview[?from=&to=] (local days, `to` included; default two weeks either side of today). */
export const childOverviewQuery = z.strictObject({ from: z.optional(day), to: z.optional(day) });

export const childLessonStates = ['upcoming', 'cancelled', 'not_held', 'in_lesson', 'present', 'absent'] as const;
export type ChildLessonStateDto = (typeof childLessonStates)[number];

const announcement = z.object({ id, classId: id, authorId: z.string(), authorName: z.string(), title: z.string(), body: z.string(), createdAt: time });
export type AnnouncementDto = z.infer<typeof announcement>;

export const childOverviewResponse = z.object({
  child: z.object({ id, displayName: z.string(), classId: z.nullable(id), className: z.nullable(z.string()) }),
  from: time,
  to: time,
  lessons: z.array(
    z.object({
      lessonId: id,
      title: z.string(),
      subjectName: z.string(),
      teacherName: z.string(),
      scheduledStart: time,
      scheduledEnd: time,
      startedAt: maybeTime,
      endedAt: maybeTime,
      state: z.enum(childLessonStates),
      late: z.boolean(),
      leftEarly: z.boolean(),
      firstJoinAt: maybeTime,
      lastLeaveAt: maybeTime,
      presentMs: z.number(),
    }),
  ),
  announcements: z.array(announcement),
});
export type ChildOverviewResponse = z.infer<typeof childOverviewResponse>;
export type ChildLessonDto = ChildOverviewResponse['lessons'][number];

/** POST /api/classes/:classId/announcements (the class's teachers, the admin). */
export const announcementBody = z.strictObject({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  body: z.string().check(z.minLength(1), z.maxLength(4000)),
});
export type AnnouncementBody = z.infer<typeof announcementBody>;
export const announcementResponse = z.object({ announcement });
/** GET /api/classes/:classId/announcements (anyone of the class). */
export const announcementsResponse = z.object({ announcements: z.array(announcement) });

const issue = z.object({ line: z.number(), column: z.nullable(z.string()), code: z.string(), message: z.string() });
export type ParentIssueDto = z.infer<typeof issue>;

/** POST /api/admin/parents/import/preview (body: the CSV file, text/csv). */
export const parentImportPreview = z.object({
  rows: z.array(z.object({ line: z.number(), username: z.string(), displayName: z.string(), childCodes: z.array(z.string()), action: z.enum(['create', 'link', 'unchanged']) })),
  issues: z.array(issue),
  ok: z.boolean(),
});
export type ParentImportPreviewDto = z.infer<typeof parentImportPreview>;

/** POST /api/admin/parents/import/apply: the first passwords are in this answer only. */
export const parentImportResult = z.object({
  created: z.array(z.object({ userId: id, username: z.string(), displayName: z.string(), initialPassword: z.string() })),
  linked: z.number(),
  unchanged: z.number(),
});
export type ParentImportResultDto = z.infer<typeof parentImportResult>;
