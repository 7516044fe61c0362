/**
 * Participation events and attendance (R8). LeaveReason is the same union as the live room's
 * (../lesson), exported from there.
 */
export type {
  AttendanceLessonTimes,
  AttendanceOptions,
  AttendanceRosterEntry,
  AttendanceRow,
  AttendanceStore,
  AttendanceTable,
  ParticipationEvent,
  ParticipationKind,
  StoredParticipationEvent,
} from './AttendanceTypes.js';
export { PARTICIPATION_KINDS, LEAVE_REASONS } from './AttendanceTypes.js';
export { attendanceTable, type AttendanceInput } from './attendanceTable.js';
export { attendanceCsv, formatDuration, ATTENDANCE_CSV_HEADERS, UTF8_BOM, type AttendanceCsvOptions } from './attendanceCsv.js';
export { csvField, csvLines, type CsvValue } from './csvField.js';
export { AttendanceService, participationFromActivity, type ActivityLike } from './AttendanceService.js';
export { validateParticipationEvent } from './validateEvent.js';
