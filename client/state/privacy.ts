import { batch, signal } from '@preact/signals';
import { tAdmin } from '../i18n/admin.js';
import * as auditApi from '../net/apiAudit.js';
import type { AuditLogName, AuditPage } from '../net/apiAudit.js';
import { ApiError } from '../net/index.js';
import { accounts } from './admin.js';
import { api, describeApiError, serverDetail } from './api.js';
import type { ActionResult } from './teach.js';

/** A student's personal data (R21) and the security logs, on the administration page. */

/** Same-origin link: the browser sends the session cookie and saves the JSON file. */
export function studentExportUrl(userId: string): string {
  return `/api/admin/students/${encodeURIComponent(userId)}/export`;
}

/** The last erasure, announced once above the accounts table. */
export const erasedNotice = signal<string | null>(null);

/**
 * Erases a student after the admin typed their ID code. The code is compared here first, so a
 * typo is caught before anything is sent; the server compares again.
 */
export async function eraseStudent(student: { id: string; code: string | null; username: string | null; displayName: string }, typed: string): Promise<ActionResult<void>> {
  const expected = student.code ?? student.username ?? '';
  if (typed.trim() !== expected) return { ok: false, error: { message: tAdmin('privacy.confirmMismatch'), detail: '' } };
  try {
    await api().post(`/api/admin/students/${encodeURIComponent(student.id)}/erase`, { confirmCode: typed.trim() }, auditApi.parseErasure);
    batch(() => {
      accounts.value = accounts.value.filter((a) => a.id !== student.id);
      erasedNotice.value = tAdmin('privacy.erased', { name: student.displayName });
    });
    return { ok: true, value: undefined };
  } catch (error) {
    const live = error instanceof ApiError && error.code === 'CONFLICT';
    return { ok: false, error: { message: live ? tAdmin('privacy.eraseLive') : describeApiError(error), detail: live ? '' : serverDetail(error) } };
  }
}

export const auditLog = signal<AuditLogName>('logins');
export const auditPage = signal<AuditPage | null>(null);
export const auditLoading = signal(false);
export const auditError = signal<string | null>(null);

/** The newest 100 entries of one log. */
export async function loadAudit(log: AuditLogName = auditLog.value): Promise<void> {
  batch(() => {
    auditLog.value = log;
    auditLoading.value = true;
  });
  try {
    const page = await api().get(`/api/admin/audit?log=${log}&limit=100`, auditApi.parseAuditPage);
    if (auditLog.value !== log) return; // another log was chosen meanwhile
    batch(() => {
      auditPage.value = page;
      auditError.value = null;
    });
  } catch (error) {
    auditError.value = describeApiError(error);
  } finally {
    auditLoading.value = false;
  }
}
