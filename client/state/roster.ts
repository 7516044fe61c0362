import { batch, signal } from '@preact/signals';
import { tAdmin } from '../i18n/admin.js';
import { api as apiParse, ApiError, type CreatedAccount, type RosterIssue, type RosterKind, type RosterPreview, type RosterResult } from '../net/index.js';
import { api, describeApiError } from './api.js';
import { loadSchool } from './admin.js';

/**
 * Roster import (R18): choose a CSV file, PREVIEW (what each row would do, every problem with
 * its line and column), then APPLY (all rows or none). The initial passwords of created
 * accounts are shown once, with a CSV to print.
 */

export const ROSTER_MAX_BYTES = 2 * 1024 * 1024;

export const rosterKind = signal<RosterKind>('students');
export const rosterFile = signal<{ name: string; bytes: ArrayBuffer } | null>(null);
export const rosterPreview = signal<RosterPreview | null>(null);
export const rosterResult = signal<RosterResult | null>(null);
export const rosterBusy = signal(false);
export const rosterError = signal<string | null>(null);

export function chooseRosterKind(kind: RosterKind): void {
  batch(() => {
    rosterKind.value = kind;
    rosterPreview.value = null;
    rosterResult.value = null;
    rosterError.value = null;
  });
}

export function chooseRosterFile(file: { name: string; bytes: ArrayBuffer } | null): void {
  batch(() => {
    rosterFile.value = file;
    rosterPreview.value = null;
    rosterResult.value = null;
    rosterError.value = file && file.bytes.byteLength > ROSTER_MAX_BYTES ? tAdmin('roster.tooLarge') : null;
  });
}

async function upload<T>(step: 'preview' | 'apply', parse: (v: unknown) => T): Promise<T | null> {
  const file = rosterFile.value;
  if (!file) {
    rosterError.value = tAdmin('roster.noFile');
    return null;
  }
  if (file.bytes.byteLength > ROSTER_MAX_BYTES) return null;
  batch(() => {
    rosterBusy.value = true;
    rosterError.value = null;
  });
  try {
    return await api().postFile(`/api/admin/roster/${step}?kind=${rosterKind.value}`, file.bytes, 'text/csv', parse);
  } catch (error) {
    const issues = error instanceof ApiError ? apiParse.parseIssues(error.details['issues']) : [];
    if (step === 'apply' && issues.length > 0) {
      // Refused: show the issues as a preview would.
      rosterPreview.value = { ...(rosterPreview.value ?? emptyPreview()), issues, ok: false };
      rosterError.value = tAdmin('roster.applyRefused', { count: issues.length });
    } else {
      rosterError.value = describeApiError(error);
    }
    return null;
  } finally {
    rosterBusy.value = false;
  }
}

function emptyPreview(): RosterPreview {
  return { kind: rosterKind.value, rows: [], issues: [], ignoredColumns: [], counts: { create: 0, update: 0, unchanged: 0 }, ok: false };
}

export async function previewRoster(): Promise<void> {
  rosterResult.value = null;
  const preview = await upload('preview', apiParse.parseRosterPreview);
  if (preview) rosterPreview.value = preview;
}

export async function applyRoster(): Promise<void> {
  const result = await upload('apply', apiParse.parseRosterResult);
  if (!result) return;
  batch(() => {
    rosterResult.value = result;
    rosterPreview.value = null;
  });
  void loadSchool();
}

/** Issues sorted as the file reads: by line, whole-file problems first. */
export function sortedIssues(issues: readonly RosterIssue[]): RosterIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
}

/** One CSV field, quoted when needed (RFC 4180). A leading =+-@ is neutralised: Excel would run it. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The created accounts with their first passwords, for printing: UTF-8 with a BOM so that
 * Excel opens the Vietnamese names correctly, CRLF line ends.
 */
export function createdAccountsCsv(created: readonly CreatedAccount[]): string {
  const header = [tAdmin('roster.csv.code'), tAdmin('roster.csv.name'), tAdmin('roster.csv.login'), tAdmin('roster.csv.password')];
  const rows = created.map((c) => [c.code ?? '', c.displayName, c.code ?? c.username ?? '', c.initialPassword]);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function resetRoster(): void {
  batch(() => {
    rosterFile.value = null;
    rosterPreview.value = null;
    rosterResult.value = null;
    rosterBusy.value = false;
    rosterError.value = null;
  });
}
