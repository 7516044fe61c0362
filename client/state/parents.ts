import { signal } from '@preact/signals';
import {
  parseAnnouncement,
  parseChildren,
  parseImportPreview,
  parseImportResult,
  parseOverview,
  type ChildDto,
  type ChildOverviewResponse,
  type ParentImportPreviewDto,
  type ParentImportResultDto,
} from '../net/parentsApi.js';
import { api, describeApiError } from './api.js';

/** The parents' page (R19, R20), a teacher's class announcement, and the admin's parent import. */

export const children = signal<readonly ChildDto[] | null>(null);
/** Per child id: its page, or the error that kept it from loading. */
export const overviews = signal<Readonly<Record<string, ChildOverviewResponse | { error: string }>>>({});

export async function loadParentHome(): Promise<void> {
  try {
    const list = await api().get('/api/children', parseChildren);
    children.value = list;
    await Promise.all(list.map((c) => loadOverview(c.id)));
  } catch (error) {
    children.value = [];
    overviews.value = { '': { error: describeApiError(error) } };
  }
}

export async function loadOverview(childId: string): Promise<void> {
  let page: ChildOverviewResponse | { error: string };
  try {
    page = await api().get(`/api/children/${encodeURIComponent(childId)}/overview`, parseOverview);
  } catch (error) {
    page = { error: describeApiError(error) };
  }
  overviews.value = { ...overviews.value, [childId]: page };
}

export async function sendAnnouncement(classId: string, title: string, body: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await api().post(`/api/classes/${encodeURIComponent(classId)}/announcements`, { title, body }, parseAnnouncement);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describeApiError(error) };
  }
}

export const importFile = signal<ArrayBuffer | null>(null);
export const importPreview = signal<ParentImportPreviewDto | null>(null);
export const importResult = signal<ParentImportResultDto | null>(null);
export const importError = signal<string | null>(null);
export const importBusy = signal(false);

export function chooseImportFile(bytes: ArrayBuffer | null): void {
  importFile.value = bytes;
  importPreview.value = null;
  importResult.value = null;
  importError.value = null;
}

async function importStep<T>(path: string, parse: (v: unknown) => T): Promise<T | null> {
  const bytes = importFile.value;
  if (!bytes) return null;
  importBusy.value = true;
  try {
    importError.value = null;
    return await api().postFile(path, bytes, 'text/csv', parse);
  } catch (error) {
    importError.value = describeApiError(error);
    return null;
  } finally {
    importBusy.value = false;
  }
}

export async function previewImport(): Promise<void> {
  importPreview.value = await importStep('/api/admin/parents/import/preview', parseImportPreview);
}

export async function applyImport(): Promise<void> {
  const result = await importStep('/api/admin/parents/import/apply', parseImportResult);
  if (result) {
    importResult.value = result;
    importPreview.value = null;
  }
}
