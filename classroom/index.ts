/** classroom: the domain (live lessons, school structure, accounts, attendance, assessment) and its storage. */
export * from './liveRoom/index.js';
export * from './hands/index.js';
export * from './reactions/index.js';
export * from './breakout/index.js';
export * from './store/index.js';
export * from './school/index.js';
export * from './accounts/index.js';
export * from './authz/index.js';
export * from './roster/index.js';
export * from './timetable/index.js';
export * from './attendance/index.js';
export * from './privacy/index.js';
export * from './assessment/index.js';
export * from './questionBank/index.js';
export * from './exams/index.js';
