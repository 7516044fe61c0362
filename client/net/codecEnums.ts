import { classroom } from '../../proto/index.js';
import type {
  AdmissionStatus,
  ConnectionQuality,
  ConnectionState,
  ErrorCode,
  LeaveReason,
  Role,
  TrackSource,
  VideoLayer,
} from './types.js';

import pb = classroom.v1;

/** A frame or field the client cannot accept: unknown enum value, missing body, bad shape. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  /** The frame's request id when it could be read, so that the waiting request fails at once. */
  requestId = 0;
}

/**
 * One explicit, exhaustive table per enum (the `satisfies Record<Domain, Proto>` makes the
 * compiler reject a table that forgets a domain value). Reading a number that is not in the
 * table throws: an unknown value means a newer server, and guessing would show wrong state.
 * `UNSPECIFIED` (0) is absent from every table where the field must carry a meaning, so it is
 * rejected too; only ConnectionQuality maps it, because the proto documents it ("not reported
 * yet").
 */
export function enumCodec<D extends string, P extends number>(name: string, table: Record<D, P>) {
  const fromProto = new Map<number, D>();
  for (const [domain, proto] of Object.entries(table) as Array<[D, P]>) fromProto.set(proto, domain);
  return {
    toProto(value: D): P {
      const proto = table[value];
      if (proto === undefined) throw new CodecError(`unknown ${name} '${String(value)}'`);
      return proto;
    },
    fromProto(value: number | null | undefined): D {
      const domain = fromProto.get(value ?? 0);
      if (domain === undefined) throw new CodecError(`unknown ${name} value ${String(value ?? 0)}`);
      return domain;
    },
  };
}

const role = enumCodec('Role', {
  teacher: pb.Role.ROLE_TEACHER,
  student: pb.Role.ROLE_STUDENT,
} satisfies Record<Role, pb.Role>);
export const roleToProto = role.toProto;
export const roleFromProto = role.fromProto;

const connection = enumCodec('ConnectionState', {
  connected: pb.ConnectionState.CONNECTION_STATE_CONNECTED,
  reconnecting: pb.ConnectionState.CONNECTION_STATE_RECONNECTING,
} satisfies Record<ConnectionState, pb.ConnectionState>);
export const connectionStateToProto = connection.toProto;
export const connectionStateFromProto = connection.fromProto;

const quality = enumCodec('ConnectionQuality', {
  unknown: pb.ConnectionQuality.CONNECTION_QUALITY_UNSPECIFIED,
  good: pb.ConnectionQuality.CONNECTION_QUALITY_GOOD,
  fair: pb.ConnectionQuality.CONNECTION_QUALITY_FAIR,
  poor: pb.ConnectionQuality.CONNECTION_QUALITY_POOR,
} satisfies Record<ConnectionQuality, pb.ConnectionQuality>);
export const connectionQualityToProto = quality.toProto;
export const connectionQualityFromProto = quality.fromProto;

const source = enumCodec('TrackSource', {
  microphone: pb.TrackSource.TRACK_SOURCE_MICROPHONE,
  camera: pb.TrackSource.TRACK_SOURCE_CAMERA,
  screen: pb.TrackSource.TRACK_SOURCE_SCREEN,
} satisfies Record<TrackSource, pb.TrackSource>);
export const trackSourceToProto = source.toProto;
export const trackSourceFromProto = source.fromProto;

const layer = enumCodec('VideoLayer', {
  high: pb.VideoLayer.VIDEO_LAYER_HIGH,
  medium: pb.VideoLayer.VIDEO_LAYER_MEDIUM,
  low: pb.VideoLayer.VIDEO_LAYER_LOW,
  off: pb.VideoLayer.VIDEO_LAYER_OFF,
} satisfies Record<VideoLayer, pb.VideoLayer>);
export const videoLayerToProto = layer.toProto;
export const videoLayerFromProto = layer.fromProto;

const admission = enumCodec('AdmissionStatus', {
  admitted: pb.AdmissionStatus.ADMISSION_STATUS_ADMITTED,
  waiting: pb.AdmissionStatus.ADMISSION_STATUS_WAITING,
} satisfies Record<AdmissionStatus, pb.AdmissionStatus>);
export const admissionToProto = admission.toProto;
export const admissionFromProto = admission.fromProto;

const leaveReason = enumCodec('LeaveReason', {
  left: pb.LeaveReason.LEAVE_REASON_LEFT,
  disconnected: pb.LeaveReason.LEAVE_REASON_DISCONNECTED,
  removed: pb.LeaveReason.LEAVE_REASON_REMOVED,
  'lesson-ended': pb.LeaveReason.LEAVE_REASON_LESSON_ENDED,
} satisfies Record<LeaveReason, pb.LeaveReason>);
export const leaveReasonToProto = leaveReason.toProto;
export const leaveReasonFromProto = leaveReason.fromProto;

const errorCode = enumCodec('ErrorCode', {
  BAD_REQUEST: pb.ErrorCode.ERROR_CODE_BAD_REQUEST,
  UNAUTHENTICATED: pb.ErrorCode.ERROR_CODE_UNAUTHENTICATED,
  FORBIDDEN: pb.ErrorCode.ERROR_CODE_FORBIDDEN,
  NOT_FOUND: pb.ErrorCode.ERROR_CODE_NOT_FOUND,
  CONFLICT: pb.ErrorCode.ERROR_CODE_CONFLICT,
  TOO_LARGE: pb.ErrorCode.ERROR_CODE_TOO_LARGE,
  RATE_LIMITED: pb.ErrorCode.ERROR_CODE_RATE_LIMITED,
  UNSUPPORTED_VERSION: pb.ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
  NOT_JOINED: pb.ErrorCode.ERROR_CODE_NOT_JOINED,
  LESSON_ENDED: pb.ErrorCode.ERROR_CODE_LESSON_ENDED,
  LESSON_LOCKED: pb.ErrorCode.ERROR_CODE_LESSON_LOCKED,
  MEDIA: pb.ErrorCode.ERROR_CODE_MEDIA,
  UNAVAILABLE: pb.ErrorCode.ERROR_CODE_UNAVAILABLE,
  INTERNAL: pb.ErrorCode.ERROR_CODE_INTERNAL,
} satisfies Record<ErrorCode, pb.ErrorCode>);
export const errorCodeToProto = errorCode.toProto;
export const errorCodeFromProto = errorCode.fromProto;

// ---------------------------------------------------------------------------------------------
// Scalars: protobufjs gives `null`/`undefined` for absent fields in the `$Properties` view and
// may hand us a Long for 64-bit fields if generation flags ever change; normalise both here.

export function str(value: string | null | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** A string that must be present: ids, SDPs. */
export function requiredStr(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CodecError(`missing ${field}`);
  return value;
}

export function num(value: number | { toNumber(): number } | null | undefined): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof value.toNumber === 'function') return value.toNumber();
  return 0;
}

/** A count or duration as a uint32 field: negative or not a number is 0, more is the maximum. */
export function clampUint32(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.round(value), 0xffff_ffff);
}

export function bool(value: boolean | null | undefined): boolean {
  return value === true;
}

/** A sub-message that must be present. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new CodecError(`missing ${field}`);
  return value;
}

export function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
