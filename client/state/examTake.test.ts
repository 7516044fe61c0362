import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptViewDto } from '../net/examApi.js';
import { FakeFetch } from '../net/testing/FakeFetch.js';
import { setApiFetch } from './api.js';
import { answer, answers, attempt, remainingMs, resetTake, saveStates, startExam } from './examTake.js';

let fake: FakeFetch;
const view = (over: Partial<AttemptViewDto> = {}): AttemptViewDto => ({
  attemptId: 'att_1', examId: 'exm_1', title: 'Kiểm tra', mode: 'exam', status: 'in_progress', startedAt: 0,
  // The server's clock is an hour ahead of the page's: only deadlineAt - now counts.
  deadlineAt: 3_600_000 + 600_000, now: 3_600_000,
  questions: [{ questionId: 'q1', position: 0, partId: 'I', points: 0.25, body: { kind: 'single_choice', stem: 's', options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }], fixedOrder: false } }],
  answers: [], result: null, ...over,
});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await vi.advanceTimersByTimeAsync(50);
  expect(check()).toBe(true);
};

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeFetch();
  setApiFetch(fake.fetch);
  fake.on('POST /api/exams/exm_1/start', { status: 200, json: view() });
});
afterEach(() => {
  resetTake();
  setApiFetch(null);
  vi.useRealTimers();
});

describe('taking an exam', () => {
  it('counts down what the server said is left, whatever the page’s clock says', async () => {
    await startExam('exm_1');
    expect(remainingMs.value).toBe(600_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(remainingMs.value).toBeLessThanOrEqual(590_000);
    expect(remainingMs.value).toBeGreaterThan(589_000);
  });

  it('shows an answer saved only once acknowledged, and retries a failed send with the same seq', async () => {
    let calls = 0;
    fake.on('PUT /api/exam-attempts/att_1/answers/q1', () => (++calls === 1 ? { status: 503, json: { error: { code: 'UNAVAILABLE', message: 'x' } } } : { status: 200, json: { seq: 1, savedAt: 1, deadlineAt: 2, now: 1 } }));
    await startExam('exm_1');
    answer('q1', { kind: 'single_choice', choice: 'B' });
    expect(saveStates.value['q1']).toBe('saving');
    await until(() => saveStates.value['q1'] === 'saved');
    const sent = fake.requests.filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body as string) as { seq: number });
    expect(sent.map((b) => b.seq)).toEqual([1, 1]);
    expect(answers.value['q1']).toEqual({ kind: 'single_choice', choice: 'B' });
  });

  it('stops saving when the server says the attempt is closed, and shows the closed paper', async () => {
    fake.on('PUT /api/exam-attempts/att_1/answers/q1', { status: 409, json: { error: { code: 'CONFLICT', message: 'The time is up', details: { reason: 'DEADLINE_PASSED' } } } });
    fake.on('GET /api/exam-attempts/att_1', { status: 200, json: view({ status: 'closed_by_deadline' }) });
    await startExam('exm_1');
    answer('q1', { kind: 'single_choice', choice: 'A' });
    await until(() => attempt.value?.status === 'closed_by_deadline');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(remainingMs.value).toBeNull();
  });

  it('resumes with the server’s answers and continues their seq', async () => {
    fake.on('POST /api/exams/exm_1/start', { status: 200, json: view({ answers: [{ questionId: 'q1', answer: { kind: 'single_choice', choice: 'A' }, seq: 4 }] }) });
    fake.on('PUT /api/exam-attempts/att_1/answers/q1', { status: 200, json: { seq: 5, savedAt: 1, deadlineAt: 2, now: 1 } });
    await startExam('exm_1');
    expect(saveStates.value['q1']).toBe('saved');
    answer('q1', { kind: 'single_choice', choice: 'B' });
    await until(() => saveStates.value['q1'] === 'saved');
    expect((fake.lastBody('/api/exam-attempts/att_1/answers/q1') as { seq: number }).seq).toBe(5);
  });
});
