import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeFetch, apiError } from '../../net/testing/FakeFetch.js';
import { setApiFetch } from '../../state/api.js';
import { EditAssignmentForm } from './EditAssignmentForm.js';

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

const $ = <E extends HTMLElement>(id: string) => container.querySelector<E>(`[data-testid="${id}"]`)!;

// Due 21:00 on 8 September 2026, school time (UTC+7); given to two chosen students.
const assignment = {
  id: 'asg_1', classId: 'cls_8a', className: '8A', subjectId: 'sub_toan', subjectName: 'Toán', teacherId: 'u_t', title: 'Bài 1', instructions: 'Làm $x+1=2$',
  openAt: Date.UTC(2026, 8, 7, 1), dueAt: Date.UTC(2026, 8, 8, 14), acceptLate: true, latePenaltyTenths: 10, studentIds: ['u_a', 'u_b'], createdAt: 0, updatedAt: 0,
};

function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('changing an assignment', () => {
  it('starts from its values in school time, sends the change keeping its students, and shows a refusal', async () => {
    let done = 0;
    fake.on('GET /api/assignments/asg_1', { status: 200, json: { assignment, attachments: [], canManage: true, canSubmit: false } });
    fake.on('PUT /api/assignments/asg_1', (req) =>
      String(req.body).includes('"date":"2026-09-01"') ? { status: 400, json: apiError('BAD_REQUEST', 'The due time must come after the opening time') } : { status: 200, json: { assignment } },
    );
    render(<EditAssignmentForm assignment={assignment} onDone={() => done++} />, container);
    expect([$<HTMLInputElement>('edit-due-date').value, $<HTMLInputElement>('edit-due-time').value, $<HTMLInputElement>('edit-late-penalty').value]).toEqual(['2026-09-08', '21:00', '1']);

    type($<HTMLInputElement>('edit-title'), 'Bài 1 (sửa)');
    type($<HTMLInputElement>('edit-due-date'), '2026-09-10');
    await settle();
    $<HTMLButtonElement>('edit-save').click();
    await settle();
    const put = fake.requests.filter((r) => r.method === 'PUT');
    expect(put.map((r) => JSON.parse(String(r.body)) as unknown)).toEqual([{
      title: 'Bài 1 (sửa)', instructions: 'Làm $x+1=2$', due: { date: '2026-09-10', time: '21:00' }, acceptLate: true, latePenaltyTenths: 10, studentIds: ['u_a', 'u_b'],
    }]);
    expect(done).toBe(1);

    type($<HTMLInputElement>('edit-due-date'), '2026-09-01');
    await settle();
    $<HTMLButtonElement>('edit-save').click();
    await settle();
    expect($('edit-error').textContent).not.toBe('');
    expect(done).toBe(1);
  });
});

describe('a picture in the instructions', () => {
  it('offers the image attachments only, and puts the chosen one in as [img:id]', async () => {
    fake.on('GET /api/assignments/asg_1', { status: 200, json: { assignment, attachments: [], canManage: true, canSubmit: false } });
    fake.on('PUT /api/assignments/asg_1', { status: 200, json: { assignment } });
    const file = (id: string, fileName: string, mediaType: string) => ({ id, fileName, size: 10, mediaType, sha256: 'x', url: `/api/files/${id}` });
    render(<EditAssignmentForm assignment={assignment} attachments={[file('upl_photo1234', 'hinh.jpg', 'image/jpeg'), file('upl_sheet1234', 'de.pdf', 'application/pdf')]} onDone={() => undefined} />, container);
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[data-testid="edit-insert-image"]')];
    expect(buttons.map((b) => b.getAttribute('data-file-id'))).toEqual(['upl_photo1234']);
    buttons[0]!.click();
    await settle();
    $<HTMLButtonElement>('edit-save').click();
    await settle();
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect((JSON.parse(String(put?.body)) as { instructions: string }).instructions).toBe('Làm $x+1=2$\n[img:upl_photo1234]');
  });
});
