/** The questions panel on the wire (proto/classroom/v1/questions.proto), both ways. */
import { LESSON_QUESTION_LIMITS, QUESTIONS, type LessonQuestion } from '../../../classroom/index.js';
import type { classroom } from '../../../proto/index.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import { text, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

export type QuestionsRequest =
  | { type: 'askQuestion'; text: string; hiddenFromClassmates: boolean }
  | { type: 'upvoteQuestion'; questionId: string }
  | { type: 'markQuestionAnswered'; questionId: string };
export type QuestionsBody = { type: 'questionUpdated'; question: LessonQuestion };

/** Upvoters' ids never leave the server: only their number, and to each person whether they upvoted (snapshot). */
export const questionToProto = (q: LessonQuestion & { upvotedByYou?: boolean }): classroom.v1.LessonQuestion.$Properties => ({
  id: q.id,
  authorId: q.authorId,
  authorName: q.authorName,
  text: q.text,
  hiddenFromClassmates: q.hiddenFromClassmates,
  upvotes: q.upvoters.length,
  answered: q.answeredAt !== null,
  askedAtMs: q.askedAt,
  upvotedByYou: q.upvotedByYou === true,
});

// Bytes on the wire may be 4 per character: the domain checks characters after cleaning.
const TEXT_BYTES = LESSON_QUESTION_LIMITS.textChars * 4;

export const decoders: DecoderTable<QuestionsRequest> = {
  askQuestion: (m) => ({ type: 'askQuestion', text: text(m.askQuestion?.text, 'text', TEXT_BYTES), hiddenFromClassmates: m.askQuestion?.hiddenFromClassmates === true }),
  upvoteQuestion: (m) => ({ type: 'upvoteQuestion', questionId: text(m.upvoteQuestion?.questionId, 'question_id', L.idChars) }),
  markQuestionAnswered: (m) => ({ type: 'markQuestionAnswered', questionId: text(m.markQuestionAnswered?.questionId, 'question_id', L.idChars) }),
};

export const encoders: EncoderTable<QuestionsBody> = {
  questionUpdated: (b) => ({ questionUpdated: { question: questionToProto(b.question) } }),
};

/** LessonSnapshot.questions: the panel as this participant may see it. */
export const snapshot: SnapshotPart = (s) => ({ questions: { questions: (QUESTIONS.snapshotIn(s) ?? []).map(questionToProto) } });
