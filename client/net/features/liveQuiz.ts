import { classroom } from '../../../proto/index.js';
import { bool, enumCodec, list, num, required, requiredStr, str } from '../codecEnums.js';
import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';

import pb = classroom.v1;

/** The live quiz (R2, R8, R11) on the wire (proto/classroom/v1/live_quiz.proto), both ways. */

/** Short client words: the wire's enum names them; the HTTP shapes' strings stay out of the students' entry chunk. */
export type LiveKind = 'single' | 'multiple' | 'trueFalse' | 'numeric' | 'text';
export type LiveOutcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'pending' | 'poll';

export interface LiveItem {
  id: string;
  /** Rich text ($…$ math), sanitized by the server. */
  text: string;
}

export interface LiveQuestionBody {
  kind: LiveKind;
  stem: string;
  options: LiveItem[];
  statements: LiveItem[];
  unit: string;
}

/** What only teachers see before the reveal. */
export interface LiveKey {
  correct: string[];
  truths: Record<string, boolean>;
  numbers: Array<{ value: number; tolerance: number }>;
  accepted: string[];
  explanation: string;
}

export type LiveAnswer =
  | { kind: 'single'; choice: string }
  | { kind: 'multiple'; choices: string[] }
  | { kind: 'trueFalse'; values: Record<string, boolean> }
  | { kind: 'numeric' | 'text'; text: string };

export interface LiveTally {
  answered: number;
  correct: number;
  partial: number;
  incorrect: number;
  pending: number;
  /** Option id, "<statement id>:T"/":F", or correct/incorrect/pending → count. */
  buckets: Record<string, number>;
}

export interface LiveAnswered {
  participantId: string;
  userId: string;
  groupId: string;
  outcome: LiveOutcome;
  atMs: number;
}

export interface LiveGroupTally {
  groupId: string;
  tally: LiveTally;
}

export interface LiveQuizInfo {
  id: string;
  body: LiveQuestionBody;
  poll: boolean;
  /** "*" the whole lesson, else a breakout group. */
  targetGroupId: string;
  startedAtMs: number;
  /** Server clock. */
  closesAtMs: number;
  closedAtMs: number;
  revealedAtMs: number;
  /** Teachers only (null for students). */
  key: LiveKey | null;
  tally: LiveTally | null;
  byGroup: LiveGroupTally[];
  answers: LiveAnswered[];
}

export interface LiveReveal {
  key: LiveKey | null;
  tally: LiveTally;
  myOutcome: LiveOutcome | null;
}

export type LiveQuizSource = { kind: 'bank'; questionId: string; version: number } | { kind: 'poll'; text: string; options: string[] };

export type LiveQuizRequest =
  | { type: 'startLiveQuiz'; source: LiveQuizSource; durationSec: number; targetGroupId: string }
  | { type: 'answerLiveQuiz'; quizId: string; answer: LiveAnswer }
  | { type: 'closeLiveQuiz'; quizId: string }
  | { type: 'revealLiveQuiz'; quizId: string }
  | { type: 'endLiveQuiz'; quizId: string };

export type LiveQuizPush =
  | { type: 'liveQuizOpened'; quiz: LiveQuizInfo }
  | { type: 'liveQuizTeacherView'; quiz: LiveQuizInfo }
  | { type: 'liveQuizTally'; quizId: string; tally: LiveTally; byGroup: LiveGroupTally[]; newAnswers: LiveAnswered[] }
  | { type: 'liveQuizClosed'; quizId: string; closedAtMs: number }
  | { type: 'liveQuizRevealed'; quizId: string; key: LiveKey | null; tally: LiveTally }
  | { type: 'liveQuizMyResult'; quizId: string; outcome: LiveOutcome }
  | { type: 'liveQuizEnded'; quizId: string };

/** The feature's fields of LessonSnapshot. */
export interface LiveQuizSnapshot {
  liveQuiz: { quiz: LiveQuizInfo | null; myAnswer: LiveAnswer | null; reveal: LiveReveal | null };
}

const kinds = enumCodec('LiveQuestionKind', {
  single: pb.LiveQuestionKind.LIVE_QUESTION_KIND_SINGLE_CHOICE,
  multiple: pb.LiveQuestionKind.LIVE_QUESTION_KIND_MULTIPLE_CHOICE,
  trueFalse: pb.LiveQuestionKind.LIVE_QUESTION_KIND_TRUE_FALSE,
  numeric: pb.LiveQuestionKind.LIVE_QUESTION_KIND_NUMERIC,
  text: pb.LiveQuestionKind.LIVE_QUESTION_KIND_SHORT_TEXT,
} satisfies Record<LiveKind, pb.LiveQuestionKind>);

const outcomes = enumCodec('LiveAnswerOutcome', {
  correct: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_CORRECT,
  partial: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_PARTIAL,
  incorrect: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_INCORRECT,
  unanswered: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_UNANSWERED,
  pending: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_PENDING,
  poll: pb.LiveAnswerOutcome.LIVE_ANSWER_OUTCOME_POLL,
} satisfies Record<LiveOutcome, pb.LiveAnswerOutcome>);

const items = (xs: readonly pb.LiveQuizItem.$Properties[] | null | undefined): LiveItem[] => list(xs).map((x) => ({ id: requiredStr(x.id, 'item.id'), text: str(x.text) }));
const truths = (xs: readonly pb.LiveQuizTruth.$Properties[] | null | undefined): Record<string, boolean> =>
  Object.fromEntries(list(xs).map((x) => [requiredStr(x.statementId, 'statement_id'), bool(x.value)]));
const truthsToProto = (r: Record<string, boolean>) => Object.entries(r).map(([statementId, value]) => ({ statementId, value }));

function keyFromProto(p: pb.LiveQuestionKey.$Properties | null | undefined): LiveKey | null {
  if (!p) return null;
  return {
    correct: [...list(p.correct)],
    truths: truths(p.truths),
    numbers: list(p.numbers).map((n) => ({ value: n.value ?? 0, tolerance: n.tolerance ?? 0 })),
    accepted: [...list(p.accepted)],
    explanation: str(p.explanation),
  };
}

function keyToProto(k: LiveKey | null): pb.LiveQuestionKey.$Properties | null {
  return k ? { correct: k.correct, truths: truthsToProto(k.truths), numbers: k.numbers, accepted: k.accepted, explanation: k.explanation } : null;
}

function tallyFromProto(p: pb.LiveQuizTally.$Properties | null | undefined): LiveTally {
  return {
    answered: num(p?.answered),
    correct: num(p?.correct),
    partial: num(p?.partial),
    incorrect: num(p?.incorrect),
    pending: num(p?.pending),
    buckets: Object.fromEntries(list(p?.buckets).map((b) => [str(b.key), num(b.count)])),
  };
}

function tallyToProto(t: LiveTally): pb.LiveQuizTally.$Properties {
  const { buckets, ...counts } = t;
  return { ...counts, buckets: Object.entries(buckets).map(([key, count]) => ({ key, count })) };
}

const groupsFromProto = (xs: readonly pb.LiveGroupTally.$Properties[] | null | undefined): LiveGroupTally[] =>
  list(xs).map((g) => ({ groupId: str(g.groupId), tally: tallyFromProto(g.tally) }));

function answeredFromProto(p: pb.LiveAnsweredEntry.$Properties): LiveAnswered {
  return { participantId: str(p.participantId), userId: str(p.userId), groupId: str(p.groupId), outcome: outcomes.fromProto(p.outcome), atMs: num(p.atMs) };
}

const answeredToProto = (a: LiveAnswered): pb.LiveAnsweredEntry.$Properties => ({ ...a, outcome: outcomes.toProto(a.outcome) });

function quizFromProto(p: pb.LiveQuiz.$Properties): LiveQuizInfo {
  const b = required(p.body, 'liveQuiz.body');
  return {
    id: requiredStr(p.id, 'liveQuiz.id'),
    body: { kind: kinds.fromProto(b.kind), stem: str(b.stem), options: items(b.options), statements: items(b.statements), unit: str(b.unit) },
    poll: bool(p.poll),
    targetGroupId: str(p.targetGroupId),
    startedAtMs: num(p.startedAtMs),
    closesAtMs: num(p.closesAtMs),
    closedAtMs: num(p.closedAtMs),
    revealedAtMs: num(p.revealedAtMs),
    key: keyFromProto(p.key),
    tally: p.tally ? tallyFromProto(p.tally) : null,
    byGroup: groupsFromProto(p.byGroup),
    answers: list(p.answers).map(answeredFromProto),
  };
}

function quizToProto(q: LiveQuizInfo): pb.LiveQuiz.$Properties {
  return {
    ...q,
    body: { ...q.body, kind: kinds.toProto(q.body.kind) },
    key: keyToProto(q.key),
    tally: q.tally ? tallyToProto(q.tally) : null,
    byGroup: q.byGroup.map((g) => ({ groupId: g.groupId, tally: tallyToProto(g.tally) })),
    answers: q.answers.map(answeredToProto),
  };
}

function answerFromProto(p: pb.LiveAnswer.$Properties): LiveAnswer {
  const kind = kinds.fromProto(p.kind);
  switch (kind) {
    case 'single':
      return { kind, choice: str(p.choice) };
    case 'multiple':
      return { kind, choices: [...list(p.choices)] };
    case 'trueFalse':
      return { kind, values: truths(p.values) };
    default:
      return { kind, text: str(p.text) };
  }
}

function answerToProto(a: LiveAnswer): pb.LiveAnswer.$Properties {
  const kind = kinds.toProto(a.kind);
  if (a.kind === 'single') return { kind, choice: a.choice };
  if (a.kind === 'multiple') return { kind, choices: a.choices };
  if (a.kind === 'trueFalse') return { kind, values: truthsToProto(a.values) };
  return { kind, text: a.text };
}

export const liveQuizRequests: RequestEncoders<LiveQuizRequest> = {
  startLiveQuiz: (r) => ({
    startLiveQuiz: {
      ...(r.source.kind === 'bank' ? { bank: { questionId: r.source.questionId, version: r.source.version } } : { poll: { text: r.source.text, options: r.source.options } }),
      durationSec: r.durationSec,
      targetGroupId: r.targetGroupId,
    },
  }),
  answerLiveQuiz: (r) => ({ answerLiveQuiz: { quizId: r.quizId, answer: answerToProto(r.answer) } }),
  closeLiveQuiz: (r) => ({ closeLiveQuiz: { quizId: r.quizId } }),
  revealLiveQuiz: (r) => ({ revealLiveQuiz: { quizId: r.quizId } }),
  endLiveQuiz: (r) => ({ endLiveQuiz: { quizId: r.quizId } }),
};

export const liveQuizPushes: PushDecoders<LiveQuizPush> = {
  liveQuizOpened: (m) => ({ type: 'liveQuizOpened', quiz: quizFromProto(required(m.liveQuizOpened?.quiz, 'liveQuizOpened.quiz')) }),
  liveQuizTeacherView: (m) => ({ type: 'liveQuizTeacherView', quiz: quizFromProto(required(m.liveQuizTeacherView?.quiz, 'liveQuizTeacherView.quiz')) }),
  liveQuizTally: (m) => {
    const t = required(m.liveQuizTally, 'liveQuizTally');
    return { type: 'liveQuizTally', quizId: str(t.quizId), tally: tallyFromProto(t.tally), byGroup: groupsFromProto(t.byGroup), newAnswers: list(t.newAnswers).map(answeredFromProto) };
  },
  liveQuizClosed: (m) => ({ type: 'liveQuizClosed', quizId: str(m.liveQuizClosed?.quizId), closedAtMs: num(m.liveQuizClosed?.closedAtMs) }),
  liveQuizRevealed: (m) => {
    const r = required(m.liveQuizRevealed, 'liveQuizRevealed');
    return { type: 'liveQuizRevealed', quizId: str(r.quizId), key: keyFromProto(r.reveal?.key), tally: tallyFromProto(r.reveal?.tally) };
  },
  liveQuizMyResult: (m) => ({ type: 'liveQuizMyResult', quizId: str(m.liveQuizMyResult?.quizId), outcome: outcomes.fromProto(m.liveQuizMyResult?.outcome) }),
  liveQuizEnded: (m) => ({ type: 'liveQuizEnded', quizId: str(m.liveQuizEnded?.quizId) }),
};

export const liveQuizSnapshot: SnapshotDecoder<LiveQuizSnapshot> = (p) => {
  const s = p.liveQuiz;
  if (!s?.quiz) return { liveQuiz: { quiz: null, myAnswer: null, reveal: null } };
  const reveal = s.reveal
    ? { key: keyFromProto(s.reveal.key), tally: tallyFromProto(s.reveal.tally), myOutcome: s.reveal.myOutcome ? outcomes.fromProto(s.reveal.myOutcome) : null }
    : null;
  return { liveQuiz: { quiz: quizFromProto(s.quiz), myAnswer: s.myAnswer ? answerFromProto(s.myAnswer) : null, reveal } };
};

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const liveQuizMirror = {
  requests: {
    startLiveQuiz: (m) => {
      const r = m.startLiveQuiz;
      const source: LiveQuizSource = r?.bank
        ? { kind: 'bank', questionId: str(r.bank.questionId), version: num(r.bank.version) }
        : { kind: 'poll', text: str(r?.poll?.text), options: [...list(r?.poll?.options)] };
      return { type: 'startLiveQuiz', source, durationSec: num(r?.durationSec), targetGroupId: str(r?.targetGroupId) };
    },
    answerLiveQuiz: (m) => ({ type: 'answerLiveQuiz', quizId: str(m.answerLiveQuiz?.quizId), answer: answerFromProto(required(m.answerLiveQuiz?.answer, 'answer')) }),
    closeLiveQuiz: (m) => ({ type: 'closeLiveQuiz', quizId: str(m.closeLiveQuiz?.quizId) }),
    revealLiveQuiz: (m) => ({ type: 'revealLiveQuiz', quizId: str(m.revealLiveQuiz?.quizId) }),
    endLiveQuiz: (m) => ({ type: 'endLiveQuiz', quizId: str(m.endLiveQuiz?.quizId) }),
  } satisfies RequestDecoders<LiveQuizRequest>,
  pushes: {
    liveQuizOpened: (p) => ({ liveQuizOpened: { quiz: quizToProto(p.quiz) } }),
    liveQuizTeacherView: (p) => ({ liveQuizTeacherView: { quiz: quizToProto(p.quiz) } }),
    liveQuizTally: (p) => ({
      liveQuizTally: { quizId: p.quizId, tally: tallyToProto(p.tally), byGroup: p.byGroup.map((g) => ({ groupId: g.groupId, tally: tallyToProto(g.tally) })), newAnswers: p.newAnswers.map(answeredToProto) },
    }),
    liveQuizClosed: (p) => ({ liveQuizClosed: { quizId: p.quizId, closedAtMs: p.closedAtMs } }),
    liveQuizRevealed: (p) => ({ liveQuizRevealed: { quizId: p.quizId, reveal: { key: keyToProto(p.key), tally: tallyToProto(p.tally) } } }),
    liveQuizMyResult: (p) => ({ liveQuizMyResult: { quizId: p.quizId, outcome: outcomes.toProto(p.outcome) } }),
    liveQuizEnded: (p) => ({ liveQuizEnded: { quizId: p.quizId } }),
  } satisfies PushEncoders<LiveQuizPush>,
  snapshot: ((s) => {
    const q = s.liveQuiz;
    if (!q.quiz) return {};
    const reveal = q.reveal ? { key: keyToProto(q.reveal.key), tally: tallyToProto(q.reveal.tally), myOutcome: q.reveal.myOutcome ? outcomes.toProto(q.reveal.myOutcome) : 0 } : null;
    return { liveQuiz: { quiz: quizToProto(q.quiz), myAnswer: q.myAnswer ? answerToProto(q.myAnswer) : null, reveal } };
  }) satisfies SnapshotEncoder<LiveQuizSnapshot>,
};
