import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeFetch, apiError } from '../../net/testing/FakeFetch.js';
import { setApiFetch } from '../../state/api.js';
import { AssessmentSettings } from './AssessmentSettings.js';

let container: HTMLElement;
let fake: FakeFetch;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  fake = new FakeFetch();
  setApiFetch(fake.fetch);
});

afterEach(() => {
  render(null, container);
  container.remove();
  setApiFetch(null);
});

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

const row = (subjectId: string) => container.querySelector<HTMLElement>(`[data-testid="assessment-row"][data-subject-id="${subjectId}"]`)!;

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('how subjects are assessed (the administrator)', () => {
  it('lists the subjects, saves one row as chosen, and shows a refusal on its row', async () => {
    fake.on('GET /api/gradebook/settings', {
      status: 200,
      json: { subjects: [{ subjectId: 'sub_td', subjectName: 'Giáo dục thể chất', mode: 'score', regularCount: 3 }, { subjectId: 'sub_toan', subjectName: 'Toán', mode: 'score', regularCount: 4 }] },
    });
    fake.on('PUT /api/gradebook/settings', (req) => {
      const body = JSON.parse(String(req.body)) as { subjectId: string; mode: string; regularCount: number };
      return body.subjectId === 'sub_toan' ? { status: 403, json: apiError('FORBIDDEN', 'Not allowed') } : { status: 200, json: body };
    });
    render(<AssessmentSettings />, container);
    await settle();
    expect([...container.querySelectorAll('[data-testid="assessment-row"]')].map((r) => r.getAttribute('data-subject-id'))).toEqual(['sub_td', 'sub_toan']);

    choose(row('sub_td').querySelector<HTMLSelectElement>('[data-testid="assessment-mode"]')!, 'comment');
    choose(row('sub_td').querySelector<HTMLSelectElement>('[data-testid="assessment-count"]')!, '2');
    await settle();
    row('sub_td').querySelector<HTMLButtonElement>('[data-testid="assessment-save"]')!.click();
    await settle();
    expect(fake.lastBody('/api/gradebook/settings')).toEqual({ subjectId: 'sub_td', mode: 'comment', regularCount: 2 });
    expect(row('sub_td').querySelector('[data-testid="assessment-status"]')!.textContent).toBe('Đã lưu');

    row('sub_toan').querySelector<HTMLButtonElement>('[data-testid="assessment-save"]')!.click();
    await settle();
    expect(row('sub_toan').querySelector('[data-testid="assessment-status"]')!.textContent).not.toBe('');
    expect(row('sub_toan').querySelector('[data-testid="assessment-status"]')!.textContent).not.toBe('Đã lưu');
  });
});
