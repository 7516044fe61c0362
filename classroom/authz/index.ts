/** Who may do what: pure rules over an Actor and a resource reference (R21). */
export type * from './AuthzTypes.js';
export { can, assertCan, ACTIONS } from './policy.js';
export { actorOfUser, loadActor, lessonRef, materialRef, NO_DUTIES, ownSchool, questionRef, studentRef, subjectRef } from './loadActor.js';
