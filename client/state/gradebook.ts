import { signal } from '@preact/signals';
import { ApiError } from '../net/index.js';
import { parseCellAnswer, parseFilled, parseGradebook, parseHistory, parseImportPlan, parseResults, type GradebookJson, type ImportPlanJson, type ResultsJson, type SlotJson } from '../net/apiWork.js';
import { api, describeApiError } from './api.js';

/** The teacher's gradebook (Circular 22/2021) and a student's results (R14, R20). */

export interface GradebookKey {
  classId: string;
  subjectId: string;
  schoolYear: string;
  term: 1 | 2;
}

export const book = signal<GradebookJson | null>(null);
export const bookError = signal<string | null>(null);
/** Per cell `studentId|slot`: the last error of a save ("11" typed). */
export const cellErrors = signal<Readonly<Record<string, string>>>({});
export const importPlan = signal<ImportPlanJson | null>(null);
export const history = signal<Array<{ at: number; actorName: string | null; studentName: string | null; ref: string; oldValue: string | null; newValue: string | null }>>([]);
export const results = signal<ResultsJson | null>(null);

/** The school year of today ("2026-2027" from August), in school time. */
export function currentSchoolYear(now = Date.now()): string {
  const d = new Date(now + 7 * 3_600_000);
  const y = d.getUTCFullYear();
  return d.getUTCMonth() >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

export function query(k: GradebookKey): string {
  return new URLSearchParams({ classId: k.classId, subjectId: k.subjectId, schoolYear: k.schoolYear, term: String(k.term) }).toString();
}

export async function loadBook(k: GradebookKey): Promise<void> {
  try {
    book.value = await api().get(`/api/gradebook?${query(k)}`, parseGradebook);
    bookError.value = null;
  } catch (error) {
    bookError.value = describeApiError(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof ApiError && error.message && error.code === 'BAD_REQUEST' ? error.message : describeApiError(error);
}

/** Saves one cell as typed; a refused value keeps the cell's old value and shows why. */
export async function saveCell(k: GradebookKey, studentId: string, slot: SlotJson, value: string): Promise<boolean> {
  const row = book.value?.rows.find((r) => r.student.id === studentId);
  const revision = row?.cells[slot]?.revision ?? 0;
  const id = `${studentId}|${slot}`;
  try {
    await api().put('/api/gradebook/cells', { ...k, studentId, slot, value: value.trim() === '' ? null : value.trim(), expectedRevision: revision }, parseCellAnswer);
    const { [id]: _gone, ...rest } = cellErrors.value;
    cellErrors.value = rest;
    await loadBook(k); // the averages are the server's
    return true;
  } catch (error) {
    cellErrors.value = { ...cellErrors.value, [id]: messageOf(error) };
    if (error instanceof ApiError && error.code === 'CONFLICT') await loadBook(k);
    return false;
  }
}

export async function fillColumn(k: GradebookKey, slot: SlotJson, sources: { assignmentIds: string[]; assessmentIds: string[] }, combine: 'single' | 'best' | 'average'): Promise<{ ok: true; changed: number } | { ok: false; error: string }> {
  try {
    const { changed } = await api().post('/api/gradebook/fill', { ...k, slot, ...sources, combine }, parseFilled);
    await loadBook(k);
    return { ok: true, changed };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function previewImport(k: GradebookKey, file: ArrayBuffer): Promise<string | null> {
  try {
    importPlan.value = await api().postFile(`/api/gradebook/import/preview?${query(k)}`, file, XLSX, parseImportPlan);
    return null;
  } catch (error) {
    importPlan.value = null;
    return messageOf(error);
  }
}

export async function applyImport(k: GradebookKey, file: ArrayBuffer): Promise<{ ok: true; changed: number } | { ok: false; error: string }> {
  try {
    const plan = await api().postFile(`/api/gradebook/import/apply?${query(k)}`, file, XLSX, parseImportPlan);
    importPlan.value = null;
    await loadBook(k);
    return { ok: true, changed: plan.changed ?? 0 };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

export async function loadHistory(classId: string, subjectId: string): Promise<void> {
  try {
    history.value = (await api().get(`/api/gradebook/history?${new URLSearchParams({ classId, subjectId })}`, parseHistory)).changes;
  } catch (error) {
    bookError.value = describeApiError(error);
  }
}

export async function loadResults(studentId: string, schoolYear: string): Promise<string | null> {
  try {
    results.value = await api().get(`/api/students/${encodeURIComponent(studentId)}/results?schoolYear=${encodeURIComponent(schoolYear)}`, parseResults);
    return null;
  } catch (error) {
    return describeApiError(error);
  }
}
