/**
 * exams: assigned quizzes and online exams (R11) over the question bank's versions: papers from
 * recorded seeds, durable answers, the deadline the server keeps, the audit trail, proctoring,
 * manual grading and regrades, and the results seam (ExamResults implements AssessmentResults).
 */
export type * from './ExamTypes.js';
export { EVENT_KINDS, CLIENT_EVENT_KINDS, SUSPICIOUS_KINDS } from './ExamTypes.js';
export { SqlExamStore } from './SqlExamStore.js';
export { ExamCore, isReleased, type ExamDeps } from './ExamCore.js';
export { ExamService, EXAM_LIMITS, classSubjectOf, type NewExamInput, type LessonChoice } from './ExamService.js';
export { ExamActivity, type ExamActivityEvent, type ExamActivityListener } from './ExamActivity.js';
export { ExamTaking, type AttemptView, type ExamListItem } from './ExamTaking.js';
export { ExamProctor, type ProctorView, type ProctorRow } from './ExamProctor.js';
export { ExamResults, summaryOf } from './ExamResults.js';
export { ExamReport, type ExamReportView, type RegradeRecord, type ReportAttempt, type PaperEntry } from './ExamReport.js';
export { DeadlineSweep } from './DeadlineSweep.js';
export { studentPaper, gradeAttempt, maxPointsOf, type PaperQuestion } from './paper.js';
export { resultsCsv, resultsXlsx } from './resultsFiles.js';
export { ExamLive, type BoundExam, type LiveExamRow, type LiveAttemptStatus } from './ExamLive.js';
