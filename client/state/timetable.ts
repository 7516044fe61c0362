import { batch, signal } from '@preact/signals';
import { SCHOOL_TIME_ZONE } from '../i18n/index.js';
import { api as apiParse, type TimetableEntry } from '../net/index.js';
import { api, describeApiError } from './api.js';

/** The timetable of online lessons (R19): the next two weeks, lessons live now included. */

/** A student may enter this long before the scheduled start (to test the camera, to wait). */
export const JOIN_EARLY_MS = 15 * 60_000;
export const TIMETABLE_DAYS = 14;

export const timetable = signal<readonly TimetableEntry[]>([]);
export const timetableLoading = signal(false);
export const timetableError = signal<string | null>(null);

export async function loadTimetable(): Promise<void> {
  timetableLoading.value = true;
  try {
    const entries = await api().get(`/api/timetable?days=${TIMETABLE_DAYS}`, apiParse.parseTimetable);
    batch(() => {
      timetable.value = entries;
      timetableError.value = null;
    });
  } catch (error) {
    timetableError.value = describeApiError(error);
  } finally {
    timetableLoading.value = false;
  }
}

export type JoinAvailability = 'open' | 'soon' | 'closed' | 'not-allowed';

/**
 * Whether the "Vào lớp" button works now: the server says the user may join (`canJoin`: their
 * class, the lesson not over), the lesson is live or starts within JOIN_EARLY_MS, and a lesson
 * nobody started is not long past its end.
 */
export function joinAvailability(entry: TimetableEntry, now: number): JoinAvailability {
  if (!entry.canJoin) return 'not-allowed';
  const { status, scheduledStart, scheduledEnd } = entry.lesson;
  if (status === 'live') return 'open';
  if (status !== 'scheduled') return 'closed';
  if (now < scheduledStart - JOIN_EARLY_MS) return 'soon';
  return now <= scheduledEnd ? 'open' : 'closed';
}

/** Groups entries by the school's local date (YYYY-MM-DD), in order. */
export function byDay(entries: readonly TimetableEntry[]): Array<{ day: string; entries: TimetableEntry[] }> {
  const out: Array<{ day: string; entries: TimetableEntry[] }> = [];
  for (const e of [...entries].sort((a, b) => a.lesson.scheduledStart - b.lesson.scheduledStart)) {
    const day = schoolDate(e.lesson.scheduledStart);
    const last = out[out.length - 1];
    if (last && last.day === day) last.entries.push(e);
    else out.push({ day, entries: [e] });
  }
  return out;
}

/** YYYY-MM-DD of an instant in the school's time zone. */
export function schoolDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHOOL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** HH:MM of an instant in the school's time zone. */
export function schoolTime(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: SCHOOL_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

export function resetTimetable(): void {
  batch(() => {
    timetable.value = [];
    timetableLoading.value = false;
    timetableError.value = null;
  });
}
