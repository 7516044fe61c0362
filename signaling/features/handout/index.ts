/** Materials handed out in the live lesson (R1): the signaling slice of LiveHandout (classroom/materials). */
import { actorOfUser, handoutFeature, type LiveFeatureFactory } from '../../../classroom/index.js';
import { NotAuthorizedError, NotFoundError } from '../../../platform/index.js';
import type { Services } from '../../services.js';

export type { HandoutEvent as Event } from '../../../classroom/index.js';
export type { HandoutBody as Body, HandoutRequest as Request } from './codec.js';
export { decoders, encoders, snapshot } from './codec.js';
export { handlers } from './handlers.js';
export { pushes } from './pushes.js';

/**
 * Made once per server. The teacher's own rights apply: their account must be a teacher of the
 * lesson's class and of the material's subject, and the material approved (a guest teacher's
 * join link has no account, hence no library).
 */
export function feature(services: Services): LiveFeatureFactory {
  return handoutFeature({
    handOut: async (teacherUserId, lessonId, materialId) => {
      const actor = await actorOfUser(services.storage.accounts, services.storage.schools, teacherUserId);
      if (!actor) throw new NotAuthorizedError('Sign in to hand out materials', { details: { reason: 'no_library' } });
      const lesson = await services.storage.lessons.get(lessonId);
      if (!lesson) throw new NotFoundError('No such lesson');
      await services.materialAccess.share(actor, materialId, lesson.classId, lesson.id);
      const { version } = await services.materialAccess.approvedVersion(actor, materialId);
      const file = version.uploadId ? await services.storage.uploads.get(version.uploadId) : undefined;
      return { materialId, title: version.title, kind: version.kind, mediaType: file?.mediaType ?? '' };
    },
  });
}
