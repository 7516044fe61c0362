/** The live quiz's requests: who may do what is the domain's rule (teacher-only steps, students-only answers). */
import { LIVE_QUIZ } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { LiveQuizRequest } from './codec.js';

export const handlers: HandlerTable<LiveQuizRequest> = {
  startLiveQuiz: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(LIVE_QUIZ).launch(participantId, { source: req.source, durationSec: req.durationSec, targetGroupId: req.targetGroupId });
  },
  /** The Ack goes out once the answer is durable. */
  answerLiveQuiz: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(LIVE_QUIZ).answer(participantId, req.quizId, req.answer);
  },
  closeLiveQuiz: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(LIVE_QUIZ).close(participantId, req.quizId);
  },
  revealLiveQuiz: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(LIVE_QUIZ).reveal(participantId, req.quizId);
  },
  endLiveQuiz: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(LIVE_QUIZ).end(participantId, req.quizId);
  },
};
