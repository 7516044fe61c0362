import { batch, signal } from '@preact/signals';
import { ApiError } from '../net/index.js';
import { parseGradeAnswer, parseGradingList, parseStudentWork, type GradeJson, type GradingListJson, type StudentWorkJson } from '../net/apiWork.js';
import { api, describeApiError } from './api.js';

/**
 * The teacher's grading view: everyone's state, one student's work, a score and feedback saved
 * as they are typed (debounced), "return". Every save names the revision it started from; a
 * CONFLICT answer (another teacher saved first) shows their grade instead of overwriting it.
 */

export const gradingList = signal<GradingListJson | null>(null);
export const selected = signal<string | null>(null);
export const work = signal<StudentWorkJson | null>(null);
export const gradingError = signal<string | null>(null);

export interface GradeDraft {
  score: string;
  feedback: string;
  /** The revision the draft started from (0: no grade yet). */
  revision: number;
  status: 'idle' | 'saving' | 'saved' | 'error' | 'conflict';
  error: string | null;
  /** The other teacher's grade, on a conflict. */
  theirs: GradeJson | null;
  returnedAt: number | null;
}

export const draft = signal<GradeDraft>(emptyDraft(null));
const SAVE_DELAY_MS = 700;
let timer: ReturnType<typeof setTimeout> | null = null;
let assignmentId = '';

/** "7,5" from 75. */
export function scoreText(tenths: number | null): string {
  if (tenths === null) return '';
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)},${tenths % 10}`;
}

function emptyDraft(g: GradeJson | null): GradeDraft {
  return { score: scoreText(g?.scoreTenths ?? null), feedback: g?.feedback ?? '', revision: g?.revision ?? 0, status: 'idle', error: null, theirs: null, returnedAt: g?.returnedAt ?? null };
}

export async function loadGrading(id: string): Promise<void> {
  assignmentId = id;
  try {
    gradingList.value = await api().get(`/api/assignments/${encodeURIComponent(id)}/submissions`, parseGradingList);
    gradingError.value = null;
    if (!selected.value && gradingList.value.rows[0]) await select(gradingList.value.rows[0].student.id);
  } catch (error) {
    gradingError.value = describeApiError(error);
  }
}

export async function select(studentId: string): Promise<void> {
  await flush();
  selected.value = studentId;
  try {
    const w = await api().get(`/api/assignments/${encodeURIComponent(assignmentId)}/submissions/${encodeURIComponent(studentId)}`, parseStudentWork);
    batch(() => {
      work.value = w;
      draft.value = emptyDraft(w.grade);
    });
  } catch (error) {
    gradingError.value = describeApiError(error);
  }
}

/** The previous (-1) or next (+1) student of the list. */
export function step(delta: -1 | 1): void {
  const rows = gradingList.value?.rows ?? [];
  const i = rows.findIndex((r) => r.student.id === selected.value);
  const next = rows[i + delta];
  if (next) void select(next.student.id);
}

/** Typed into the score or the feedback: saved after a short pause. */
export function edit(change: Partial<Pick<GradeDraft, 'score' | 'feedback'>>): void {
  draft.value = { ...draft.value, ...change, status: draft.value.status === 'conflict' ? 'conflict' : 'idle' };
  if (draft.value.status === 'conflict') return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void save(), SAVE_DELAY_MS);
}

/** Saves now what is waiting (before moving to another student). */
export async function flush(): Promise<void> {
  if (!timer) return;
  clearTimeout(timer);
  timer = null;
  await save();
}

function applyGrade(grade: GradeJson): void {
  const studentId = selected.value;
  batch(() => {
    draft.value = { ...draft.value, revision: grade.revision, returnedAt: grade.returnedAt, status: 'saved', error: null, theirs: null };
    const list = gradingList.value;
    if (list && studentId) gradingList.value = { ...list, rows: list.rows.map((r) => (r.student.id === studentId ? { ...r, grade, state: grade.returnedAt !== null ? 'returned' : r.state } : r)) };
  });
}

function failed(error: unknown): void {
  if (error instanceof ApiError && error.code === 'CONFLICT' && error.reason === 'stale') {
    draft.value = { ...draft.value, status: 'conflict', theirs: (error.details['current'] as GradeJson | null) ?? null, error: null };
    return;
  }
  draft.value = { ...draft.value, status: 'error', error: error instanceof ApiError && error.message ? error.message : describeApiError(error) };
}

export async function save(): Promise<void> {
  timer = null;
  const studentId = selected.value;
  if (!studentId) return;
  const d = draft.value;
  draft.value = { ...d, status: 'saving' };
  try {
    const { grade } = await api().put(
      `/api/assignments/${encodeURIComponent(assignmentId)}/grades/${encodeURIComponent(studentId)}`,
      { score: d.score.trim() === '' ? null : d.score.trim(), feedback: d.feedback, expectedRevision: d.revision },
      parseGradeAnswer,
    );
    if (selected.value === studentId) applyGrade(grade);
  } catch (error) {
    if (selected.value === studentId) failed(error);
  }
}

/** Takes the other teacher's grade as the starting point (after a conflict). */
export function useTheirs(): void {
  const theirs = draft.value.theirs;
  draft.value = theirs ? { ...emptyDraft(theirs), status: 'idle' } : { ...draft.value, status: 'idle', revision: draft.value.revision + 1 };
}

export async function returnWork(): Promise<void> {
  await flush();
  const studentId = selected.value;
  if (!studentId) return;
  try {
    const { grade } = await api().post(`/api/assignments/${encodeURIComponent(assignmentId)}/grades/${encodeURIComponent(studentId)}/return`, { expectedRevision: draft.value.revision }, parseGradeAnswer);
    applyGrade(grade);
  } catch (error) {
    failed(error);
  }
}
