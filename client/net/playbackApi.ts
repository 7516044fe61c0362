/**
 * The playback timeline's HTTP shape for the client: the server's own zod/mini schema
 * (proto/http/playback.ts). Only the playback page imports this module.
 */
import { playbackHttp as schemas } from '../../proto/http/index.js';

export type TimelineJson = schemas.TimelineJson;
export type TimelineItemJson = schemas.TimelineItemJson;
export type TimelineKindJson = schemas.TimelineKindJson;

export const parseTimeline = (v: unknown): TimelineJson => schemas.timeline.parse(v);
