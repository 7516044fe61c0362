/**
 * Statistics of the school (R15): per grade, class, subject and teacher, for a chosen period,
 * computed on every read from what is stored (lessons, participation events, assignments and
 * grades), never kept as counters that could drift. The store aggregates per lesson and per
 * assignment in SQL (SqlStatisticsStore); the pure functions of figures.ts fold those facts into
 * the tables a principal reads.
 */

/** Whose lessons and assignments: the whole school (principal, admin) or one teacher's. */
export type StatisticsScope = { kind: 'school'; schoolId: string } | { kind: 'teacher'; schoolId: string; teacherId: string };

/** The attendance rules, the same as the lesson's attendance table (classroom/attendance). */
export interface PresenceRules {
  /** First join later than the scheduled start + this is "late". Default 300000 ms. */
  lateAfterMs: number;
  /** Gone for good more than this before the end is "left early". Default 300000 ms. */
  earlyLeaveBeforeMs: number;
}

export const DEFAULT_PRESENCE_RULES: PresenceRules = { lateAfterMs: 5 * 60_000, earlyLeaveBeforeMs: 5 * 60_000 };

/** One lesson of the period with its attendance counted over the class's current students. */
export interface LessonFacts {
  lessonId: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  scheduledStart: number;
  scheduledEnd: number;
  startedAt: number | null;
  endedAt: number | null;
  cancelledAt: number | null;
  /** Students of the class who joined at least once. */
  attended: number;
  /** Of those, whose first join was late. */
  late: number;
  /** Of those, who were gone for good before the end (decided once that moment passed). */
  leftEarly: number;
}

/** One assignment due in the period. */
export interface AssignmentFacts {
  assignmentId: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  dueAt: number;
  /** Students it is given to who are in the class now. */
  assigned: number;
  /** Of those, who handed in at least one version. */
  handedIn: number;
  /** Grades returned to students with a score. */
  graded: number;
  /** Sum of those scores, in tenths (7.5 → 75): averages over any group stay exact. */
  scoreTenthsSum: number;
}

/** A material of the library approved in the period (art. 7.3: by the principal, or imported as approved). */
export interface MaterialApprovalFacts {
  materialId: string;
  subjectId: string;
  gradeId: string;
  /** The teacher who wrote it (the "teacher" of the tables). */
  ownerId: string;
  /** Approvals in the period (a new version approved again counts again). */
  approvals: number;
}

/** A material opened in the period by students of one class (R12). */
export interface MaterialUseFacts {
  materialId: string;
  classId: string;
  subjectId: string;
  ownerId: string;
  /** Students of the class who opened it. */
  students: number;
}

/**
 * Questions answered in the period (R13) for one class, subject and teacher: live ones the
 * teacher marked answered in a lesson (its teacher), and questions of the class's board a
 * teacher of the subject first answered or accepted an answer to (that teacher).
 */
export interface QuestionFacts {
  classId: string;
  subjectId: string;
  teacherId: string;
  live: number;
  async: number;
}

/** The read side the statistics need; one query per kind, whatever the size of the school. */
export interface StatisticsStore {
  /** Lessons of the scope that start in [from, to), cancelled ones included. */
  lessonFacts(scope: StatisticsScope, from: number, to: number, now: number, rules: PresenceRules): Promise<LessonFacts[]>;
  /** Assignments of the scope due in [from, to). */
  assignmentFacts(scope: StatisticsScope, from: number, to: number): Promise<AssignmentFacts[]>;
  /** Materials approved, and materials opened by students, in [from, to); a teacher's scope: the materials they own. */
  materialFacts(scope: StatisticsScope, from: number, to: number): Promise<{ approved: MaterialApprovalFacts[]; used: MaterialUseFacts[] }>;
  /** Questions answered in [from, to), per class, subject and teacher; a teacher's scope: those they answered. */
  questionFacts(scope: StatisticsScope, from: number, to: number): Promise<QuestionFacts[]>;
  /** Current number of students of every class of the school. */
  classSizes(schoolId: string): Promise<Map<string, number>>;
  /**
   * Folds the presence of up to `limit` lessons ended at or before `endedBefore` that have no
   * summary yet (PresenceSummarySweep); resolves with how many were folded.
   */
  summarizeEnded(endedBefore: number, limit: number): Promise<number>;
  /**
   * Refreshes the planner's statistics of the summary tables after many were written at once (the
   * first sweep after an upgrade, a node back after days down). PostgreSQL plans the report's
   * joins from those statistics, which autovacuum refreshes only later: planned on a nearly empty
   * table, the principal's page of a school year took 1.9 s instead of 0.6 s (bench:stats).
   * SQLite: nothing (its plans here do not depend on gathered statistics).
   */
  refreshPlannerStatistics(): Promise<void>;
}

/** The figures of one row of a table (a grade, a class, a subject, a teacher, or the total). */
export interface Figures {
  /** Not cancelled, whether held or not. */
  lessonsScheduled: number;
  /** Started (the live room opened) and not cancelled. */
  lessonsHeld: number;
  lessonsCancelled: number;
  /** Scheduled, over, never started. */
  lessonsMissed: number;
  /** Periods (tiết) of the lessons held: an online period counts as an in-person one. */
  periodsTaught: number;
  /** Student places in the lessons held (class size per lesson). */
  expected: number;
  attended: number;
  absences: number;
  late: number;
  leftEarly: number;
  /** attended / expected, 0..1; null without any lesson held. */
  attendanceRate: number | null;
  assignments: number;
  assigned: number;
  handedIn: number;
  /** handedIn / assigned, 0..1; null without any student given work. */
  handInRate: number | null;
  graded: number;
  /** Mean returned score in tenths, rounded; null without any. */
  averageScoreTenths: number | null;
  /** Library materials approved (by the principal, or imported as approved). Not per class: a material is per grade. */
  materialsApproved: number;
  /** Materials opened by students, counted once per class that opened them. */
  materialsUsed: number;
  /** Openings: distinct student + material pairs. */
  materialOpenings: number;
  /** Questions answered in live lessons (marked answered by the teacher). */
  questionsAnsweredLive: number;
  /** Questions of the class's board (between lessons) answered by a teacher. */
  questionsAnsweredAsync: number;
  /** Both. */
  questionsAnswered: number;
}

export type GroupBy = 'grade' | 'class' | 'subject' | 'teacher';
export const GROUP_BYS: readonly GroupBy[] = ['grade', 'class', 'subject', 'teacher'];

export interface StatisticsRow {
  /** The grade, class, subject or teacher id. */
  id: string;
  name: string;
  figures: Figures;
}

/** The names and the structure the tables are labelled and grouped with. */
export interface SchoolStructure {
  grades: ReadonlyArray<{ id: string; name: string; level: number }>;
  classes: ReadonlyArray<{ id: string; gradeId: string; name: string; size: number }>;
  subjects: ReadonlyArray<{ id: string; name: string }>;
  teachers: ReadonlyArray<{ id: string; name: string }>;
}

export interface StatisticsReport {
  from: number;
  to: number;
  scope: StatisticsScope;
  total: Figures;
  tables: Record<GroupBy, StatisticsRow[]>;
  generatedAt: number;
}
