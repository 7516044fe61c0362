/** The questions panel of a live lesson (R13): apart from chat, kept with the lesson. */

export interface LessonQuestion {
  id: string;
  lessonId: string;
  /** The asker's participant id in this lesson, and their account (empty for a guest). */
  authorId: string;
  authorUserId: string;
  authorName: string;
  /** Plain text (one paragraph), at most LESSON_QUESTION_LIMITS.textChars. */
  text: string;
  /** Only the teachers (and the asker) see it. */
  hiddenFromClassmates: boolean;
  /** Who upvoted, each once: account ids (a guest's participant id; rows of before may hold participant ids). */
  upvoters: string[];
  answeredAt: number | null;
  askedAt: number;
}

/** A question as one participant sees it on entering: whether they upvoted it is theirs to know. */
export type SeenQuestion = LessonQuestion & { upvotedByYou: boolean };

export const LESSON_QUESTION_LIMITS = {
  textChars: 500,
  /** Questions one participant may ask in one lesson. */
  perParticipant: 30,
  /** Questions of one lesson. */
  perLesson: 500,
} as const;

/** What the questions feature tells: one question, to those who may see it. */
export type QuestionsEvent = { type: 'questionChanged'; question: LessonQuestion };

export interface LessonQuestionStore {
  /** Inserts or replaces a question (its upvotes and answered time change). */
  save(question: LessonQuestion): Promise<void>;
  ofLesson(lessonId: string): Promise<LessonQuestion[]>;
}
