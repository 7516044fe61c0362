/** Participation events and attendance (R8). The live room's LeaveReason is this one. */
export type {
  LeaveReason,
  AttendanceLessonTimes,
  AttendanceOptions,
  AttendanceRosterEntry,
  AttendanceRow,
  AttendanceStore,
  AttendanceTable,
  LessonLiveness,
  LessonLivenessStore,
  ParticipationEvent,
  ParticipationKind,
  QuizAnswerCount,
  StoredParticipationEvent,
} from './AttendanceTypes.js';
export { PARTICIPATION_KINDS, LEAVE_REASONS } from './AttendanceTypes.js';
export { attendanceTable, type AttendanceInput } from './attendanceTable.js';
export { attendanceCsv, formatDuration, ATTENDANCE_CSV_HEADERS, UTF8_BOM, type AttendanceCsvOptions } from './attendanceCsv.js';
export { csvField, csvLines, type CsvValue } from './csvField.js';
export { AttendanceService, participationFromActivity, type ActivityLike } from './AttendanceService.js';
export { validateParticipationEvent } from './validateEvent.js';
/** The SQL stores (for openStorage) and the event rows' shape (for a student's data export, ../privacy). */
export { SqlAttendanceStore, EVENT_COLUMNS, toEvent } from './SqlAttendanceStore.js';
export { GroupCommitAttendanceStore } from './GroupCommitAttendanceStore.js';
export { SqlLessonLiveness } from './SqlLessonLiveness.js';
export { PresenceRecovery } from './PresenceRecovery.js';
export { closeOrphanedPresences } from './orphanedPresences.js';
