import { bool, list, num, requiredStr, str } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';
import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/** The questions panel (R13) on the wire (proto/classroom/v1/questions.proto), both ways. */

export interface LessonQuestion {
  id: string;
  authorId: string;
  authorName: string;
  /** Plain text: shown as a text node, never as HTML. */
  text: string;
  hiddenFromClassmates: boolean;
  upvotes: number;
  answered: boolean;
  askedAtMs: number;
  /** Snapshot only: this person upvoted it before (a reload); pushes leave it false. */
  upvotedByYou: boolean;
}

export type QuestionsRequest =
  | { type: 'askQuestion'; text: string; hiddenFromClassmates: boolean }
  | { type: 'upvoteQuestion'; questionId: string }
  | { type: 'markQuestionAnswered'; questionId: string };

export type QuestionsPush = { type: 'questionUpdated'; question: LessonQuestion };

export interface QuestionsSnapshot {
  questions: LessonQuestion[];
}

function fromProto(p: pb.LessonQuestion.$Properties): LessonQuestion {
  return {
    id: requiredStr(p.id, 'question.id'),
    authorId: str(p.authorId),
    authorName: str(p.authorName),
    text: str(p.text),
    hiddenFromClassmates: bool(p.hiddenFromClassmates),
    upvotes: num(p.upvotes),
    answered: bool(p.answered),
    askedAtMs: num(p.askedAtMs),
    upvotedByYou: bool(p.upvotedByYou),
  };
}

const toProto = (q: LessonQuestion): pb.LessonQuestion.$Properties => ({ ...q });

export const questionsRequests: RequestEncoders<QuestionsRequest> = {
  askQuestion: (r) => ({ askQuestion: { text: r.text, hiddenFromClassmates: r.hiddenFromClassmates } }),
  upvoteQuestion: (r) => ({ upvoteQuestion: { questionId: r.questionId } }),
  markQuestionAnswered: (r) => ({ markQuestionAnswered: { questionId: r.questionId } }),
};

export const questionsPushes: PushDecoders<QuestionsPush> = {
  questionUpdated: (m) => ({ type: 'questionUpdated', question: fromProto(m.questionUpdated?.question ?? {}) }),
};

export const questionsSnapshot: SnapshotDecoder<QuestionsSnapshot> = (p) => ({ questions: list(p.questions?.questions).map(fromProto) });

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const questionsMirror = {
  requests: {
    askQuestion: (m) => ({ type: 'askQuestion', text: str(m.askQuestion?.text), hiddenFromClassmates: bool(m.askQuestion?.hiddenFromClassmates) }),
    upvoteQuestion: (m) => ({ type: 'upvoteQuestion', questionId: str(m.upvoteQuestion?.questionId) }),
    markQuestionAnswered: (m) => ({ type: 'markQuestionAnswered', questionId: str(m.markQuestionAnswered?.questionId) }),
  } satisfies RequestDecoders<QuestionsRequest>,
  pushes: {
    questionUpdated: (p) => ({ questionUpdated: { question: toProto(p.question) } }),
  } satisfies PushEncoders<QuestionsPush>,
  snapshot: ((s) => ({ questions: { questions: s.questions.map(toProto) } })) satisfies SnapshotEncoder<QuestionsSnapshot>,
};
