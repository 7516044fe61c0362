import { batch, signal } from '@preact/signals';
import { tTeach } from '../i18n/teach.js';
import {
  api as apiParse,
  type GuestLink,
  type Lesson,
  type ScheduleInput,
  type StartNowInput,
  type TeachingAssignment,
} from '../net/index.js';
import { api, describeApiError, serverDetail } from './api.js';
import { loadTimetable, schoolDate } from './timetable.js';

/** The teacher's "Dạy học" page: what they teach, scheduling, starting now, cancelling. */

export const assignments = signal<readonly TeachingAssignment[]>([]);
export const assignmentsError = signal<string | null>(null);

/** Lesson passwords the server accepts (classroom/timetable/LessonService.ts). */
export const LESSON_PASSWORD_MIN = 4;
export const LESSON_PASSWORD_MAX = 64;
export const TITLE_MAX = 200;
export const START_NOW_MINUTES = 45;

export async function loadAssignments(): Promise<void> {
  try {
    const list = await api().get('/api/teaching', apiParse.parseTeaching);
    batch(() => {
      assignments.value = list;
      assignmentsError.value = null;
    });
  } catch (error) {
    assignmentsError.value = describeApiError(error);
  }
}

/** A failed action: a translated message and, when useful, the server's own words. */
export interface ActionError {
  message: string;
  detail: string;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: ActionError };

function failure<T>(error: unknown): ActionResult<T> {
  return { ok: false, error: { message: describeApiError(error), detail: serverDetail(error) } };
}

function invalid<T>(message: string): ActionResult<T> {
  return { ok: false, error: { message, detail: '' } };
}

/** The value of the class + subject select: both ids, since a teacher teaches pairs. */
export function assignmentKey(a: Pick<TeachingAssignment, 'classId' | 'subjectId'>): string {
  return `${a.classId}|${a.subjectId}`;
}

export function assignmentOf(key: string): TeachingAssignment | undefined {
  return assignments.value.find((a) => assignmentKey(a) === key);
}

export interface ScheduleForm {
  assignment: string;
  date: string;
  start: string;
  end: string;
  title: string;
  password: string;
}

/** Checks the form as the server will, so that most mistakes are explained in the user's words. */
export function checkSchedule(form: ScheduleForm, now: number): string | null {
  if (!assignmentOf(form.assignment)) return tTeach('teach.error.assignment');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) return tTeach('teach.error.date');
  if (!/^\d{2}:\d{2}$/.test(form.start) || !/^\d{2}:\d{2}$/.test(form.end)) return tTeach('teach.error.time');
  if (form.end <= form.start) return tTeach('teach.error.endBeforeStart');
  if (form.date < schoolDate(now)) return tTeach('teach.error.past');
  return checkOptional(form.title, form.password);
}

function checkOptional(title: string, password: string): string | null {
  if ([...title.trim()].length > TITLE_MAX) return tTeach('teach.error.title', { max: TITLE_MAX });
  const pw = [...password].length;
  if (pw > 0 && (pw < LESSON_PASSWORD_MIN || pw > LESSON_PASSWORD_MAX)) {
    return tTeach('teach.error.password', { min: LESSON_PASSWORD_MIN, max: LESSON_PASSWORD_MAX });
  }
  return null;
}

function optional(title: string, password: string): { title?: string; password?: string } {
  return { ...(title.trim() ? { title: title.trim() } : {}), ...(password ? { password } : {}) };
}

export async function scheduleLesson(form: ScheduleForm, now = Date.now()): Promise<ActionResult<Lesson>> {
  const problem = checkSchedule(form, now);
  const pair = assignmentOf(form.assignment);
  if (problem || !pair) return invalid(problem ?? tTeach('teach.error.assignment'));
  const body: ScheduleInput = { classId: pair.classId, subjectId: pair.subjectId, date: form.date, start: form.start, end: form.end, ...optional(form.title, form.password) };
  try {
    const lesson = await api().post('/api/lessons', body, (v) => apiParse.parseLesson(apiParse.parseObject(v, 'answer')['lesson']));
    void loadTimetable();
    return { ok: true, value: lesson };
  } catch (error) {
    return failure(error);
  }
}

export async function startLessonNow(form: Pick<ScheduleForm, 'assignment' | 'title' | 'password'>, minutes = START_NOW_MINUTES): Promise<ActionResult<Lesson>> {
  const pair = assignmentOf(form.assignment);
  if (!pair) return invalid(tTeach('teach.error.assignment'));
  const problem = checkOptional(form.title, form.password);
  if (problem) return invalid(problem);
  const body: StartNowInput = { classId: pair.classId, subjectId: pair.subjectId, durationMinutes: minutes, ...optional(form.title, form.password) };
  try {
    return { ok: true, value: await api().post('/api/lessons/start-now', body, (v) => apiParse.parseLesson(apiParse.parseObject(v, 'answer')['lesson'])) };
  } catch (error) {
    return failure(error);
  }
}

export async function cancelLesson(lessonId: string): Promise<ActionResult<void>> {
  try {
    await api().post(`/api/lessons/${encodeURIComponent(lessonId)}/cancel`, undefined, () => undefined);
    await loadTimetable();
    return { ok: true, value: undefined };
  } catch (error) {
    return failure(error);
  }
}

export async function createGuestLink(lessonId: string, name: string): Promise<ActionResult<GuestLink>> {
  const trimmed = name.trim();
  if (!trimmed || [...trimmed].length > 64) return invalid(tTeach('teach.error.guestName'));
  try {
    const parse = (v: unknown): GuestLink => {
      const o = apiParse.parseObject(v, 'guest link');
      return { url: apiParse.parseString(o, 'url'), expiresAt: Number(o['expiresAt']) || 0 };
    };
    return { ok: true, value: await api().post(`/api/lessons/${encodeURIComponent(lessonId)}/guest-link`, { name: trimmed }, parse) };
  } catch (error) {
    return failure(error);
  }
}
