/**
 * The live quiz of a lesson (R2, R8, R11): the teacher puts one question (from the question bank,
 * or a quick poll typed on the spot) to the class or to one breakout group, with a countdown the
 * server's clock decides; students answer once; the teacher watches the answers arrive; then
 * reveals the key and the distribution. Every answer is durable before its Ack and counts in the
 * student's participation record (the attendance table reads them, see LiveQuizStore).
 *
 * Rules worth knowing:
 * - one question open at a time per lesson (a new launch needs the previous one ended);
 * - the FIRST answer counts: a second answer to the same question is refused (ALREADY_ANSWERED),
 *   so what a student saw acknowledged is what is stored and graded;
 * - an answer at or after `closesAtMs` (server clock) is refused (QUIZ_CLOSED), even before the
 *   countdown's timer fired;
 * - the key goes to teachers at launch and to students only at reveal.
 */
import type { Answer, AnswerKey, GradeOutcome, QuestionAtVersion, QuestionBody } from '../assessment/index.js';

/** `targetGroupId` of a quiz for the whole lesson (every room, breakout groups included). */
export const WHOLE_LESSON = '*';

/** Limits of a live question (also the wire's). */
export const LIVE_QUIZ_LIMITS = {
  minSeconds: 5,
  maxSeconds: 600,
  pollQuestionChars: 500,
  pollOptionChars: 200,
  pollMinOptions: 2,
  pollMaxOptions: 6,
  answerTextChars: 200,
  /** Teacher pushes of the answers' tally are coalesced to at most one per this period. */
  tallyPeriodMs: 250,
} as const;

/** What the teacher launches. */
export type LiveQuestionSource =
  | { kind: 'bank'; questionId: string; /** 0: the current version. */ version: number }
  | { kind: 'poll'; text: string; options: string[] };

export interface LaunchInput {
  source: LiveQuestionSource;
  durationSec: number;
  /** WHOLE_LESSON, or the id of one breakout group. */
  targetGroupId: string;
}

/** A question ready to be put live: body and key checked; key null for a poll (no right answer). */
export interface LiveQuestion {
  body: QuestionBody;
  key: AnswerKey | null;
  /** The bank version it came from; null for a poll. */
  ref: QuestionAtVersion | null;
}

/** Finds a bank question for the teacher of a lesson (their read rights apply). */
export interface LiveQuestionSourcePort {
  /** The question `questionId` (at `version`, 0 = current) if the user may read it; NotFoundError/NotAuthorizedError otherwise. */
  bankQuestion(userId: string, questionId: string, version: number): Promise<{ ref: QuestionAtVersion; body: QuestionBody; key: AnswerKey }>;
}

/** The state of the quiz as a student may see it (never the key before reveal). */
export interface LiveQuizView {
  id: string;
  body: QuestionBody;
  poll: boolean;
  targetGroupId: string;
  startedAtMs: number;
  closesAtMs: number;
  /** 0 while open. */
  closedAtMs: number;
  /** 0 until revealed. */
  revealedAtMs: number;
}

/** Answers counted so far: the histogram. */
export interface QuizTally {
  /** Answers accepted (durable). */
  answered: number;
  correct: number;
  partial: number;
  incorrect: number;
  /** Answers a person must grade (short text without accepted answers). */
  pending: number;
  /**
   * Per option id (choice questions and polls), per `<statementId>:T` / `<statementId>:F`
   * (true/false), or per `correct` / `incorrect` (numeric, short text).
   */
  buckets: Record<string, number>;
}

/** One student's accepted answer, as the teacher's list of who answered shows it. */
export interface AnsweredEntry {
  participantId: string;
  userId: string;
  groupId: string;
  /** 'poll' for a poll: no right or wrong. */
  outcome: GradeOutcome | 'poll';
  atMs: number;
}

/** What a teacher sees: everything, the key included. */
export interface TeacherQuizView extends LiveQuizView {
  key: AnswerKey | null;
  tally: QuizTally;
  /** Per breakout group ('' the main room) when answers came from several rooms. */
  byGroup: Array<{ groupId: string; tally: QuizTally }>;
  answers: AnsweredEntry[];
}

/** What a student sees after the reveal. */
export interface RevealView {
  key: AnswerKey | null;
  /** The distribution of the student's room ('' main room, else their breakout group). */
  tally: QuizTally;
}

/** The quiz's part of a participant's snapshot. */
export interface LiveQuizSnapshot {
  /** The current quiz, or null. Teachers get the teacher view. */
  quiz: LiveQuizView | TeacherQuizView | null;
  /** A student's own accepted answer to it, or null. */
  myAnswer: Answer | null;
  /** A student's own outcome and the room's distribution once revealed. */
  reveal: (RevealView & { myOutcome: GradeOutcome | 'poll' | null }) | null;
}

/** What the live quiz tells the lesson. */
export type LiveQuizEvent =
  /** To the target's students (and teachers): the question without its key. */
  | { type: 'liveQuizOpened'; quiz: LiveQuizView }
  /** To teachers: the full view (key, empty tally). */
  | { type: 'liveQuizTeacherView'; quiz: TeacherQuizView }
  /** To teachers, coalesced: the tally and the answers accepted since the previous one. */
  | { type: 'liveQuizTally'; quizId: string; tally: QuizTally; byGroup: Array<{ groupId: string; tally: QuizTally }>; newAnswers: AnsweredEntry[] }
  | { type: 'liveQuizClosed'; quizId: string; closedAtMs: number }
  /** To each room of the target: the key and that room's distribution. */
  | { type: 'liveQuizRevealed'; quizId: string; reveal: RevealView }
  /** To each student who answered, at reveal. */
  | { type: 'liveQuizMyResult'; quizId: string; outcome: GradeOutcome | 'poll' }
  /** The teacher took the quiz off the screens. */
  | { type: 'liveQuizEnded'; quizId: string };

/** The requests of the live quiz; each refuses what its rules do not allow, with a clear error. */
export interface LiveQuizApi {
  /** Teacher: puts a question live. Resolves with the quiz id once it is stored. */
  launch(actorId: string, input: LaunchInput): Promise<string>;
  /** Student: answers the open question; resolves once the answer is durable. */
  answer(actorId: string, quizId: string, answer: Answer): Promise<void>;
  /** Teacher: closes before the countdown ends. */
  close(actorId: string, quizId: string): Promise<void>;
  /** Teacher: shows the key and the distribution (closes first if still open). */
  reveal(actorId: string, quizId: string): Promise<void>;
  /** Teacher: takes the quiz off the screens. */
  end(actorId: string, quizId: string): Promise<void>;
}

/** A quiz as stored. */
export interface StoredLiveQuiz {
  id: string;
  lessonId: string;
  teacherId: string;
  targetGroupId: string;
  ref: QuestionAtVersion | null;
  body: QuestionBody;
  key: AnswerKey | null;
  startedAt: number;
  closesAt: number;
  closedAt: number | null;
  revealedAt: number | null;
  /** When the teacher ended it (the question left the screen); null while it is still shown. */
  endedAt: number | null;
}

/** An answer as stored: one per student and quiz (the first). */
export interface StoredLiveAnswer {
  quizId: string;
  lessonId: string;
  userId: string;
  groupId: string;
  answer: Answer;
  outcome: GradeOutcome | 'poll';
  answeredAt: number;
}

/** A student's live quiz answers in one lesson, for the attendance table (R8). */
export interface LiveQuizParticipation {
  userId: string;
  answers: number;
  correct: number;
}

/** Durable storage of live quizzes and their answers. */
export interface LiveQuizStore {
  saveQuiz(quiz: StoredLiveQuiz): Promise<void>;
  /** Sets closed_at (and revealed_at) once; a second call keeps the first times. */
  markClosed(quizId: string, closedAt: number): Promise<void>;
  markRevealed(quizId: string, revealedAt: number): Promise<void>;
  /** Sets ended_at once: the question is finished and does not come back after a restart. */
  markEnded(quizId: string, endedAt: number): Promise<void>;
  /** All or nothing, one transaction. A second answer of a user to a quiz is a ConflictError. */
  saveAnswers(answers: readonly StoredLiveAnswer[]): Promise<void>;
  quizzesOfLesson(lessonId: string): Promise<StoredLiveQuiz[]>;
  answersOf(quizId: string): Promise<StoredLiveAnswer[]>;
  /** Per user with at least one answer in the lesson. */
  participationOf(lessonId: string): Promise<LiveQuizParticipation[]>;
  /** Answers of one user, every lesson (a student's data export). */
  answersOfUser(userId: string): Promise<StoredLiveAnswer[]>;
}
