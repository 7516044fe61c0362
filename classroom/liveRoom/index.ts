/** The live lesson: one in-memory room per lesson running now. */
export type * from './LiveRoomTypes.js';
export type * from './FeatureTypes.js';
export { EVERYONE, TEACHERS, FeatureKey, liveFeature, toParticipant, toRoom } from './FeatureTypes.js';
export { LessonRoom } from './LessonRoom.js';
export type { JoinOptions } from './presence.js';
export { qualityFrom } from './interaction.js';
export { LIMITS as LESSON_LIMITS, cleanText } from './rules.js';
export { InMemoryLessonCatalog, type LessonCatalog, type CatalogLesson } from './LessonCatalog.js';
export type * from './RoomDecisionTypes.js';
export { NO_DECISIONS } from './RoomDecisionTypes.js';
export { SqlRoomDecisionStore } from './SqlRoomDecisionStore.js';
export type * from './LessonStateTypes.js';
export { KEEP_AFTER_END_MS, NOTHING_KEPT, chatSlot } from './LessonStateTypes.js';
