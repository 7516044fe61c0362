import { batch, signal } from '@preact/signals';
import { tBank } from '../i18n/bank.js';
import { ApiError } from '../net/index.js';
import { bankSchemas, parser, type CognitiveLevel, type ImportFormat, type ImportPreviewResponse, type ImportResultResponse } from '../net/bankApi.js';
import { api, describeApiError } from './api.js';
import { authorSubjects, bankMeta, loadBank } from './bank.js';

/**
 * Importing questions from a file, like the roster import: choose a file, PREVIEW (what each
 * question became, what was not understood), then APPLY (all or none, or only the readable
 * ones when the teacher says so).
 */

export interface ImportForm {
  format: ImportFormat;
  subjectId: string;
  shared: boolean;
  gradeLevel: string;
  topic: string;
  level: CognitiveLevel | '';
}

export const importForm = signal<ImportForm>({ format: 'docx', subjectId: '', shared: false, gradeLevel: '', topic: '', level: '' });
export const importFile = signal<{ name: string; bytes: ArrayBuffer } | null>(null);
export const importPreview = signal<ImportPreviewResponse | null>(null);
export const importResult = signal<ImportResultResponse | null>(null);
export const importBusy = signal(false);
export const importError = signal<string | null>(null);

export function updateImportForm(change: Partial<ImportForm>): void {
  batch(() => {
    importForm.value = { ...importForm.value, ...change };
    if (change.format || change.subjectId) importPreview.value = null;
    importResult.value = null;
  });
}

function maxBytes(format: ImportFormat): number {
  const limits = bankMeta.value?.limits;
  return (format === 'docx' ? limits?.maxDocxImportBytes : limits?.maxTextImportBytes) ?? 2 * 1024 * 1024;
}

export function chooseImportFile(file: { name: string; bytes: ArrayBuffer } | null): void {
  const form = importForm.value;
  // The format follows the file's name when it says one; the teacher can still change it.
  const format: ImportFormat | null = file ? (/\.docx$/i.test(file.name) ? 'docx' : /\.gift(\.txt)?$/i.test(file.name) ? 'gift' : null) : null;
  batch(() => {
    importFile.value = file;
    importPreview.value = null;
    importResult.value = null;
    if (format && format !== form.format) importForm.value = { ...form, format };
    const max = maxBytes(importForm.value.format);
    importError.value = file && file.bytes.byteLength > max ? tBank('bank.import.tooLarge', { mb: Math.round(max / 1048576) }) : null;
  });
}

function subjectOf(form: ImportForm): string {
  return form.subjectId || authorSubjects()[0]?.id || '';
}

async function send<T>(step: 'preview' | 'apply', parse: (v: unknown) => T, extra: Record<string, string> = {}): Promise<T | null> {
  const file = importFile.value;
  const form = importForm.value;
  if (!file) {
    importError.value = tBank('bank.import.noFile');
    return null;
  }
  if (file.bytes.byteLength > maxBytes(form.format)) return null;
  const q = new URLSearchParams({ format: form.format, subjectId: subjectOf(form), ...extra });
  batch(() => {
    importBusy.value = true;
    importError.value = null;
  });
  try {
    return await api().postFile(`/api/bank/import/${step}?${q.toString()}`, file.bytes, 'application/octet-stream', parse);
  } catch (error) {
    importError.value = error instanceof ApiError && error.reason === 'IMPORT_REFUSED' ? tBank('bank.import.refused') : describeApiError(error);
    return null;
  } finally {
    importBusy.value = false;
  }
}

export async function previewImport(): Promise<void> {
  importResult.value = null;
  const preview = await send('preview', parser(bankSchemas.importPreviewResponse));
  if (preview) importPreview.value = preview;
}

/** Applies the file; `onlyValid` skips the questions the preview could not read. */
export async function applyImport(onlyValid: boolean): Promise<void> {
  const f = importForm.value;
  const extra: Record<string, string> = { shared: f.shared ? '1' : '0', skipInvalid: onlyValid ? '1' : '0' };
  if (f.gradeLevel) extra['gradeLevel'] = f.gradeLevel;
  if (f.topic.trim()) extra['topic'] = f.topic.trim();
  if (f.level) extra['level'] = f.level;
  const result = await send('apply', parser(bankSchemas.importResultResponse), extra);
  if (!result) return;
  batch(() => {
    importResult.value = result;
    importPreview.value = null;
    importFile.value = null;
  });
  void loadBank();
}

export function resetImport(): void {
  batch(() => {
    importFile.value = null;
    importPreview.value = null;
    importResult.value = null;
    importError.value = null;
    importBusy.value = false;
  });
}
