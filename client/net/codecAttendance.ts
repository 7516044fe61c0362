import { classroom } from '../../proto/index.js';
import { bool, leaveReasonFromProto, leaveReasonToProto, list, num, str } from './codecEnums.js';
import type { AttendanceReport, AttendanceRow } from './types.js';

import pb = classroom.v1;

/**
 * The live attendance table (R8), both ways (the other direction is for tests and fake
 * servers, as in codecLesson.ts). `last_leave_reason` is UNSPECIFIED for a student who is
 * present or never came: the one place where 0 means "none" rather than an unknown value.
 */
export function attendanceRowFromProto(p: pb.AttendanceRow.$Properties): AttendanceRow {
  const reason = p.lastLeaveReason ?? 0;
  return {
    userId: str(p.userId),
    displayName: str(p.displayName),
    code: str(p.code),
    presentNow: bool(p.presentNow),
    attended: bool(p.attended),
    firstJoinMs: num(p.firstJoinMs),
    lastLeaveMs: num(p.lastLeaveMs),
    presentMs: num(p.presentMs),
    cameraOnMs: num(p.cameraOnMs),
    micOnMs: num(p.micOnMs),
    screenOnMs: num(p.screenOnMs),
    handRaises: num(p.handRaises),
    chatMessages: num(p.chatMessages),
    quizAnswers: num(p.quizAnswers),
    quizCorrect: num(p.quizCorrect),
    late: bool(p.late),
    leftEarly: bool(p.leftEarly),
    joinCount: num(p.joinCount),
    lastLeaveReason: reason === 0 ? null : leaveReasonFromProto(reason),
  };
}

export function attendanceRowToProto(r: AttendanceRow): pb.AttendanceRow.$Properties {
  const { lastLeaveReason, ...rest } = r;
  return { ...rest, lastLeaveReason: lastLeaveReason === null ? 0 : leaveReasonToProto(lastLeaveReason) };
}

export function attendanceFromProto(p: pb.AttendanceReport.$Properties): AttendanceReport {
  return { rows: list(p.rows).map(attendanceRowFromProto), generatedAtMs: num(p.generatedAtMs) };
}

export function attendanceToProto(r: AttendanceReport): pb.AttendanceReport.$Properties {
  return { rows: r.rows.map(attendanceRowToProto), generatedAtMs: r.generatedAtMs };
}
