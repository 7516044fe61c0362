/** The live quiz's way into the question bank: the teacher's own read rights apply (QuestionBank). */
import { actorOfUser, type LiveQuestionSourcePort } from '../../../classroom/index.js';
import { NotAuthorizedError } from '../../../platform/index.js';
import type { Services } from '../../services.js';

export function bankQuestionSource(services: Pick<Services, 'storage' | 'questionBank'>): LiveQuestionSourcePort {
  return {
    bankQuestion: async (userId, questionId, version) => {
      const actor = await actorOfUser(services.storage.accounts, services.storage.schools, userId);
      // A guest teacher (join link, no account) may still run polls, but has no bank.
      if (!actor) throw new NotAuthorizedError('Sign in to use the question bank', { details: { reason: 'no_bank' } });
      if (version > 0) {
        const v = await services.questionBank.version(actor, questionId, version);
        return { ref: { questionId, version: v.version }, body: v.question.body, key: v.question.key };
      }
      const q = await services.questionBank.get(actor, questionId);
      return { ref: { questionId: q.id, version: q.version }, body: q.question.body, key: q.question.key };
    },
  };
}
