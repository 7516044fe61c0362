/**
 * Parsers of the recordings answers (proto/http/recordings.ts: the types are the server's). The
 * top level of each answer is checked here; the schemas stay on the server (students' bundle).
 */
import type { recordingsHttp as R } from '../../proto/http/index.js';
import { ApiShapeError } from './apiParse.js';

export type RecordingStatusJson = R.RecordingStatusJson;

export function parseRecordingStatus(value: unknown): RecordingStatusJson {
  if (typeof value !== 'object' || value === null || typeof (value as { recording?: unknown }).recording !== 'boolean') throw new ApiShapeError('recording: expected boolean');
  return value as RecordingStatusJson;
}
