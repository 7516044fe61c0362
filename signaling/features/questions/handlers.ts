/** Ask, upvote, mark answered: who may do what is the domain's rule (the teacher marks answered). */
import { QUESTIONS } from '../../../classroom/index.js';
import { joined, type HandlerTable } from '../context.js';
import type { QuestionsRequest } from './codec.js';

export const handlers: HandlerTable<QuestionsRequest> = {
  askQuestion: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(QUESTIONS).ask(participantId, { text: req.text, hiddenFromClassmates: req.hiddenFromClassmates });
  },
  upvoteQuestion: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(QUESTIONS).upvote(participantId, req.questionId);
  },
  markQuestionAnswered: async (session, req, deps) => {
    const { hub, participantId } = joined(session, deps);
    await hub.room.feature(QUESTIONS).markAnswered(participantId, req.questionId);
  },
};
