import { batch, signal } from '@preact/signals';
import { api as apiParse, ApiError, type TimetableEntry } from '../net/index.js';
import { api, describeApiError } from './api.js';

/**
 * The lesson a signed-in user opens at `/lesson/<id>`: its title, class and whether it has a
 * password (GET /api/lessons/:id), before the socket is opened.
 */
export const lessonEntry = signal<TimetableEntry | null>(null);
export const lessonEntryError = signal<{ status: number; message: string } | null>(null);
export const lessonEntryLoading = signal(false);

export async function loadLessonEntry(lessonId: string): Promise<void> {
  if (lessonEntry.value?.lesson.id === lessonId) return;
  batch(() => {
    lessonEntryLoading.value = true;
    lessonEntry.value = null;
    lessonEntryError.value = null;
  });
  try {
    const entry = await api().get(`/api/lessons/${encodeURIComponent(lessonId)}`, apiParse.parseTimetableEntry);
    lessonEntry.value = entry;
  } catch (error) {
    lessonEntryError.value = { status: error instanceof ApiError ? error.status : 0, message: describeApiError(error) };
  } finally {
    lessonEntryLoading.value = false;
  }
}

export function resetLessonEntry(): void {
  batch(() => {
    lessonEntry.value = null;
    lessonEntryError.value = null;
    lessonEntryLoading.value = false;
  });
}
