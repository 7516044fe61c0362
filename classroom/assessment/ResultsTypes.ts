/**
 * The results seam (R14, R15): how attempts and results of live quizzes, assigned quizzes and
 * exams are read by the rest of the system (the student's progress page, the teacher's
 * statistics, the gradebook of a later issue, the archive of R17).
 *
 * TYPES ONLY: the quiz and exam features implement `AssessmentResults` over their own stores;
 * readers depend on this interface, never on those stores. Authorization is the caller's
 * (the implementation trusts its arguments); a student's own view must pass
 * `releasedOnly: true`, which also withholds keys and other students' data.
 */
import type { GradeResult } from './GradeTypes.js';
import type { Answer, QuestionKind } from './QuestionTypes.js';
import type { ScoringScheme } from './ScoringTypes.js';

/** live_quiz: launched in a live lesson (R2, R8); quiz: assigned, ongoing assessment; exam: periodic, exam mode (R11). */
export type AssessmentMode = 'live_quiz' | 'quiz' | 'exam';

/** A question as it was used: the bank question and the version whose key graded it. */
export interface QuestionAtVersion {
  questionId: string;
  version: number;
}

/** One quiz, exam or live quiz, as a list shows it. */
export interface AssessmentSummary {
  assessmentId: string;
  mode: AssessmentMode;
  title: string;
  schoolId: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  /** The live lesson it ran in (live quizzes, exams inside a lesson), else null. */
  lessonId: string | null;
  opensAt: number | null;
  closesAt: number | null;
  /** When students may see results: null while the teacher has not released them. */
  releasedAt: number | null;
  /** The scheme as the assessment stored it (a copy, see ScoringTypes.ts). */
  scheme: ScoringScheme;
  maxPoints: number;
  /** Kiểm tra thường xuyên (ongoing) or định kỳ (periodic). */
  assessmentType: 'ongoing' | 'periodic';
}

export type AttemptStatus = 'in_progress' | 'submitted' | 'closed_by_deadline' | 'graded';

/** A manual grade or override, with who gave it. */
export interface ManualGrade {
  points: number;
  feedback: string;
  gradedBy: string;
  gradedAt: number;
}

/** One question of an attempt. */
export interface ItemResult extends QuestionAtVersion {
  kind: QuestionKind;
  /** Position on the student's paper (0-based) and its part of the scheme. */
  position: number;
  partId: string;
  /** The last answer given, or null when left blank. */
  answer: Answer | null;
  /** The automatic grade (pending_manual for essays until graded). */
  grade: GradeResult;
  /** A teacher's grade; it wins over `grade.points` when present. */
  manual: ManualGrade | null;
}

export interface AttemptResult {
  attemptId: string;
  assessmentId: string;
  studentId: string;
  status: AttemptStatus;
  startedAt: number;
  /** Submitted, or closed by the deadline; null while in progress. */
  finishedAt: number | null;
  /** The seed of the student's paper (shuffle.ts), for a regrade that rebuilds it. */
  paperSeed: string;
  /** Sum of item points (manual ones included); null while any item awaits a person. */
  points: number | null;
  maxPoints: number;
  /** On the 10-point scale, one decimal, half up (grade.ts paperScore10); null like `points`. */
  score10: number | null;
  /** Overall feedback of the teacher, '' when none. */
  feedback: string;
  /** Present only when asked for with `withItems`. */
  items?: ItemResult[];
}

/** Per-question statistics of one assessment (teacher's view). */
export interface QuestionStatistics extends QuestionAtVersion {
  kind: QuestionKind;
  attempts: number;
  answered: number;
  /** Share of attempts that got full points, 0..1. */
  shareCorrect: number;
  /** Mean points / max points, 0..1. */
  meanShare: number;
  /** Choice questions: option id → how many chose it (the distractors' pull). */
  choiceCounts: Record<string, number>;
  /** Point-biserial or upper–lower 27 % index, −1..1; null with too few attempts. */
  discrimination: number | null;
}

export interface ResultsRange {
  /** Inclusive, ms since the epoch. */
  from: number;
  /** Exclusive. */
  to: number;
}

export interface AssessmentResults {
  /**
   * A student's attempts in a period, oldest first, for their progress over the term (R14)
   * and their parents (R20). `releasedOnly`: only assessments whose results are released,
   * and no `items[].grade` detail that would reveal a key before that.
   */
  attemptsOfStudent(studentId: string, range: ResultsRange, options: { releasedOnly: boolean; withItems?: boolean }): Promise<AttemptResult[]>;
  /** Assessments of a class in a subject, and every attempt at them (teacher, gradebook, archive). */
  resultsOfClass(classId: string, subjectId: string, range: ResultsRange): Promise<{ assessments: AssessmentSummary[]; attempts: AttemptResult[] }>;
  /** One assessment with its attempts (and items when asked). */
  resultsOfAssessment(assessmentId: string, options?: { withItems?: boolean }): Promise<{ assessment: AssessmentSummary; attempts: AttemptResult[] } | undefined>;
  /** Per-question statistics (share right, distractors, discrimination). */
  questionStatistics(assessmentId: string): Promise<QuestionStatistics[]>;
}
