import { signal } from '@preact/signals';
import { api } from './api.js';

/**
 * The unread count of the class Q&A for the navigation badge. Part of the entry chunk, so it reads
 * the one number by hand instead of importing the page's schemas (zod stays out of the entry).
 */
export const qaUnread = signal(0);

function unreadOf(v: unknown): number {
  const n = (v as { unread?: unknown } | null)?.unread;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Asks the server again; a failure leaves the last count (the badge is a hint, the page tells the truth). */
export async function refreshQaUnread(): Promise<void> {
  try {
    qaUnread.value = await api().get('/api/qa/notifications', unreadOf);
  } catch {
    // kept as it was
  }
}
