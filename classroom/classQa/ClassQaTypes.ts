/**
 * Questions and answers of a class + subject, between lessons (R13): a student asks (rich text
 * with `$…$` math, an optional photo), classmates and the subject's teachers answer, a teacher
 * accepts one answer, hides what does not belong, locks a thread. Those involved are told
 * through stored notifications (unread counts), never through counters.
 */

export interface QaQuestion {
  id: string;
  schoolId: string;
  classId: string;
  subjectId: string;
  authorId: string;
  /** Sanitized rich text (classroom/assessment richText, no images: the photo is apart). */
  body: string;
  /** Blob key of the photo (area "qa"), null without one. Never sent to a browser. */
  photoKey: string | null;
  /** image/jpeg, image/png, image/webp: read from the bytes. */
  photoType: string | null;
  createdAt: number;
  /** The answer the teacher accepted, null when none. */
  acceptedAnswerId: string | null;
  /**
   * When a teacher of the class + subject first answered or accepted an answer, and who: the
   * event the school's statistics count as "question answered". Set once, never cleared.
   */
  answeredAt: number | null;
  answeredBy: string | null;
  hiddenAt: number | null;
  hiddenBy: string | null;
  lockedAt: number | null;
  lockedBy: string | null;
}

export interface QaAnswer {
  id: string;
  questionId: string;
  authorId: string;
  body: string;
  createdAt: number;
  hiddenAt: number | null;
  hiddenBy: string | null;
}

/** A question in a list: with its number of visible answers and the time of the last one. */
export interface QaQuestionSummary {
  question: QaQuestion;
  answers: number;
  lastAnswerAt: number | null;
}

/** asked: a new question (to the subject's teachers); answered: a new answer; accepted: the teacher accepted an answer. */
export type QaNotificationKind = 'asked' | 'answered' | 'accepted';

/** Notifications were stored for these people about one question (ClassQa `notified`). */
export interface QaNotified {
  userIds: string[];
  questionId: string;
  kind: QaNotificationKind;
}

export interface QaNotification {
  userId: string;
  questionId: string;
  kind: QaNotificationKind;
  /** Who did it. */
  actorId: string;
  at: number;
  readAt: number | null;
}

export const QA_LIMITS = {
  /** Characters of a question or an answer, as typed (before sanitizing). */
  bodyChars: 4_000,
  /** A photo after the browser's downscale (1600 px, JPEG ~0.8) is 200–600 KB. */
  photoBytes: 1_500_000,
  /** Questions listed at once (newest first). */
  listSize: 200,
  /** Answers of one thread. */
  answersPerQuestion: 200,
  /** Questions one student may ask per day. */
  questionsPerDay: 30,
  /** A photo may be added to one's question this long after asking it. */
  photoWindowMs: 15 * 60_000,
  /** Notifications listed. */
  notifications: 50,
} as const;

export interface QaListFilter {
  /** Include questions hidden by a teacher (moderators only). */
  includeHidden: boolean;
  limit: number;
}

export interface ClassQaStore {
  addQuestion(q: QaQuestion): Promise<void>;
  getQuestion(id: string): Promise<QaQuestion | undefined>;
  /** Newest first, with the number of visible answers. */
  questionsOf(classId: string, subjectId: string, filter: QaListFilter): Promise<QaQuestionSummary[]>;
  /** Questions a student asked since `since` (the daily limit). */
  countAskedSince(authorId: string, since: number): Promise<number>;
  setPhoto(questionId: string, key: string, type: string): Promise<void>;
  addAnswer(a: QaAnswer): Promise<void>;
  getAnswer(id: string): Promise<QaAnswer | undefined>;
  /** Oldest first, hidden ones included (the caller decides who sees them). */
  answersOf(questionId: string): Promise<QaAnswer[]>;
  /** Accepts an answer (null: none). */
  setAccepted(questionId: string, answerId: string | null): Promise<void>;
  /** Records the first teacher answer; a later call changes nothing. */
  markAnswered(questionId: string, at: number, by: string): Promise<void>;
  setQuestionHidden(questionId: string, hidden: { at: number; by: string } | null): Promise<void>;
  setAnswerHidden(answerId: string, hidden: { at: number; by: string } | null): Promise<void>;
  setLocked(questionId: string, locked: { at: number; by: string } | null): Promise<void>;
  /** Adds notifications (one per user; the actor is never told of their own act). */
  notify(rows: readonly QaNotification[]): Promise<void>;
  unreadCount(userId: string): Promise<number>;
  /** Newest first. */
  notificationsOf(userId: string, limit: number): Promise<QaNotification[]>;
  /** Marks a user's notifications of one thread read. */
  markRead(userId: string, questionId: string, at: number): Promise<void>;
}
