import { batch, computed, signal } from '@preact/signals';
import type { AttendanceReport, AttendanceRow } from '../net/index.js';
import { log } from '../util/log.js';
import { describeError } from './errors.js';
import { lessonInfo } from './lesson.js';
import { lessonRequest } from './requests.js';
import type { LessonPart } from './LessonPartTypes.js';

/** The teacher's live attendance table (R8), refreshed while the panel is open. */

export const ATTENDANCE_REFRESH_MS = 10_000;

export const attendance = signal<AttendanceReport | null>(null);
export const attendanceError = signal<string | null>(null);
export const attendanceLoading = signal(false);

/** Absent students last, then by name; the class list order a teacher reads. */
export function sortAttendance(rows: readonly AttendanceRow[]): AttendanceRow[] {
  return [...rows].sort((a, b) => Number(b.attended) - Number(a.attended) || a.displayName.localeCompare(b.displayName, 'vi'));
}

export const attendanceRows = computed(() => sortAttendance(attendance.value?.rows ?? []));

export const attendanceSummary = computed(() => {
  const rows = attendance.value?.rows ?? [];
  return {
    total: rows.length,
    present: rows.filter((r) => r.presentNow).length,
    attended: rows.filter((r) => r.attended).length,
    absent: rows.filter((r) => !r.attended).length,
  };
});

/** The CSV export of the lesson (the HTTP API, with the session cookie). */
export const attendanceCsvUrl = computed(() => {
  const id = lessonInfo.value?.id;
  return id ? `/api/lessons/${encodeURIComponent(id)}/attendance.csv` : null;
});

export async function refreshAttendance(): Promise<void> {
  attendanceLoading.value = true;
  try {
    const report = await lessonRequest({ type: 'getAttendance' });
    batch(() => {
      attendance.value = report;
      attendanceError.value = null;
    });
  } catch (error) {
    log.info('attendance not loaded', error);
    attendanceError.value = describeError(error);
  } finally {
    attendanceLoading.value = false;
  }
}

/** Loads now and every ATTENDANCE_REFRESH_MS; returns the function that stops it. */
export function watchAttendance(periodMs = ATTENDANCE_REFRESH_MS): () => void {
  void refreshAttendance();
  const timer = setInterval(() => void refreshAttendance(), periodMs);
  return () => clearInterval(timer);
}

export function resetAttendance(): void {
  batch(() => {
    attendance.value = null;
    attendanceError.value = null;
    attendanceLoading.value = false;
  });
}

export const attendancePart: LessonPart = { name: 'attendance', reset: resetAttendance };
