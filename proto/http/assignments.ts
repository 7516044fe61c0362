/**
 * HTTP shapes of assignments, hand-ins, grading and files (issue 8, R10): ONE zod schema per
 * body, imported by the server routes (signaling/http/api/assignmentRoutes.ts) and by the client
 * (client/net). zod/mini keeps what students download small. Scores travel as integer tenths
 * (75 = 7,5) in answers, and as typed text ("7,5") in requests, which the server checks.
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const localTime = z.strictObject({
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')),
  time: z.string().check(z.regex(/^\d{2}:\d{2}$/, 'use HH:MM')),
});
const tenths = z.number().check(z.int(), z.minimum(0), z.maximum(100));

/** POST /api/assignments */
export const assignmentCreateBody = z.strictObject({
  classId: id,
  subjectId: id,
  title: z.string().check(z.maxLength(400)),
  instructions: z.string().check(z.maxLength(40_000)),
  open: z.optional(localTime),
  due: localTime,
  acceptLate: z.boolean(),
  latePenaltyTenths: z.optional(tenths),
  studentIds: z.optional(z.array(id).check(z.maxLength(200))),
});
export type AssignmentCreateBody = z.infer<typeof assignmentCreateBody>;

/** PUT /api/assignments/:id */
export const assignmentUpdateBody = z.strictObject({
  title: z.string().check(z.maxLength(400)),
  instructions: z.string().check(z.maxLength(40_000)),
  open: z.optional(localTime),
  due: localTime,
  acceptLate: z.boolean(),
  latePenaltyTenths: z.optional(tenths),
  studentIds: z.optional(z.array(id).check(z.maxLength(200))),
});
export type AssignmentUpdateBody = z.infer<typeof assignmentUpdateBody>;

/** POST /api/assignments/:id/submissions: text and the ids of finished uploads (tus). */
export const handInBody = z.strictObject({
  text: z.string().check(z.maxLength(20_000)),
  fileIds: z.array(id).check(z.maxLength(50)),
});
export type HandInBody = z.infer<typeof handInBody>;

/** PUT /api/assignments/:id/grades/:studentId: saved as typed. */
export const gradeSaveBody = z.strictObject({
  score: z.union([z.string().check(z.maxLength(20)), z.number(), z.null()]),
  feedback: z.string().check(z.maxLength(10_000)),
  expectedRevision: z.number().check(z.int(), z.minimum(0)),
});
export type GradeSaveBody = z.infer<typeof gradeSaveBody>;

/** POST /api/assignments/:id/grades/:studentId/return */
export const gradeReturnBody = z.strictObject({ expectedRevision: z.number().check(z.int(), z.minimum(0)) });

export const submissionStates = ['not_open', 'todo', 'due_soon', 'overdue', 'handed_in', 'late', 'returned', 'missing'] as const;
export type SubmissionStateJson = (typeof submissionStates)[number];

export const fileJson = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number(),
  mediaType: z.string(),
  sha256: z.string(),
  /** GET (and HEAD) downloads it; `?inline=1` shows images and PDF in the page. */
  url: z.string(),
});
export type FileJson = z.infer<typeof fileJson>;

export const assignmentJson = z.object({
  id: z.string(),
  classId: z.string(),
  className: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  teacherId: z.string(),
  title: z.string(),
  instructions: z.string(),
  openAt: z.number(),
  dueAt: z.number(),
  acceptLate: z.boolean(),
  latePenaltyTenths: z.number(),
  /** Empty: the whole class. */
  studentIds: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AssignmentJson = z.infer<typeof assignmentJson>;

export const gradeJson = z.object({
  scoreTenths: z.nullable(z.number()),
  feedback: z.string(),
  returnedAt: z.nullable(z.number()),
  revision: z.number(),
  gradedBy: z.string(),
  updatedAt: z.number(),
});
export type GradeJson = z.infer<typeof gradeJson>;

export const submissionJson = z.object({
  id: z.string(),
  version: z.number(),
  text: z.string(),
  submittedAt: z.number(),
  late: z.boolean(),
  files: z.array(fileJson),
});
export type SubmissionJson = z.infer<typeof submissionJson>;

/** GET /api/assignments/:id */
export const assignmentDetailJson = z.object({
  assignment: assignmentJson,
  attachments: z.array(fileJson),
  canManage: z.boolean(),
  canSubmit: z.boolean(),
});
export type AssignmentDetailJson = z.infer<typeof assignmentDetailJson>;

/** GET /api/assignments?classId=&subjectId= (teachers) */
export const assignmentListJson = z.object({ assignments: z.array(assignmentJson) });

/** GET /api/students/:studentId/assignments (the student, their parents) */
export const studentAssignmentsJson = z.object({
  items: z.array(
    z.object({
      assignment: assignmentJson,
      state: z.enum(submissionStates),
      latestVersion: z.nullable(z.number()),
      submittedAt: z.nullable(z.number()),
      returnedScoreTenths: z.nullable(z.number()),
    }),
  ),
});
export type StudentAssignmentsJson = z.infer<typeof studentAssignmentsJson>;

/** GET /api/assignments/:id/submissions (its teachers): every assigned student. */
export const gradingListJson = z.object({
  assignment: assignmentJson,
  rows: z.array(
    z.object({
      student: z.object({ id: z.string(), code: z.string(), displayName: z.string() }),
      state: z.enum(submissionStates),
      latest: z.nullable(submissionJson),
      versions: z.number(),
      grade: z.nullable(gradeJson),
    }),
  ),
});
export type GradingListJson = z.infer<typeof gradingListJson>;

/** GET /api/assignments/:id/submissions/:studentId */
export const studentWorkJson = z.object({
  assignment: assignmentJson,
  studentId: z.string(),
  versions: z.array(submissionJson),
  grade: z.nullable(gradeJson),
});
export type StudentWorkJson = z.infer<typeof studentWorkJson>;

/** Answers of a hand-in and of grade writes. */
export const submissionAnswerJson = z.object({ submission: submissionJson });
export const gradeAnswerJson = z.object({ grade: gradeJson });

/** GET /api/children: a parent's children (a student: themselves), whose work and results they follow. */
export const childrenJson = z.object({ children: z.array(z.object({ id: z.string(), displayName: z.string(), className: z.nullable(z.string()) })) });
export type ChildrenJson = z.infer<typeof childrenJson>;

/** tus `Upload-Metadata` keys the server reads (values are strings). */
export interface UploadMetadata {
  filename: string;
  /** "submission" (a student's work), "attachment" (a teacher's file for the assignment), "material" (a library file, issue 11). */
  purpose: 'submission' | 'attachment' | 'material';
  /** The assignment id; for a material, its subject id. */
  targetId: string;
}
export const UPLOADS_ENDPOINT = '/api/uploads';

/** GET /api/teaching/students?classId=&subjectId=: the class list, to give an assignment to some of it. */
export const classStudentsJson = z.object({ students: z.array(z.object({ id: z.string(), code: z.string(), displayName: z.string() })) });
export type ClassStudentsJson = z.infer<typeof classStudentsJson>;
