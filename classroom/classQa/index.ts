/** Questions and answers of a class + subject between lessons (R13). */
export type * from './ClassQaTypes.js';
export { QA_LIMITS } from './ClassQaTypes.js';
export { ClassQa, type QaListing, type QaNotificationView, type QaPlace, type QaThread } from './ClassQa.js';
export type { QaAnswerView, QaQuestionView } from './views.js';
export { SqlClassQaStore } from './SqlClassQaStore.js';
