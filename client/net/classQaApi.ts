/**
 * The class Q&A HTTP shapes for the client: the server's own zod/mini schemas (proto/http/classQa.ts).
 * Only the Q&A page imports this module.
 */
import { classQaHttp as schemas } from '../../proto/http/index.js';

export type QuestionDto = schemas.QuestionDto;
export type AnswerDto = schemas.AnswerDto;
export type PlaceDto = schemas.PlaceDto;
export type ListResponse = schemas.ListResponse;
export type ThreadResponse = schemas.ThreadResponse;
export type NotificationsResponse = schemas.NotificationsResponse;
export const { QA_BODY_MAX, QA_PHOTO_MAX_BYTES, QA_PHOTO_EDGE } = schemas;

export const parsePlaces = (v: unknown): PlaceDto[] => schemas.placesResponse.parse(v).places;
export const parseList = (v: unknown): ListResponse => schemas.listResponse.parse(v);
export const parseThread = (v: unknown): ThreadResponse => schemas.threadResponse.parse(v);
export const parseQuestion = (v: unknown): QuestionDto => schemas.questionResponse.parse(v).question;
export const parseAnswer = (v: unknown): AnswerDto => schemas.answerResponse.parse(v).answer;
export const parseNotifications = (v: unknown): NotificationsResponse => schemas.notificationsResponse.parse(v);
/** Checked before sending, with the server's own rules for the shape. */
export const checkPost = (body: string): boolean => schemas.postBody.safeParse({ body }).success;
