/**
 * Assigned quizzes and online exams (R11, issue 7): a class's quiz or exam built from bank
 * question versions, students' attempts on papers shuffled from a recorded seed, every answer
 * durable before it is acknowledged, the audit trail, and the store they live in.
 */
import type { Answer, AttemptStatus, QuestionAtVersion, ScoringScheme } from '../assessment/index.js';

/**
 * quiz: ongoing assessment, any number of attempts the teacher allows; exam: periodic
 * assessment online (force majeure), exactly one attempt, a time limit required.
 */
export type ExamMode = 'quiz' | 'exam';

/** When students see their scores: at once, after the close time, or when the teacher releases. */
export type ReleasePolicy = 'immediately' | 'after_close' | 'manual';

/** One question of an exam: the bank version that grades it, its part of the scheme, its worth. */
export interface ExamQuestion extends QuestionAtVersion {
  /** The part of the scheme (partFor), fixed when the exam is made. */
  partId: string;
  /** Points of this question (the part's rule points unless the teacher weighed it otherwise). */
  points: number;
  /** Questions are shuffled within their section; the part id by default. */
  section: string;
}

export interface Exam {
  id: string;
  schoolId: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  /** The live lesson it runs in, when the teacher watches cameras at the same time. */
  lessonId: string | null;
  mode: ExamMode;
  title: string;
  opensAt: number;
  closesAt: number;
  /** Null: no limit but the close time (quizzes only). */
  timeLimitMs: number | null;
  attemptsAllowed: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  releasePolicy: ReleasePolicy;
  /** When the teacher released results (policy manual), else null. */
  releasedAt: number | null;
  /** The copy of the scheme this exam grades with. */
  scheme: ScoringScheme;
  questions: ExamQuestion[];
  createdAt: number;
  updatedAt: number;
}

/** Points of a finished attempt; points null while an item awaits a person. */
export interface AttemptScore {
  points: number | null;
  maxPoints: number;
  score10: number | null;
}

export interface Attempt {
  id: string;
  examId: string;
  studentId: string;
  /** 1, 2, … per student. */
  number: number;
  /** The paper's seed (assessment/shuffle.ts paperFor): a regrade rebuilds the same paper. */
  seed: string;
  startedAt: number;
  /** The server's deadline: start + limit (+ extensions), capped by the close time. */
  deadlineAt: number;
  status: Exclude<AttemptStatus, 'graded'>;
  finishedAt: number | null;
  /** The browser tab that last wrote (a random id it keeps in sessionStorage). */
  clientId: string;
  ip: string;
  result: AttemptScore | null;
  feedback: string;
}

export interface SavedAnswer {
  questionId: string;
  answer: Answer;
  seq: number;
  savedAt: number;
}

export interface ManualItemGrade {
  questionId: string;
  points: number;
  feedback: string;
  gradedBy: string;
  gradedAt: number;
}

/**
 * What the audit trail records. Suspicious (a proctor's flag): page_hidden, blur,
 * fullscreen_exit, copy, paste (reported by the browser), second_session and ip_change (seen by
 * the server).
 */
export const EVENT_KINDS = [
  'created',
  'start',
  'resume',
  'answer',
  'submit',
  'deadline_close',
  'page_hidden',
  'blur',
  'fullscreen_exit',
  'copy',
  'paste',
  'second_session',
  'ip_change',
  'extension',
  'reopen',
  'release',
  'manual_grade',
  'regrade',
] as const;
export type ExamEventKind = (typeof EVENT_KINDS)[number];
/** The kinds a student's browser may report. */
export const CLIENT_EVENT_KINDS = ['page_hidden', 'blur', 'fullscreen_exit', 'copy', 'paste'] as const;
export type ClientEventKind = (typeof CLIENT_EVENT_KINDS)[number];
export const SUSPICIOUS_KINDS: ReadonlySet<ExamEventKind> = new Set(['page_hidden', 'blur', 'fullscreen_exit', 'copy', 'paste', 'second_session', 'ip_change']);

export interface ExamEvent {
  id: number;
  examId: string;
  attemptId: string | null;
  studentId: string | null;
  /** Who did it: the student, the teacher, or "system" (the deadline). */
  actorId: string;
  kind: ExamEventKind;
  at: number;
  clientId: string;
  ip: string;
  data: Record<string, unknown>;
}

export type NewExamEvent = Omit<ExamEvent, 'id'>;

/** Where a student's request comes from: recorded with each answer and event. */
export interface RequestContext {
  clientId: string;
  ip: string;
}

export interface ExamStore {
  createExam(exam: Exam): Promise<void>;
  getExam(id: string): Promise<Exam | undefined>;
  /** Exams of these classes, newest opening first. */
  examsOfClasses(classIds: readonly string[]): Promise<Exam[]>;
  /** Replaces the mutable fields (release, question versions after a regrade). */
  updateExam(exam: Pick<Exam, 'id' | 'releasedAt' | 'questions' | 'updatedAt'>): Promise<void>;

  createAttempt(attempt: Attempt): Promise<void>;
  getAttempt(id: string): Promise<Attempt | undefined>;
  attemptsOf(examId: string, studentId?: string): Promise<Attempt[]>;
  attemptsOfStudent(studentId: string, range: { from: number; to: number }): Promise<Attempt[]>;
  /**
   * Marks the attempt as written by `ctx` only if it is in progress before `now` ≤ deadline;
   * false otherwise. On PostgreSQL the row stays locked to the end of the transaction, so a
   * concurrent close cannot slip between this check and the answer's write.
   */
  touchOpen(attemptId: string, now: number, ctx: RequestContext): Promise<boolean>;
  /** Saves the answer unless a newer one (higher seq) is stored; true when saved. */
  putAnswer(attemptId: string, answer: SavedAnswer): Promise<boolean>;
  answersOf(attemptId: string): Promise<SavedAnswer[]>;
  /** Counts of answered questions per attempt of an exam. */
  answeredCounts(examId: string): Promise<Map<string, number>>;
  /** Changes status, deadline, finish time and result, only if the status is still `from`. */
  setAttemptState(id: string, from: Attempt['status'], change: Pick<Attempt, 'status' | 'deadlineAt' | 'finishedAt' | 'result'>): Promise<boolean>;
  setResult(id: string, result: AttemptScore | null, feedback?: string): Promise<void>;
  /** In-progress attempts whose deadline is ≤ now. */
  expiredAttempts(now: number, limit: number): Promise<Attempt[]>;

  putManualGrade(attemptId: string, grade: ManualItemGrade): Promise<void>;
  manualGradesOf(attemptId: string): Promise<ManualItemGrade[]>;

  addEvent(event: NewExamEvent): Promise<void>;
  /** Events of an exam (after the id `afterId`), oldest first; of one attempt when given. */
  eventsOf(examId: string, options?: { attemptId?: string; afterId?: number; kinds?: readonly ExamEventKind[]; limit?: number }): Promise<ExamEvent[]>;
}
