/** Assignments (R10): giving them, handing in work (every version kept), grading and returning it. */
export type { Assignment, AssignmentStore, AssignmentGrade, Submission, SubmissionState } from './AssignmentTypes.js';
export { SqlAssignmentStore } from './SqlAssignmentStore.js';
export { AssignmentService, DEFAULT_ASSIGNMENT_LIMITS, assignmentRef, submissionState, type AssignmentInput, type AssignmentLimits, type LocalTime } from './AssignmentService.js';
export { Grading, type ArchiveEntry, type GradeInput, type GradingRow, type StudentWork } from './Grading.js';
