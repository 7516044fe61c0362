/**
 * The statistics HTTP shapes for the client: the server's own zod/mini schemas
 * (proto/http/statistics.ts). Only the statistics page imports this module.
 */
import { statisticsHttp as schemas } from '../../proto/http/index.js';

export type StatisticsResponse = schemas.StatisticsResponse;
export type StatisticsRowDto = schemas.StatisticsRowDto;
export type FiguresDto = schemas.FiguresDto;
export type GroupByDto = schemas.GroupByDto;
export const GROUP_BYS = schemas.groupBys;

export const parseStatistics = (value: unknown): StatisticsResponse => schemas.statisticsResponse.parse(value);
