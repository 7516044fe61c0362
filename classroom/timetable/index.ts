/** Scheduled lessons and timetables (R19). Not the live room: that is ../liveRoom/. */
export type { Lesson, LessonStatus, LessonView, LessonStore, TimeRange } from './LessonTypes.js';
export { lessonStatus, lessonView } from './LessonTypes.js';
export type * from './LessonServiceTypes.js';
export { LessonService } from './LessonService.js';
export { localToEpochMs, formatLocal, VIETNAM_UTC_OFFSET_MINUTES } from './localTime.js';
export { StoredLessonCatalog } from './StoredLessonCatalog.js';
export { SqlLessonStore } from './SqlLessonStore.js';
