/** Explicit two-way mappings between domain words and wire enum numbers; unknown values are refused. */
import type { ConnectionQuality, ConnectionStatus, LeaveReason, LessonRole, MediaSource } from '../../classroom/index.js';
import { ValidationError, type ErrorCode } from '../../platform/index.js';
import { classroom } from '../../proto/index.js';
import type { VideoLayerChoice } from './messages.js';

const v1 = classroom.v1;

export interface EnumMapping<D extends string> {
  toWire(value: D): number;
  /** Throws a ValidationError naming `field` for 0 (unspecified) and for numbers it does not know. */
  fromWire(value: number | null | undefined, field: string): D;
}

/** A two-way mapping; a slice maps its own enums with it (e.g. signaling/features/reactions). */
export function mapping<D extends string>(pairs: ReadonlyArray<readonly [D, number]>): EnumMapping<D> {
  const toWire = new Map<D, number>(pairs);
  const fromWire = new Map<number, D>(pairs.map(([d, n]) => [n, d]));
  return {
    toWire(value) {
      const n = toWire.get(value);
      if (n === undefined) throw new Error(`no wire value for ${value}`);
      return n;
    },
    fromWire(value, field) {
      const d = typeof value === 'number' ? fromWire.get(value) : undefined;
      if (d === undefined) throw new ValidationError(`${field}: unknown or missing value ${String(value ?? '')}`.trim());
      return d;
    },
  };
}

export const errorCodes = mapping<ErrorCode>([
  ['BAD_REQUEST', v1.ErrorCode.ERROR_CODE_BAD_REQUEST],
  ['UNAUTHENTICATED', v1.ErrorCode.ERROR_CODE_UNAUTHENTICATED],
  ['FORBIDDEN', v1.ErrorCode.ERROR_CODE_FORBIDDEN],
  ['NOT_FOUND', v1.ErrorCode.ERROR_CODE_NOT_FOUND],
  ['CONFLICT', v1.ErrorCode.ERROR_CODE_CONFLICT],
  ['TOO_LARGE', v1.ErrorCode.ERROR_CODE_TOO_LARGE],
  ['RATE_LIMITED', v1.ErrorCode.ERROR_CODE_RATE_LIMITED],
  ['UNSUPPORTED_VERSION', v1.ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION],
  ['NOT_JOINED', v1.ErrorCode.ERROR_CODE_NOT_JOINED],
  ['LESSON_ENDED', v1.ErrorCode.ERROR_CODE_LESSON_ENDED],
  ['LESSON_LOCKED', v1.ErrorCode.ERROR_CODE_LESSON_LOCKED],
  ['MEDIA', v1.ErrorCode.ERROR_CODE_MEDIA],
  ['UNAVAILABLE', v1.ErrorCode.ERROR_CODE_UNAVAILABLE],
  ['INTERNAL', v1.ErrorCode.ERROR_CODE_INTERNAL],
]);

export const roles = mapping<LessonRole>([
  ['teacher', v1.Role.ROLE_TEACHER],
  ['student', v1.Role.ROLE_STUDENT],
]);

export const connectionStates = mapping<ConnectionStatus>([
  ['connected', v1.ConnectionState.CONNECTION_STATE_CONNECTED],
  ['reconnecting', v1.ConnectionState.CONNECTION_STATE_RECONNECTING],
]);

export const qualities = mapping<ConnectionQuality>([
  ['unknown', v1.ConnectionQuality.CONNECTION_QUALITY_UNSPECIFIED],
  ['good', v1.ConnectionQuality.CONNECTION_QUALITY_GOOD],
  ['fair', v1.ConnectionQuality.CONNECTION_QUALITY_FAIR],
  ['poor', v1.ConnectionQuality.CONNECTION_QUALITY_POOR],
]);

export const trackSources = mapping<MediaSource>([
  ['microphone', v1.TrackSource.TRACK_SOURCE_MICROPHONE],
  ['camera', v1.TrackSource.TRACK_SOURCE_CAMERA],
  ['screen', v1.TrackSource.TRACK_SOURCE_SCREEN],
]);

export const leaveReasons = mapping<LeaveReason>([
  ['left', v1.LeaveReason.LEAVE_REASON_LEFT],
  ['disconnected', v1.LeaveReason.LEAVE_REASON_DISCONNECTED],
  ['removed', v1.LeaveReason.LEAVE_REASON_REMOVED],
  ['lesson_ended', v1.LeaveReason.LEAVE_REASON_LESSON_ENDED],
]);

export const videoLayers = mapping<VideoLayerChoice>([
  ['high', v1.VideoLayer.VIDEO_LAYER_HIGH],
  ['medium', v1.VideoLayer.VIDEO_LAYER_MEDIUM],
  ['low', v1.VideoLayer.VIDEO_LAYER_LOW],
  ['off', v1.VideoLayer.VIDEO_LAYER_OFF],
]);

export const admissionStatuses = mapping<'admitted' | 'waiting'>([
  ['admitted', v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED],
  ['waiting', v1.AdmissionStatus.ADMISSION_STATUS_WAITING],
]);
