import type { Actor } from '../../authz/index.js';
import type { BankQuery, QuestionBank } from '../QuestionBank.js';
import { exportAiken } from './aiken.js';
import { exportGift, type ExportEntry, type ExportResult } from './giftExport.js';

export type ExportFormat = 'gift' | 'aiken';

/** Most questions in one export. */
export const MAX_EXPORT = 2000;

/**
 * The questions `query` finds (what the actor sees), newest change first, as a GIFT or Aiken
 * file. Titles are "Câu 1", "Câu 2"… in that order.
 */
export async function exportQuestions(bank: QuestionBank, actor: Actor, format: ExportFormat, query: BankQuery): Promise<ExportResult & { count: number }> {
  const entries: ExportEntry[] = [];
  for (let offset = 0; offset < MAX_EXPORT; offset += 200) {
    const page = await bank.search(actor, { ...query, limit: 200, offset });
    for (const q of page.items) entries.push({ title: `Câu ${entries.length + 1}`, question: q.question });
    if (page.items.length < 200) break;
  }
  const result = format === 'gift' ? exportGift(entries) : exportAiken(entries);
  return { ...result, count: entries.length };
}
