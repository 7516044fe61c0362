/**
 * HTTP shapes of the questions and answers of a class + subject between lessons (R13): ONE
 * zod/mini schema per body, imported by the server (signaling/http/api/classQaRoutes.ts) and the
 * client (client/net/classQaApi.ts). Texts are rich text with `$…$` math, sanitized by the server.
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const time = z.number();

/** As typed; the server sanitizes it and refuses what is empty afterwards. Mirrors QA_LIMITS.bodyChars. */
export const QA_BODY_MAX = 4_000;
/** The largest photo the server accepts (the browser downscales to QA_PHOTO_EDGE px first). */
export const QA_PHOTO_MAX_BYTES = 1_500_000;
export const QA_PHOTO_EDGE = 1600;

const body = z.string().check(z.minLength(1), z.maxLength(QA_BODY_MAX));

/** POST /api/classes/:classId/subjects/:subjectId/questions; POST /api/qa/questions/:questionId/answers */
export const postBody = z.strictObject({ body });
export type PostBody = z.infer<typeof postBody>;

/** POST /api/qa/questions/:questionId/accept (answerId null: no accepted answer). */
export const acceptBody = z.strictObject({ answerId: z.nullable(id) });
export type AcceptBody = z.infer<typeof acceptBody>;

/** POST /api/qa/questions/:questionId/moderate */
export const moderateQuestionBody = z.strictObject({ hidden: z.optional(z.boolean()), locked: z.optional(z.boolean()) });
export type ModerateQuestionBody = z.infer<typeof moderateQuestionBody>;

/** POST /api/qa/answers/:answerId/moderate */
export const moderateAnswerBody = z.strictObject({ hidden: z.boolean() });
export type ModerateAnswerBody = z.infer<typeof moderateAnswerBody>;

export const question = z.object({
  id,
  classId: id,
  subjectId: id,
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  hasPhoto: z.boolean(),
  createdAt: time,
  answers: z.number(),
  lastAnswerAt: z.nullable(time),
  acceptedAnswerId: z.nullable(z.string()),
  answered: z.boolean(),
  hidden: z.boolean(),
  locked: z.boolean(),
});
export type QuestionDto = z.infer<typeof question>;

export const answer = z.object({
  id,
  authorId: z.string(),
  authorName: z.string(),
  byTeacher: z.boolean(),
  body: z.string(),
  createdAt: time,
  accepted: z.boolean(),
  hidden: z.boolean(),
});
export type AnswerDto = z.infer<typeof answer>;

/** GET /api/qa/places: the boards the caller may open. */
export const placesResponse = z.object({ places: z.array(z.object({ classId: id, className: z.string(), subjectId: id, subjectName: z.string() })) });
export type PlacesResponse = z.infer<typeof placesResponse>;
export type PlaceDto = PlacesResponse['places'][number];

/** GET /api/classes/:classId/subjects/:subjectId/questions */
export const listResponse = z.object({ questions: z.array(question), canAsk: z.boolean(), canModerate: z.boolean() });
export type ListResponse = z.infer<typeof listResponse>;

/** GET /api/qa/questions/:questionId (marks the caller's notifications of it read). */
export const threadResponse = z.object({ question, answers: z.array(answer), canAnswer: z.boolean(), canModerate: z.boolean() });
export type ThreadResponse = z.infer<typeof threadResponse>;

/** Answer of POST …/questions and POST …/photo. */
export const questionResponse = z.object({ question });
/** Answer of POST …/answers. */
export const answerResponse = z.object({ answer });

/** GET /api/qa/notifications */
export const notificationsResponse = z.object({
  unread: z.number(),
  items: z.array(
    z.object({ questionId: id, classId: id, subjectId: id, kind: z.enum(['asked', 'answered', 'accepted']), actorName: z.string(), excerpt: z.string(), at: time, read: z.boolean() }),
  ),
});
export type NotificationsResponse = z.infer<typeof notificationsResponse>;

/**
 * GET /api/qa/events: a text/event-stream of the caller's new notifications while the app is open.
 * Each `event: qa` carries this in `data` and nothing else: the page asks the authorized routes
 * again (the badge, the open thread), so a push never shows what a route would not.
 */
export const QA_EVENTS_PATH = '/api/qa/events';
export const qaEvent = z.object({ questionId: id, kind: z.enum(['asked', 'answered', 'accepted']) });
export type QaEvent = z.infer<typeof qaEvent>;
