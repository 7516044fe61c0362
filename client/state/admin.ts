import { batch, signal } from '@preact/signals';
import { tAdmin } from '../i18n/admin.js';
import { api as apiParse, type SchoolStructure, type User, type UserRole } from '../net/index.js';
import { api, describeApiError, serverDetail } from './api.js';
import type { ActionResult } from './teach.js';

/** The school administration page (R15, R18, R21): structure and accounts. Admins only. */

export const school = signal<SchoolStructure | null>(null);
export const schoolError = signal<string | null>(null);

export async function loadSchool(): Promise<void> {
  try {
    const s = await api().get('/api/admin/school', apiParse.parseSchool);
    batch(() => {
      school.value = s;
      schoolError.value = null;
    });
  } catch (error) {
    schoolError.value = describeApiError(error);
  }
}

async function post(path: string, body: unknown): Promise<ActionResult<void>> {
  try {
    await api().post(path, body, () => undefined);
    await loadSchool();
    return { ok: true, value: undefined };
  } catch (error) {
    return { ok: false, error: { message: describeApiError(error), detail: serverDetail(error) } };
  }
}

const invalid = (message: string): ActionResult<void> => ({ ok: false, error: { message, detail: '' } });

export function addGrade(name: string, level: number): Promise<ActionResult<void>> {
  if (!name.trim()) return Promise.resolve(invalid(tAdmin('admin.error.name')));
  if (!Number.isInteger(level) || level < 1 || level > 12) return Promise.resolve(invalid(tAdmin('admin.error.level')));
  return post('/api/admin/grades', { name: name.trim(), level });
}

export function addClass(gradeId: string, name: string): Promise<ActionResult<void>> {
  if (!gradeId) return Promise.resolve(invalid(tAdmin('admin.error.grade')));
  if (!name.trim()) return Promise.resolve(invalid(tAdmin('admin.error.name')));
  return post('/api/admin/classes', { gradeId, name: name.trim() });
}

export function addSubject(name: string): Promise<ActionResult<void>> {
  if (!name.trim()) return Promise.resolve(invalid(tAdmin('admin.error.name')));
  return post('/api/admin/subjects', { name: name.trim() });
}

// ---- accounts

export const accountsRole = signal<UserRole>('student');
export const accounts = signal<readonly User[]>([]);
export const accountsLoading = signal(false);
export const accountsError = signal<string | null>(null);
/** A password just reset: shown once, next to its account. */
export const resetResult = signal<{ userId: string; password: string } | null>(null);

export async function loadAccounts(role: UserRole = accountsRole.value): Promise<void> {
  batch(() => {
    accountsRole.value = role;
    accountsLoading.value = true;
    resetResult.value = null;
  });
  try {
    const list = await api().get(`/api/admin/accounts?role=${role}`, apiParse.parseAccounts);
    if (accountsRole.value !== role) return; // the admin chose another role meanwhile
    batch(() => {
      accounts.value = list;
      accountsError.value = null;
    });
  } catch (error) {
    accountsError.value = describeApiError(error);
  } finally {
    accountsLoading.value = false;
  }
}

export async function resetPassword(userId: string): Promise<ActionResult<string>> {
  try {
    const password = await api().post(`/api/admin/accounts/${encodeURIComponent(userId)}/reset-password`, undefined, (v) => apiParse.parseString(v, 'initialPassword'));
    resetResult.value = { userId, password };
    return { ok: true, value: password };
  } catch (error) {
    return { ok: false, error: { message: describeApiError(error), detail: serverDetail(error) } };
  }
}
