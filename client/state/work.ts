import { batch, computed, signal } from '@preact/signals';
import { tWork } from '../i18n/work.js';
import {
  parseAssignmentDetail,
  parseAssignmentList,
  parseChildren,
  parseClassStudents,
  parseCreated,
  parseStudentAssignments,
  parseStudentWork,
  parseSubmissionAnswer,
  type AssignmentDetailJson,
  type AssignmentJson,
  type ChildrenJson,
  type ClassStudentsJson,
  type StudentAssignmentsJson,
  type StudentWorkJson,
} from '../net/apiWork.js';
import { uploadErrorOf, uploadFile, type UploadHandle } from '../net/uploadFile.js';
import { downscalePhoto } from '../util/downscale.js';
import { api, describeApiError } from './api.js';
import { currentUser } from './auth.js';

/**
 * Assignments (R10) for every role: a student's (or a parent's child's) list and one assignment
 * with the hand-in form; a teacher's list and the form that gives one. Files go up one by one
 * through tus as soon as they are chosen (photos downscaled first), with their progress.
 */

export const children = signal<ChildrenJson['children']>([]);
/** The student whose work is shown: the student themself, or the parent's chosen child. */
export const studentId = signal<string>('');
export const studentList = signal<StudentAssignmentsJson['items'] | null>(null);
export const teacherList = signal<AssignmentJson[] | null>(null);
export const detail = signal<AssignmentDetailJson | null>(null);
export const myWork = signal<StudentWorkJson | null>(null);
export const workError = signal<string | null>(null);

export async function loadChildren(): Promise<void> {
  try {
    const list = (await api().get('/api/children', parseChildren)).children;
    batch(() => {
      children.value = list;
      if (!list.some((c) => c.id === studentId.value)) studentId.value = list[0]?.id ?? '';
    });
  } catch (error) {
    workError.value = describeApiError(error);
  }
}

export async function loadStudentList(): Promise<void> {
  if (!studentId.value) return;
  try {
    studentList.value = (await api().get(`/api/students/${encodeURIComponent(studentId.value)}/assignments`, parseStudentAssignments)).items;
    workError.value = null;
  } catch (error) {
    workError.value = describeApiError(error);
  }
}

export async function loadTeacherList(classId: string, subjectId: string): Promise<void> {
  try {
    const q = new URLSearchParams({ classId, subjectId });
    teacherList.value = (await api().get(`/api/assignments?${q}`, parseAssignmentList)).assignments;
    workError.value = null;
  } catch (error) {
    workError.value = describeApiError(error);
  }
}

/** One assignment, and the shown student's work on it (the student's own, or a child's). */
export async function loadDetail(id: string): Promise<void> {
  try {
    const d = await api().get(`/api/assignments/${encodeURIComponent(id)}`, parseAssignmentDetail);
    const role = currentUser.value?.role;
    const who = role === 'student' ? (currentUser.value?.id ?? '') : studentId.value;
    const work = (role === 'student' || role === 'parent') && who ? await api().get(`/api/assignments/${encodeURIComponent(id)}/submissions/${encodeURIComponent(who)}`, parseStudentWork) : null;
    batch(() => {
      detail.value = d;
      myWork.value = work;
      workError.value = null;
    });
  } catch (error) {
    workError.value = describeApiError(error);
  }
}

export interface NewAssignment {
  classId: string;
  subjectId: string;
  title: string;
  instructions: string;
  dueDate: string;
  dueTime: string;
  acceptLate: boolean;
  latePenalty: string;
  /** Empty: open at once. */
  openDate: string;
  openTime: string;
  /** Empty: the whole class. */
  studentIds: readonly string[];
}

/** The class list, for a teacher giving an assignment to some students only. */
export async function loadClassStudents(classId: string, subjectId: string): Promise<ClassStudentsJson['students']> {
  const q = new URLSearchParams({ classId, subjectId });
  return (await api().get(`/api/teaching/students?${q}`, parseClassStudents)).students;
}

export async function createAssignment(form: NewAssignment): Promise<{ ok: true; assignment: AssignmentJson } | { ok: false; error: string }> {
  const penalty = Number(form.latePenalty.replace(',', '.') || '0');
  try {
    const assignment = await api().post(
      '/api/assignments',
      {
        classId: form.classId,
        subjectId: form.subjectId,
        title: form.title,
        instructions: form.instructions,
        due: { date: form.dueDate, time: form.dueTime },
        acceptLate: form.acceptLate,
        latePenaltyTenths: Number.isFinite(penalty) ? Math.round(penalty * 10) : 0,
        ...(form.openDate ? { open: { date: form.openDate, time: form.openTime || '00:00' } } : {}),
        ...(form.studentIds.length > 0 ? { studentIds: [...form.studentIds] } : {}),
      },
      parseCreated,
    );
    return { ok: true, assignment };
  } catch (error) {
    return { ok: false, error: describeApiError(error) };
  }
}

/** School time (UTC+7) of a moment, as the forms type it: { date: "2026-09-08", time: "21:00" }. */
export function localParts(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 7 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Changes an assignment (its teachers): the same fields; its students and opening time are kept. */
export async function updateAssignment(
  a: AssignmentJson,
  form: { title: string; instructions: string; dueDate: string; dueTime: string; acceptLate: boolean; latePenalty: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const penalty = Number(form.latePenalty.replace(',', '.') || '0');
  try {
    await api().put(
      `/api/assignments/${encodeURIComponent(a.id)}`,
      {
        title: form.title,
        instructions: form.instructions,
        due: { date: form.dueDate, time: form.dueTime },
        acceptLate: form.acceptLate,
        latePenaltyTenths: Number.isFinite(penalty) ? Math.round(penalty * 10) : 0,
        studentIds: [...a.studentIds],
      },
      parseCreated,
    );
    await loadDetail(a.id);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: describeApiError(error) };
  }
}

/** A file of the hand-in form, on its way or sent. */
export interface DraftFile {
  key: number;
  name: string;
  size: number;
  /** The size before downscaling (photos), to show what was saved. */
  originalSize: number;
  sent: number;
  state: 'preparing' | 'sending' | 'waiting' | 'sent' | 'failed';
  fileId: string | null;
  error: string | null;
  handle: UploadHandle | null;
}

export const draftText = signal('');
export const draftFiles = signal<readonly DraftFile[]>([]);
export const handInState = signal<{ busy: boolean; error: string | null; done: number | null }>({ busy: false, error: null, done: null });
export const uploadsPending = computed(() => draftFiles.value.some((f) => f.state !== 'sent'));
let nextKey = 1;

function patch(key: number, change: Partial<DraftFile>): void {
  draftFiles.value = draftFiles.value.map((f) => (f.key === key ? { ...f, ...change } : f));
}

/** Why a file was refused, in the user's words (the server's reason), else "could not send". */
function uploadMessage(error: unknown): string {
  const e = uploadErrorOf(error);
  if (e.reason === 'file_type') return tWork('work.error.fileType');
  if (e.reason === 'type_mismatch') return tWork('work.error.typeMismatch');
  if (e.reason === 'file_name') return tWork('work.error.fileName');
  if (e.reason === 'locked') return tWork('work.locked');
  if (e.status === 413 || e.code === 'TOO_LARGE') return tWork('work.error.tooLarge');
  return tWork('work.uploadFailed');
}

/** Adds chosen files: photos are downscaled, then each goes up through tus at once. */
export async function addFiles(assignmentId: string, files: readonly File[], purpose: 'submission' | 'attachment' = 'submission'): Promise<void> {
  for (const original of files) {
    const key = nextKey++;
    draftFiles.value = [...draftFiles.value, { key, name: original.name, size: original.size, originalSize: original.size, sent: 0, state: 'preparing', fileId: null, error: null, handle: null }];
    const file = await downscalePhoto(original);
    const handle = uploadFile(file, { filename: file.name, purpose, targetId: assignmentId }, {
      progress: (sent) => patch(key, { sent, state: 'sending' }),
      retrying: () => patch(key, { state: 'waiting' }),
    });
    patch(key, { name: file.name, size: file.size, state: 'sending', handle });
    handle.done.then(
      (fileId) => patch(key, { state: 'sent', fileId, sent: file.size, error: null }),
      (error: unknown) => patch(key, { state: 'failed', error: uploadMessage(error) }),
    );
  }
}

export function resumeFile(key: number): void {
  const f = draftFiles.value.find((x) => x.key === key);
  if (!f?.handle) return;
  patch(key, { state: 'sending', error: null });
  f.handle.resume();
  f.handle.done.then(
    (fileId) => patch(key, { state: 'sent', fileId, sent: f.size, error: null }),
    (error: unknown) => patch(key, { state: 'failed', error: uploadMessage(error) }),
  );
}

export function removeFile(key: number): void {
  draftFiles.value.find((f) => f.key === key)?.handle?.abort();
  draftFiles.value = draftFiles.value.filter((f) => f.key !== key);
}

export function resetDraft(): void {
  for (const f of draftFiles.value) f.handle?.abort();
  batch(() => {
    draftText.value = '';
    draftFiles.value = [];
    handInState.value = { busy: false, error: null, done: null };
  });
}

export async function handIn(assignmentId: string): Promise<void> {
  if (uploadsPending.value) {
    handInState.value = { busy: false, error: tWork('work.waitUploads'), done: null };
    return;
  }
  handInState.value = { busy: true, error: null, done: null };
  try {
    const fileIds = draftFiles.value.flatMap((f) => (f.fileId ? [f.fileId] : []));
    const { submission } = await api().post(`/api/assignments/${encodeURIComponent(assignmentId)}/submissions`, { text: draftText.value, fileIds }, parseSubmissionAnswer);
    batch(() => {
      draftText.value = '';
      draftFiles.value = [];
      handInState.value = { busy: false, error: null, done: submission.version };
    });
    await loadDetail(assignmentId);
  } catch (error) {
    handInState.value = { busy: false, error: describeApiError(error), done: null };
  }
}
