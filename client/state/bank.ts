import { batch, signal } from '@preact/signals';
import { tBank } from '../i18n/bank.js';
import { bankSchemas, parser, type BankMetaResponse, type CognitiveLevel, type QuestionKind, type QuestionListResponse } from '../net/bankApi.js';
import { api, describeApiError } from './api.js';

/**
 * The question bank page (R16): what the teacher may write in (meta), the list with its
 * filters, and the actions on one question (copy, archive). The editor and the import have
 * their own modules (bankEditor.ts, bankImport.ts).
 */

export type BankItem = QuestionListResponse['items'][number];
export type Scope = 'all' | 'mine' | 'shared';

export interface BankFilters {
  scope: Scope;
  subjectId: string;
  kind: QuestionKind | '';
  gradeLevel: string;
  topic: string;
  level: CognitiveLevel | '';
  q: string;
}

export const EMPTY_FILTERS: BankFilters = { scope: 'all', subjectId: '', kind: '', gradeLevel: '', topic: '', level: '', q: '' };
export const PAGE_SIZE = 30;

export const bankMeta = signal<BankMetaResponse | null>(null);
export const bankFilters = signal<BankFilters>(EMPTY_FILTERS);
export const bankItems = signal<readonly BankItem[]>([]);
export const bankTotal = signal(0);
export const bankLoading = signal(false);
export const bankError = signal<string | null>(null);
/** A short message after an action ("Đã sao chép…"). */
export const bankNotice = signal<string | null>(null);

export async function loadBankMeta(): Promise<void> {
  try {
    bankMeta.value = await api().get('/api/bank/meta', parser(bankSchemas.bankMetaResponse));
  } catch (error) {
    bankError.value = describeApiError(error);
  }
}

/** The query string of the filters (the list and the export use the same). */
export function filterQuery(f: BankFilters): URLSearchParams {
  const q = new URLSearchParams({ scope: f.scope });
  if (f.subjectId) q.set('subjectId', f.subjectId);
  if (f.kind) q.set('kind', f.kind);
  if (f.gradeLevel) q.set('gradeLevel', f.gradeLevel);
  if (f.topic) q.set('topic', f.topic);
  if (f.level) q.set('level', f.level);
  if (f.q.trim()) q.set('q', f.q.trim());
  return q;
}

/** Loads the first page for the filters, or the next page (`more`). */
export async function loadBank(more = false): Promise<void> {
  const query = filterQuery(bankFilters.value);
  query.set('limit', String(PAGE_SIZE));
  query.set('offset', String(more ? bankItems.value.length : 0));
  bankLoading.value = true;
  try {
    const page = await api().get(`/api/bank/questions?${query.toString()}`, parser(bankSchemas.questionListResponse));
    batch(() => {
      bankItems.value = more ? [...bankItems.value, ...page.items] : page.items;
      bankTotal.value = page.total;
      bankError.value = null;
    });
  } catch (error) {
    bankError.value = describeApiError(error);
  } finally {
    bankLoading.value = false;
  }
}

export function setFilters(change: Partial<BankFilters>): void {
  bankFilters.value = { ...bankFilters.value, ...change };
}

export function exportUrl(format: 'gift' | 'aiken'): string {
  const q = filterQuery(bankFilters.value);
  q.set('format', format);
  return `/api/bank/export?${q.toString()}`;
}

export async function copyQuestion(id: string): Promise<void> {
  try {
    await api().post(`/api/bank/questions/${encodeURIComponent(id)}/copy`, undefined, parser(bankSchemas.savedQuestionResponse));
    bankNotice.value = tBank('bank.copied');
    await loadBank();
  } catch (error) {
    bankError.value = describeApiError(error);
  }
}

export async function archiveQuestion(id: string): Promise<void> {
  try {
    await api().del(`/api/bank/questions/${encodeURIComponent(id)}`, () => null);
    bankNotice.value = tBank('bank.archived');
    await loadBank();
  } catch (error) {
    bankError.value = describeApiError(error);
  }
}

/** Subjects the teacher writes questions in. */
export function authorSubjects(): Array<{ id: string; name: string }> {
  return (bankMeta.value?.subjects ?? []).filter((s) => s.canAuthor);
}

export function subjectName(id: string): string {
  return bankMeta.value?.subjects.find((s) => s.id === id)?.name ?? '';
}

export function resetBank(): void {
  batch(() => {
    bankFilters.value = EMPTY_FILTERS;
    bankItems.value = [];
    bankTotal.value = 0;
    bankError.value = null;
    bankNotice.value = null;
  });
}
