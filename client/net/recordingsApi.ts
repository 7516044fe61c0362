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

export type RecordingListJson = R.RecordingListJson;
export type RecordingViewJson = R.RecordingView;
export type MediaUrlJson = R.MediaUrlJson;

export function parseRecordingList(value: unknown): RecordingListJson {
  const v = value as Partial<RecordingListJson> | null;
  if (typeof v !== 'object' || v === null || typeof v.canManage !== 'boolean' || !Array.isArray(v.recordings)) throw new ApiShapeError('recordings: expected a list');
  return v as RecordingListJson;
}

export function parseMediaUrl(value: unknown): MediaUrlJson {
  const v = value as Partial<MediaUrlJson> | null;
  if (typeof v !== 'object' || v === null || typeof v.url !== 'string' || typeof v.downloadUrl !== 'string') throw new ApiShapeError('media: expected a url');
  return v as MediaUrlJson;
}

export function parseAny(value: unknown): unknown {
  return value;
}
