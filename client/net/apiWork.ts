/**
 * Parsers of the assignment and gradebook answers. Their shapes are the server's schemas
 * (proto/http/assignments.ts, gradebook.ts: the types below are theirs); the client checks each
 * answer's top level and leaves the schemas' code on the server, so that neither zod nor the
 * shapes ride in the students' entry chunk (the lazily loaded pages would pull them into it
 * through proto/index). An answer without the expected fields is a BAD_RESPONSE.
 */
import type { assignmentsHttp as A, gradebookHttp as G } from '../../proto/http/index.js';
import { ApiShapeError } from './apiParse.js';

/** The answer as `T` once its top-level fields are there with the right kinds. */
function parser<T>(fields: Readonly<Record<string, 'object' | 'array' | 'string' | 'number' | 'boolean'>>): (value: unknown) => T {
  return (value) => {
    if (typeof value !== 'object' || value === null) throw new ApiShapeError('answer: not an object');
    for (const [name, kind] of Object.entries(fields)) {
      const v = (value as Record<string, unknown>)[name];
      const ok = kind === 'array' ? Array.isArray(v) : kind === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === kind;
      if (!ok) throw new ApiShapeError(`${name}: expected ${kind}`);
    }
    return value as T;
  };
}

export const parseAssignmentDetail = parser<A.AssignmentDetailJson>({ assignment: 'object', attachments: 'array', canManage: 'boolean', canSubmit: 'boolean' });
export const parseAssignmentList = parser<{ assignments: A.AssignmentJson[] }>({ assignments: 'array' });
export const parseStudentAssignments = parser<A.StudentAssignmentsJson>({ items: 'array' });
export const parseGradingList = parser<A.GradingListJson>({ assignment: 'object', rows: 'array' });
export const parseStudentWork = parser<A.StudentWorkJson>({ assignment: 'object', studentId: 'string', versions: 'array' });
export const parseSubmissionAnswer = parser<{ submission: A.SubmissionJson }>({ submission: 'object' });
export const parseGradeAnswer = parser<{ grade: A.GradeJson }>({ grade: 'object' });
export const parseChildren = parser<A.ChildrenJson>({ children: 'array' });
export const parseClassStudents = parser<A.ClassStudentsJson>({ students: 'array' });
export const parseCreated = (v: unknown): A.AssignmentJson => parser<{ assignment: A.AssignmentJson }>({ assignment: 'object' })(v).assignment;
export const parseGradebook = parser<G.GradebookJson>({ classId: 'string', slots: 'array', rows: 'array', assignments: 'array', quizzes: 'array', mode: 'string' });
export const parseCellAnswer = parser<{ cell: G.CellJson }>({ cell: 'object' });
export const parseHistory = parser<{ changes: Array<{ at: number; actorName: string | null; studentName: string | null; ref: string; oldValue: string | null; newValue: string | null }> }>({ changes: 'array' });
export const parseImportPlan = parser<G.ImportPlanJson>({ ok: 'boolean', cells: 'array', issues: 'array' });
export const parseResults = parser<G.ResultsJson>({ student: 'object', subjects: 'array', assignments: 'array', quizzes: 'array' });
export const parseFilled = parser<{ changed: number }>({ changed: 'number' });
export const parseGradebookSettings = parser<G.GradebookSettingsJson>({ subjects: 'array' });
export const parseSubjectSetting = parser<{ subjectId: string; mode: 'score' | 'comment'; regularCount: number }>({ subjectId: 'string', mode: 'string', regularCount: 'number' });

export type AssignmentDetailJson = A.AssignmentDetailJson;
export type ClassStudentsJson = A.ClassStudentsJson;
export type AssignmentJson = A.AssignmentJson;
export type FileJson = A.FileJson;
export type GradeJson = A.GradeJson;
export type GradingListJson = A.GradingListJson;
export type StudentAssignmentsJson = A.StudentAssignmentsJson;
export type StudentWorkJson = A.StudentWorkJson;
export type SubmissionJson = A.SubmissionJson;
export type SubmissionStateJson = A.SubmissionStateJson;
export type ChildrenJson = A.ChildrenJson;
export type UploadMetadata = A.UploadMetadata;
export type GradebookJson = G.GradebookJson;
export type ImportPlanJson = G.ImportPlanJson;
export type ResultsJson = G.ResultsJson;
export type SlotJson = G.SlotJson;
export type CellJson = G.CellJson;
/** tus endpoint (proto/http/assignments.ts UPLOADS_ENDPOINT). */
export const UPLOADS_ENDPOINT = '/api/uploads';
