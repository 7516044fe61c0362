/**
 * Parsers of the assignment and gradebook answers, from the schemas the server uses
 * (proto/http, zod/mini): an answer of another shape is a BAD_RESPONSE, never a half-read page.
 */
import {
  assignmentDetailJson,
  assignmentListJson,
  cellAnswerJson,
  childrenJson,
  gradeAnswerJson,
  gradebookJson,
  gradingListJson,
  historyJson,
  importPlanJson,
  resultsJson,
  studentAssignmentsJson,
  studentWorkJson,
  submissionAnswerJson,
  type AssignmentDetailJson,
  type AssignmentJson,
  type CellJson,
  type ChildrenJson,
  type FileJson,
  type GradeJson,
  type GradebookJson,
  type GradingListJson,
  type ImportPlanJson,
  type ResultsJson,
  type SlotJson,
  type StudentAssignmentsJson,
  type StudentWorkJson,
  type SubmissionJson,
  type SubmissionStateJson,
  type UploadMetadata,
} from '../../proto/index.js';
import { ApiShapeError } from './apiParse.js';

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

function parser<T>(schema: Schema<T>): (value: unknown) => T {
  return (value) => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const first = r.error.issues[0];
    throw new ApiShapeError(`${first?.path.map(String).join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  };
}

export const parseAssignmentDetail = parser(assignmentDetailJson);
export const parseAssignmentList = parser(assignmentListJson);
export const parseStudentAssignments = parser(studentAssignmentsJson);
export const parseGradingList = parser(gradingListJson);
export const parseStudentWork = parser(studentWorkJson);
export const parseSubmissionAnswer = parser(submissionAnswerJson);
export const parseGradeAnswer = parser(gradeAnswerJson);
export const parseChildren = parser(childrenJson);
export const parseCreated = parser({ safeParse: (v: unknown) => assignmentDetailJson.shape.assignment.safeParse((v as { assignment?: unknown } | null)?.assignment) });
export const parseGradebook = parser(gradebookJson);
export const parseCellAnswer = parser(cellAnswerJson);
export const parseHistory = parser(historyJson);
export const parseImportPlan = parser(importPlanJson);
export const parseResults = parser(resultsJson);
export const parseFilled = (v: unknown): { changed: number } => {
  const n = (v as { changed?: unknown } | null)?.changed;
  if (typeof n !== 'number') throw new ApiShapeError('changed: not a number');
  return { changed: n };
};

export type { AssignmentDetailJson };
export type { AssignmentJson };
export type { FileJson };
export type { GradeJson };
export type { GradingListJson };
export type { StudentAssignmentsJson };
export type { StudentWorkJson };
export type { SubmissionJson };
export type { SubmissionStateJson };
export type { ChildrenJson };
export type { UploadMetadata };
export type { GradebookJson };
export type { ImportPlanJson };
export type { ResultsJson };
export type { SlotJson };
export type { CellJson };
export { UPLOADS_ENDPOINT } from '../../proto/index.js';
