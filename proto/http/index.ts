/**
 * The HTTP shapes: ONE zod/mini schema per request and response body of each area, shared by
 * the server's routes and the client's pages (coordination: a new route defines its shapes in
 * proto/http/<area>.ts and lists it here). A surface apart from proto/index.ts so that the
 * students' entry chunk, which imports proto/index.ts, never carries zod or these shapes.
 */
export * as assessmentHttp from './assessment.js';
export * as assignmentsHttp from './assignments.js';
export * as gradebookHttp from './gradebook.js';
export * as examsHttp from './exams.js';
export * as statisticsHttp from './statistics.js';
export * as materialsHttp from './materials.js';
export * as parentsHttp from './parents.js';
export * as recordingsHttp from './recordings.js';
export * as archiveHttp from './archive.js';
export * as classQaHttp from './classQa.js';
export * as playbackHttp from './playback.js';
