import { classroom } from '../../proto/index.js';
import { enumCodec } from './codecBase.js';
import type {
  AdmissionStatus,
  ConnectionQuality,
  ConnectionState,
  ErrorCode,
  LeaveReason,
  Role,
  VideoLayer,
} from './types.js';

import pb = classroom.v1;

// What needs no generated code is in codecBase.ts (the join entry imports it); the app's codec takes it from here.
export {
  bool,
  clampUint32,
  CodecError,
  enumCodec,
  list,
  num,
  required,
  requiredStr,
  str,
  trackSourceFromProto,
  trackSourceToProto,
} from './codecBase.js';

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
