/**
 * The quiz and exam HTTP shapes for the client: the server's own zod/mini schemas
 * (proto/http/exams.ts). Only the exam pages import this module.
 */
import { examsHttp as schemas } from '../../proto/http/index.js';

export { schemas as examSchemas };
export type Answer = schemas.Answer;
export type AttemptViewDto = schemas.AttemptViewDto;
export type MyExamsResponse = schemas.MyExamsResponse;
export type ExamListResponse = schemas.ExamListResponse;
export type ExamSummary = schemas.ExamSummary;
export type ProctorResponse = schemas.ProctorResponse;
export type ExamEventDto = schemas.ExamEventDto;
export type ReviewResponse = schemas.ReviewResponse;
export type CreateExamRequest = schemas.CreateExamRequest;
export type StatisticsResponse = schemas.StatisticsResponse;
export type ExamResultsResponse = schemas.ExamResultsResponse;
export type RegradeRecord = schemas.RegradeRecord;
export type TrailResponse = schemas.TrailResponse;
export type ClientEventKind = (typeof schemas.CLIENT_EVENT_KINDS)[number];

export const parse =
  <T>(schema: { parse(value: unknown): T }) =>
  (value: unknown): T =>
    schema.parse(value);
