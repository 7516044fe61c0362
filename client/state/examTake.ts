import { batch, computed, signal } from '@preact/signals';
import { ApiError } from '../net/index.js';
import { examSchemas, parse, type Answer, type AttemptViewDto, type ClientEventKind } from '../net/examApi.js';
import { api, describeApiError } from './api.js';

/**
 * A student taking a quiz or exam (R11). The server keeps the deadline: the page counts down
 * from what the server said was left (`deadlineAt - now`, measured on the page's monotonic
 * clock, so a wrong computer clock changes nothing). Each answer is sent as soon as it is given
 * and shown "saved" only when the server acknowledged it (after its commit); a failed send is
 * retried with the same seq until it lands or the attempt closes. A reload or another device
 * resumes the same attempt: the answers come back from the server.
 */

export type SaveState = 'saving' | 'saved' | 'retrying';

export const attempt = signal<AttemptViewDto | null>(null);
export const answers = signal<Readonly<Record<string, Answer>>>({});
export const saveStates = signal<Readonly<Record<string, SaveState>>>({});
export const takeError = signal<string | null>(null);
/** Milliseconds left by the server's deadline; null without an attempt in progress. */
export const remainingMs = signal<number | null>(null);
export const answeredCount = computed(() => Object.keys(answers.value).length);

let deadlineMono = 0;
let ticker: ReturnType<typeof setInterval> | null = null;
const seqs = new Map<string, number>();
const pending = new Map<string, Answer>();
const inFlight = new Set<string>();

/** The tab's id: kept across reloads of this tab, new in another tab or device. */
export function clientId(): string {
  const KEY = 'classroom.exam.clientId';
  let id = sessionStorage.getItem(KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    sessionStorage.setItem(KEY, id);
  }
  return id;
}

function show(view: AttemptViewDto): void {
  batch(() => {
    attempt.value = view;
    const given: Record<string, Answer> = {};
    const states: Record<string, SaveState> = {};
    for (const a of view.answers) {
      // An answer the page has not yet got acknowledged wins over the server's older one.
      given[a.questionId] = pending.get(a.questionId) ?? a.answer;
      states[a.questionId] = pending.has(a.questionId) ? 'saving' : 'saved';
      seqs.set(a.questionId, Math.max(seqs.get(a.questionId) ?? 0, a.seq));
    }
    answers.value = given;
    saveStates.value = states;
    takeError.value = null;
  });
  if (view.status === 'in_progress') {
    deadlineMono = performance.now() + (view.deadlineAt - view.now);
    startTicker();
  } else {
    stopTicker();
    remainingMs.value = null;
  }
}

function startTicker(): void {
  const tick = () => {
    const left = Math.max(0, Math.round(deadlineMono - performance.now()));
    remainingMs.value = left;
    // At zero the server closes the attempt: ask it for the closed paper (and the result, if released).
    if (left === 0) {
      stopTicker();
      setTimeout(() => void refresh(), 800);
    }
  };
  stopTicker();
  tick();
  ticker = setInterval(tick, 250);
}

function stopTicker(): void {
  if (ticker) clearInterval(ticker);
  ticker = null;
}

export async function startExam(examId: string): Promise<void> {
  try {
    show(await api().post(`/api/exams/${encodeURIComponent(examId)}/start`, { clientId: clientId() }, parse(examSchemas.attemptView)));
  } catch (error) {
    takeError.value = describeApiError(error);
  }
}

/** One of the student's own attempts, to look back at (answers; after release, grades and feedback). */
export async function openAttempt(attemptId: string): Promise<void> {
  try {
    show(await api().get(`/api/exam-attempts/${encodeURIComponent(attemptId)}?clientId=${encodeURIComponent(clientId())}`, parse(examSchemas.attemptView)));
  } catch (error) {
    takeError.value = describeApiError(error);
  }
}

export async function refresh(): Promise<void> {
  const a = attempt.value;
  if (!a) return;
  try {
    show(await api().get(`/api/exam-attempts/${encodeURIComponent(a.attemptId)}?clientId=${encodeURIComponent(clientId())}`, parse(examSchemas.attemptView)));
  } catch (error) {
    takeError.value = describeApiError(error);
  }
}

/** Records the answer on the page at once and sends it; the newest answer per question wins. */
export function answer(questionId: string, value: Answer): void {
  if (attempt.value?.status !== 'in_progress') return;
  batch(() => {
    answers.value = { ...answers.value, [questionId]: value };
    saveStates.value = { ...saveStates.value, [questionId]: 'saving' };
  });
  seqs.set(questionId, (seqs.get(questionId) ?? 0) + 1);
  pending.set(questionId, value);
  void flush(questionId);
}

async function flush(questionId: string): Promise<void> {
  if (inFlight.has(questionId)) return;
  inFlight.add(questionId);
  try {
    for (let delay = 500; pending.has(questionId); delay = Math.min(delay * 2, 5000)) {
      const a = attempt.value;
      if (!a || a.status !== 'in_progress') return;
      const value = pending.get(questionId)!;
      const seq = seqs.get(questionId)!;
      try {
        await api().put(`/api/exam-attempts/${encodeURIComponent(a.attemptId)}/answers/${encodeURIComponent(questionId)}`, { answer: value, seq, clientId: clientId() }, parse(examSchemas.saveAnswerResponse));
        // Acknowledged: durable on the server. A newer answer given meanwhile goes next.
        if (pending.get(questionId) === value) {
          pending.delete(questionId);
          saveStates.value = { ...saveStates.value, [questionId]: 'saved' };
        }
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          // Closed (deadline, or submitted elsewhere): nothing more can be saved.
          pending.clear();
          takeError.value = describeApiError(error);
          await refresh();
          return;
        }
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          pending.delete(questionId);
          takeError.value = describeApiError(error);
          return;
        }
        saveStates.value = { ...saveStates.value, [questionId]: 'retrying' };
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  } finally {
    inFlight.delete(questionId);
  }
}

/** Tells the proctor what the page saw; best effort (a lost report is not worth a retry loop). */
export function report(kind: ClientEventKind, detail = ''): void {
  const a = attempt.value;
  if (!a || a.status !== 'in_progress') return;
  api()
    .post(`/api/exam-attempts/${encodeURIComponent(a.attemptId)}/events`, { kind, detail, clientId: clientId() }, () => null)
    .catch(() => undefined);
}

export async function submit(): Promise<void> {
  const a = attempt.value;
  if (!a) return;
  try {
    show(await api().post(`/api/exam-attempts/${encodeURIComponent(a.attemptId)}/submit`, { clientId: clientId() }, parse(examSchemas.attemptView)));
  } catch (error) {
    takeError.value = describeApiError(error);
    await refresh();
  }
}

/** Unsaved answers: the page warns before it is closed while any is left. */
export function hasUnsaved(): boolean {
  return pending.size > 0;
}

export function resetTake(): void {
  stopTicker();
  seqs.clear();
  pending.clear();
  batch(() => {
    attempt.value = null;
    answers.value = {};
    saveStates.value = {};
    takeError.value = null;
    remainingMs.value = null;
  });
}
