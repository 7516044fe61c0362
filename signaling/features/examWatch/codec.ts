/** Exams run in the lesson on the wire (proto/classroom/v1/exam_watch.proto): pushes and snapshot only. */
import { EXAM_WATCH, type BoundExam, type LiveExamRow } from '../../../classroom/index.js';
import type { classroom } from '../../../proto/index.js';
import type { DecoderTable, EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

/** Nothing is asked over the socket: the exam itself is taken over HTTP. */
export type ExamWatchRequest = never;
export type ExamWatchBody = { type: 'lessonExamsUpdated'; exams: BoundExam[] } | { type: 'lessonExamRow'; row: LiveExamRow; flag: string };

const examToProto = (e: BoundExam): classroom.v1.BoundExam.$Properties => ({
  examId: e.examId,
  title: e.title,
  mode: e.mode,
  opensAtMs: e.opensAt,
  closesAtMs: e.closesAt,
  timeLimitMs: e.timeLimitMs ?? 0,
  questionCount: e.questionCount,
});

const rowToProto = (r: LiveExamRow): classroom.v1.LessonExamRow.$Properties => ({
  examId: r.examId,
  studentUserId: r.studentId,
  status: r.status,
  answered: r.answered,
  questionCount: r.questionCount,
  deadlineAtMs: r.deadlineAt,
  flags: Object.entries(r.flags).map(([kind, count]) => ({ kind, count })),
  lastFlag: r.lastFlag?.kind ?? '',
  lastFlagAtMs: r.lastFlag?.at ?? 0,
});

export const decoders: DecoderTable<ExamWatchRequest> = {};

export const encoders: EncoderTable<ExamWatchBody> = {
  lessonExamsUpdated: (b) => ({ lessonExamsUpdated: { exams: b.exams.map(examToProto) } }),
  lessonExamRow: (b) => ({ lessonExamRow: { row: rowToProto(b.row), flag: b.flag } }),
};

/** LessonSnapshot.exam_watch: the bound exams; the rows only in a teacher's (the domain decides). */
export const snapshot: SnapshotPart = (s) => {
  const w = EXAM_WATCH.snapshotIn(s);
  return w && (w.exams.length > 0 || w.rows.length > 0) ? { examWatch: { exams: w.exams.map(examToProto), rows: w.rows.map(rowToProto) } } : {};
};
