import { list, num, requiredStr, str } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';
import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/**
 * Exams run inside the lesson (issue 7) on the wire (proto/classroom/v1/exam_watch.proto): which
 * exams run in it (everyone) and each student's state and flags (teachers only). No request: the
 * exam itself is taken over HTTP.
 */

export interface BoundExam {
  examId: string;
  title: string;
  mode: string;
  opensAtMs: number;
  closesAtMs: number;
  /** 0: no limit. */
  timeLimitMs: number;
  questionCount: number;
}

export interface LessonExamRow {
  examId: string;
  studentUserId: string;
  /** not_started, in_progress, submitted, closed_by_deadline */
  status: string;
  answered: number;
  questionCount: number;
  deadlineAtMs: number;
  /** Suspicious events by kind (page_hidden, blur, fullscreen_exit, copy, paste, second_session, ip_change). */
  flags: Readonly<Record<string, number>>;
  lastFlag: string;
  lastFlagAtMs: number;
}

export type ExamWatchRequest = never;
export type ExamWatchPush = { type: 'lessonExamsUpdated'; exams: BoundExam[] } | { type: 'lessonExamRow'; row: LessonExamRow; flag: string };

export interface ExamWatchSnapshot {
  examWatch: { exams: BoundExam[]; rows: LessonExamRow[] };
}

const examFrom = (p: pb.BoundExam.$Properties): BoundExam => ({
  examId: requiredStr(p.examId, 'boundExam.examId'),
  title: str(p.title),
  mode: str(p.mode),
  opensAtMs: num(p.opensAtMs),
  closesAtMs: num(p.closesAtMs),
  timeLimitMs: num(p.timeLimitMs),
  questionCount: num(p.questionCount),
});

const rowFrom = (p: pb.LessonExamRow.$Properties): LessonExamRow => ({
  examId: requiredStr(p.examId, 'examRow.examId'),
  studentUserId: requiredStr(p.studentUserId, 'examRow.studentUserId'),
  status: str(p.status),
  answered: num(p.answered),
  questionCount: num(p.questionCount),
  deadlineAtMs: num(p.deadlineAtMs),
  flags: Object.fromEntries(list(p.flags).map((f) => [str(f.kind), num(f.count)])),
  lastFlag: str(p.lastFlag),
  lastFlagAtMs: num(p.lastFlagAtMs),
});

const examTo = (e: BoundExam): pb.BoundExam.$Properties => ({ ...e });
const rowTo = (r: LessonExamRow): pb.LessonExamRow.$Properties => ({ ...r, flags: Object.entries(r.flags).map(([kind, count]) => ({ kind, count })) });

export const examWatchRequests: RequestEncoders<ExamWatchRequest> = {};

export const examWatchPushes: PushDecoders<ExamWatchPush> = {
  lessonExamsUpdated: (m) => ({ type: 'lessonExamsUpdated', exams: list(m.lessonExamsUpdated?.exams).map(examFrom) }),
  lessonExamRow: (m) => ({ type: 'lessonExamRow', row: rowFrom(m.lessonExamRow?.row ?? {}), flag: str(m.lessonExamRow?.flag) }),
};

export const examWatchSnapshot: SnapshotDecoder<ExamWatchSnapshot> = (p) => ({
  examWatch: { exams: list(p.examWatch?.exams).map(examFrom), rows: list(p.examWatch?.rows).map(rowFrom) },
});

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const examWatchMirror = {
  requests: {} satisfies RequestDecoders<ExamWatchRequest>,
  pushes: {
    lessonExamsUpdated: (p) => ({ lessonExamsUpdated: { exams: p.exams.map(examTo) } }),
    lessonExamRow: (p) => ({ lessonExamRow: { row: rowTo(p.row), flag: p.flag } }),
  } satisfies PushEncoders<ExamWatchPush>,
  snapshot: ((s) => (s.examWatch.exams.length > 0 || s.examWatch.rows.length > 0 ? { examWatch: { exams: s.examWatch.exams.map(examTo), rows: s.examWatch.rows.map(rowTo) } } : {})) satisfies SnapshotEncoder<ExamWatchSnapshot>,
};
