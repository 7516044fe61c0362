import { signal } from '@preact/signals';
import {
  parseAnswer,
  parseList,
  parseNotifications,
  parsePlaces,
  parseQuestion,
  parseThread,
  type ListResponse,
  type NotificationsResponse,
  type PlaceDto,
  type ThreadResponse,
} from '../net/classQaApi.js';
import { downscalePhoto } from '../util/downscale.js';
import { api, describeApiError, serverDetail } from './api.js';
import { qaUnread } from './qaUnread.js';

/** The class Q&A page (R13): the boards one may open, a board's questions, one thread, notifications. */

export const places = signal<readonly PlaceDto[] | null>(null);
export const board = signal<{ classId: string; subjectId: string } | null>(null);
export const listing = signal<ListResponse | null>(null);
export const thread = signal<ThreadResponse | null>(null);
export const notes = signal<NotificationsResponse | null>(null);
export const qaError = signal<string | null>(null);
export const qaBusy = signal(false);

const enc = encodeURIComponent;
const boardPath = (b: { classId: string; subjectId: string }) => `/api/classes/${enc(b.classId)}/subjects/${enc(b.subjectId)}/questions`;

function failed(error: unknown): void {
  const detail = serverDetail(error);
  qaError.value = detail ? `${describeApiError(error)} (${detail})` : describeApiError(error);
}

/** Runs a request; an act (`clears`) first clears the last error, a background load leaves it shown. */
async function step<T>(fn: () => Promise<T>, clears = true): Promise<T | null> {
  qaBusy.value = true;
  if (clears) qaError.value = null;
  try {
    return await fn();
  } catch (error) {
    failed(error);
    return null;
  } finally {
    qaBusy.value = false;
  }
}

export async function loadNotifications(): Promise<void> {
  const n = await step(() => api().get('/api/qa/notifications', parseNotifications), false);
  if (n) {
    notes.value = n;
    qaUnread.value = n.unread;
  }
}

/** The boards; then the open one again (its list may have changed), else the first. */
export async function loadPlaces(): Promise<void> {
  const list = await step(() => api().get('/api/qa/places', parsePlaces), false);
  places.value = list ?? [];
  const b = board.value ?? list?.[0];
  if (b) await openBoard(b.classId, b.subjectId);
}

export async function openBoard(classId: string, subjectId: string): Promise<void> {
  // The open thread stays: the page shows it only while the address names it.
  board.value = { classId, subjectId };
  listing.value = await step(() => api().get(boardPath({ classId, subjectId }), parseList), false);
}

export async function openThread(questionId: string): Promise<void> {
  const t = await step(() => api().get(`/api/qa/questions/${enc(questionId)}`, parseThread));
  if (!t) return;
  thread.value = t;
  if (board.value?.classId !== t.question.classId || board.value.subjectId !== t.question.subjectId) {
    board.value = { classId: t.question.classId, subjectId: t.question.subjectId };
    listing.value = await step(() => api().get(boardPath(board.value!), parseList), false);
  }
  // Opening a thread read its notifications on the server: the count comes down with it.
  await loadNotifications();
}

/** Asks on the open board; the photo (optional) is downscaled in the browser first. Resolves with the new question's id. */
export async function ask(body: string, photo: File | null): Promise<string | null> {
  const b = board.value;
  if (!b) return null;
  const q = await step(async () => {
    const question = await api().post(boardPath(b), { body }, parseQuestion);
    if (photo) {
      const small = await downscalePhoto(photo);
      await api().postFile(`/api/qa/questions/${enc(question.id)}/photo`, await small.arrayBuffer(), small.type, parseQuestion);
    }
    return question;
  });
  return q?.id ?? null;
}

async function reloadThread(): Promise<void> {
  const t = thread.value;
  if (!t) return;
  await openThread(t.question.id);
  if (board.value) listing.value = await step(() => api().get(boardPath(board.value!), parseList), false);
}

export async function answer(body: string): Promise<boolean> {
  const t = thread.value;
  if (!t) return false;
  const a = await step(() => api().post(`/api/qa/questions/${enc(t.question.id)}/answers`, { body }, parseAnswer));
  if (a) await reloadThread();
  return a !== null;
}

const nothing = () => undefined;

export async function accept(answerId: string | null): Promise<void> {
  const t = thread.value;
  if (!t) return;
  const ok = await step(() => api().post(`/api/qa/questions/${enc(t.question.id)}/accept`, { answerId }, nothing).then(() => true));
  if (ok) await reloadThread();
}

export async function moderateQuestion(change: { hidden?: boolean; locked?: boolean }): Promise<void> {
  const t = thread.value;
  if (!t) return;
  const ok = await step(() => api().post(`/api/qa/questions/${enc(t.question.id)}/moderate`, change, nothing).then(() => true));
  if (ok) await reloadThread();
}

export async function moderateAnswer(answerId: string, hidden: boolean): Promise<void> {
  const ok = await step(() => api().post(`/api/qa/answers/${enc(answerId)}/moderate`, { hidden }, nothing).then(() => true));
  if (ok) await reloadThread();
}

export function photoUrl(questionId: string): string {
  return `/api/qa/questions/${enc(questionId)}/photo`;
}
