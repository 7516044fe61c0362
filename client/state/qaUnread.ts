import { signal } from '@preact/signals';
import { api } from './api.js';

/**
 * The unread count of the class Q&A for the navigation badge, and the pushes that keep it (and an
 * open Q&A page) current while the app is open. Part of the entry chunk, so it reads the one
 * number and the push by hand instead of importing the page's schemas (zod stays out of the entry).
 */
export const qaUnread = signal(0);
/** The push stream is open: the badge is current without asking every minute. */
export const qaLive = signal(false);

/** `event: qa` of GET /api/qa/events (proto/http/classQa.ts qaEvent): look again at this question. */
export interface QaPush {
  questionId: string;
  kind: string;
}

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

function pushOf(data: string): QaPush | null {
  try {
    const v = JSON.parse(data) as { questionId?: unknown; kind?: unknown } | null;
    return typeof v?.questionId === 'string' && typeof v.kind === 'string' ? { questionId: v.questionId, kind: v.kind } : null;
  } catch {
    return null;
  }
}

const listeners = new Set<(p: QaPush) => void>();
let source: EventSource | null = null;
let users = 0;
let closing: ReturnType<typeof setTimeout> | undefined;

/** Calls `fn` on each push (the Q&A page reloads what it shows); returns the unsubscribe. */
export function onQaPush(fn: (p: QaPush) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Keeps the push stream open while someone watches (the app shell of a student or teacher);
 * returns the release. A page change remounts the shell: the stream is closed only if nobody
 * took it again within a second. EventSource reconnects by itself (the server ends a stream every
 * few minutes); each (re)open reads the badge, which catches up with what came meanwhile.
 */
export function watchQaPushes(): () => void {
  users++;
  clearTimeout(closing);
  if (!source && typeof EventSource !== 'undefined') {
    const es = new EventSource('/api/qa/events');
    source = es;
    es.onopen = () => {
      qaLive.value = true;
      void refreshQaUnread();
    };
    es.onerror = () => (qaLive.value = false);
    es.addEventListener('qa', (m) => {
      const push = pushOf((m as MessageEvent<string>).data);
      if (!push) return;
      void refreshQaUnread();
      for (const fn of [...listeners]) fn(push);
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users > 0) return;
    closing = setTimeout(() => {
      source?.close();
      source = null;
      qaLive.value = false;
    }, 1000);
  };
}
