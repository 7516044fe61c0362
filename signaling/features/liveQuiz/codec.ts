/** The live quiz on the wire (proto/classroom/v1/live_quiz.proto), both ways. */
import {
  LIVE_QUIZ,
  LIVE_QUIZ_LIMITS as Q,
  WHOLE_LESSON,
  type AnsweredEntry,
  type Answer,
  type GradeOutcome,
  type LaunchInput,
  type LiveQuizView,
  type QuizTally,
  type RevealView,
  type TeacherQuizView,
} from '../../../classroom/index.js';
import { ValidationError } from '../../../platform/index.js';
import { WIRE_LIMITS as W } from '../../codec/limits.js';
import { list, text, uint, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';
import {
  answerFromProto,
  answerToProto,
  entryToProto,
  groupTallyToProto,
  isTeacherView,
  keyToProto,
  outcomes,
  quizId,
  studentQuizToProto,
  tallyToProto,
  teacherQuizToProto,
} from './wireMappings.js';

export type LiveQuizRequest =
  | ({ type: 'startLiveQuiz' } & LaunchInput)
  | { type: 'answerLiveQuiz'; quizId: string; answer: Answer }
  | { type: 'closeLiveQuiz'; quizId: string }
  | { type: 'revealLiveQuiz'; quizId: string }
  | { type: 'endLiveQuiz'; quizId: string };

type GroupTally = { groupId: string; tally: QuizTally };

export type LiveQuizBody =
  | { type: 'liveQuizOpened'; quiz: LiveQuizView }
  | { type: 'liveQuizTeacherView'; quiz: TeacherQuizView }
  | { type: 'liveQuizTally'; quizId: string; tally: QuizTally; byGroup: GroupTally[]; newAnswers: AnsweredEntry[] }
  | { type: 'liveQuizClosed'; quizId: string; closedAtMs: number }
  | { type: 'liveQuizRevealed'; quizId: string; reveal: RevealView }
  | { type: 'liveQuizMyResult'; quizId: string; outcome: GradeOutcome | 'poll' }
  | { type: 'liveQuizEnded'; quizId: string };

export const decoders: DecoderTable<LiveQuizRequest> = {
  startLiveQuiz: (m) => {
    const r = m.startLiveQuiz;
    const durationSec = Math.min(uint(r?.durationSec), Q.maxSeconds + 1);
    const targetGroupId = text(r?.targetGroupId, 'target_group_id', W.idChars) || WHOLE_LESSON;
    if (r?.bank) {
      return { type: 'startLiveQuiz', source: { kind: 'bank', questionId: text(r.bank.questionId, 'bank.question_id', W.idChars), version: uint(r.bank.version) }, durationSec, targetGroupId };
    }
    if (r?.poll) {
      // Oversized polls stop here, before the domain (which checks them again after cleaning).
      const options = list(r.poll.options, 'poll.options', Q.pollMaxOptions).map((o) => text(o, 'poll.options', Q.pollOptionChars));
      return { type: 'startLiveQuiz', source: { kind: 'poll', text: text(r.poll.text, 'poll.text', Q.pollQuestionChars), options }, durationSec, targetGroupId };
    }
    throw new ValidationError('Give a bank question or a poll');
  },
  answerLiveQuiz: (m) => ({ type: 'answerLiveQuiz', quizId: quizId(m.answerLiveQuiz?.quizId), answer: answerFromProto(m.answerLiveQuiz?.answer) }),
  closeLiveQuiz: (m) => ({ type: 'closeLiveQuiz', quizId: quizId(m.closeLiveQuiz?.quizId) }),
  revealLiveQuiz: (m) => ({ type: 'revealLiveQuiz', quizId: quizId(m.revealLiveQuiz?.quizId) }),
  endLiveQuiz: (m) => ({ type: 'endLiveQuiz', quizId: quizId(m.endLiveQuiz?.quizId) }),
};

export const encoders: EncoderTable<LiveQuizBody> = {
  liveQuizOpened: (b) => ({ liveQuizOpened: { quiz: studentQuizToProto(b.quiz) } }),
  liveQuizTeacherView: (b) => ({ liveQuizTeacherView: { quiz: teacherQuizToProto(b.quiz) } }),
  liveQuizTally: (b) => ({
    liveQuizTally: { quizId: b.quizId, tally: tallyToProto(b.tally), byGroup: b.byGroup.map(groupTallyToProto), newAnswers: b.newAnswers.map(entryToProto) },
  }),
  liveQuizClosed: (b) => ({ liveQuizClosed: { quizId: b.quizId, closedAtMs: b.closedAtMs } }),
  liveQuizRevealed: (b) => ({ liveQuizRevealed: { quizId: b.quizId, reveal: { key: keyToProto(b.reveal.key), tally: tallyToProto(b.reveal.tally) } } }),
  liveQuizMyResult: (b) => ({ liveQuizMyResult: { quizId: b.quizId, outcome: outcomes.toWire(b.outcome) } }),
  liveQuizEnded: (b) => ({ liveQuizEnded: { quizId: b.quizId } }),
};

/** LessonSnapshot.live_quiz: the current quiz as this participant may see it (absent when none). */
export const snapshot: SnapshotPart = (s) => {
  const part = LIVE_QUIZ.snapshotIn(s);
  if (!part?.quiz) return {};
  const quiz = isTeacherView(part.quiz) ? teacherQuizToProto(part.quiz) : studentQuizToProto(part.quiz);
  const reveal = part.reveal
    ? { key: keyToProto(part.reveal.key), tally: tallyToProto(part.reveal.tally), myOutcome: part.reveal.myOutcome ? outcomes.toWire(part.reveal.myOutcome) : 0 }
    : null;
  return { liveQuiz: { quiz, myAnswer: part.myAnswer ? answerToProto(part.myAnswer) : null, reveal } };
};
