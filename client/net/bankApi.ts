/**
 * The question bank's HTTP shapes for the client: the server's own zod/mini schemas
 * (proto/http/assessment.ts), so a field the server renames fails here, loudly, as BAD_RESPONSE.
 * Only the teacher's bank page imports this module.
 */
import { assessmentHttp as schemas } from '../../proto/http/index.js';

export { schemas as bankSchemas };
export type AnswerKeyDto = schemas.AnswerKeyDto;
export type BankMetaResponse = schemas.BankMetaResponse;
export type BankQuestionDto = schemas.BankQuestionDto;
export type BankTagsDto = schemas.BankTagsDto;
export type CreateQuestionRequest = schemas.CreateQuestionRequest;
export type ImageResponse = schemas.ImageResponse;
export type ImportPreviewResponse = schemas.ImportPreviewResponse;
export type ImportResultResponse = schemas.ImportResultResponse;
export type QuestionBodyDto = schemas.QuestionBodyDto;
export type QuestionDto = schemas.QuestionDto;
export type QuestionListResponse = schemas.QuestionListResponse;
export type QuestionResponse = schemas.QuestionResponse;
export type SavedQuestionResponse = schemas.SavedQuestionResponse;
export type UpdateQuestionRequest = schemas.UpdateQuestionRequest;
export type VersionsResponse = schemas.VersionsResponse;

/** A parse function for ApiClient from a schema. */
export const parser =
  <T>(schema: { parse(value: unknown): T }) =>
  (value: unknown): T =>
    schema.parse(value);

export type QuestionKind = (typeof schemas.QUESTION_KINDS)[number];
export type CognitiveLevel = (typeof schemas.COGNITIVE_LEVELS)[number];
export type ImportFormat = (typeof schemas.IMPORT_FORMATS)[number];
export const QUESTION_KINDS = schemas.QUESTION_KINDS;
export const COGNITIVE_LEVELS = schemas.COGNITIVE_LEVELS;
