import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n/index.js';
import { apiError, FakeFetch, userJson } from '../../net/testing/FakeFetch.js';
import { setApiFetch } from '../../state/api.js';
import { erasedNotice } from '../../state/privacy.js';
import { AccountsList } from './AccountsList.js';
import { AuditLog } from './AuditLog.js';

let container: HTMLElement;
let fake: FakeFetch;

const an = userJson({ id: 'usr_an', code: '079200000001', displayName: 'Nguyễn Văn An' });
const binh = userJson({ id: 'usr_binh', code: '079200000002', displayName: 'Phạm Thị Bình' });

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  fake = new FakeFetch();
  setApiFetch(fake.fetch);
  erasedNotice.value = null;
});

afterEach(() => {
  render(null, container);
  container.remove();
  setApiFetch(null);
  setLang('vi');
});

/** Lets the fake fetch answer and Preact re-render. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

const $ = <E extends Element = HTMLElement>(selector: string, root: ParentNode = container) => root.querySelector<E & HTMLElement>(selector);

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function row(userId: string): HTMLElement {
  const found = $(`[data-testid="account-row"][data-user-id="${userId}"]`);
  if (!found) throw new Error(`no row for ${userId}`);
  return found;
}

describe('a student’s data on the accounts list', () => {
  it('offers the export as a download link, and erases only after the right ID code is typed', async () => {
    fake.on('GET /api/admin/accounts', { status: 200, json: { accounts: [an, binh] } });
    fake.on('POST /api/admin/students/usr_an/erase', { status: 200, json: { studentId: 'usr_an', erased: { account: 1, attendanceEvents: 12 } } });
    act(() => render(<AccountsList />, container));
    await settle();
    const link = $<HTMLAnchorElement>('[data-testid="student-export"]', row('usr_an'));
    expect(link?.getAttribute('href')).toBe('/api/admin/students/usr_an/export');
    expect(link?.hasAttribute('download')).toBe(true);

    act(() => $('[data-testid="student-erase"]', row('usr_an'))!.click());
    expect($('[data-testid="student-erase-form"]', row('usr_an'))?.textContent).toContain('079200000001');
    act(() => type($<HTMLInputElement>('[data-testid="student-erase-code"]', row('usr_an'))!, '079200000002'));
    act(() => $('[data-testid="student-erase-confirm"]', row('usr_an'))!.click());
    await settle();
    expect($('[data-testid="student-erase-error"]', row('usr_an'))?.textContent).toContain('không khớp');
    expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);

    act(() => type($<HTMLInputElement>('[data-testid="student-erase-code"]', row('usr_an'))!, ' 079200000001 '));
    act(() => $('[data-testid="student-erase-confirm"]', row('usr_an'))!.click());
    await settle();
    expect(fake.lastBody('/api/admin/students/usr_an/erase')).toEqual({ confirmCode: '079200000001' });
    expect([...container.querySelectorAll('[data-testid="account-row"]')].map((r) => r.getAttribute('data-user-id'))).toEqual(['usr_binh']);
    expect($('[data-testid="student-erased"]')?.textContent).toBe('Đã xóa dữ liệu của Nguyễn Văn An.');
  });

  it('says why when the student is in a live lesson, and keeps the row', async () => {
    fake.on('GET /api/admin/accounts', { status: 200, json: { accounts: [an] } });
    fake.on('POST /api/admin/students/usr_an/erase', { status: 409, json: apiError('CONFLICT', 'The student is in a live lesson now') });
    act(() => render(<AccountsList />, container));
    await settle();
    act(() => $('[data-testid="student-erase"]')!.click());
    act(() => type($<HTMLInputElement>('[data-testid="student-erase-code"]')!, '079200000001'));
    act(() => $('[data-testid="student-erase-confirm"]')!.click());
    await settle();
    expect($('[data-testid="student-erase-error"]')?.textContent).toContain('đang trong một tiết học');
    expect(row('usr_an')).toBeTruthy();
  });

  it('shows no data actions for teachers', async () => {
    fake.on('GET /api/admin/accounts', { status: 200, json: { accounts: [userJson({ id: 'usr_t', role: 'teacher', className: null })] } });
    act(() => render(<AccountsList />, container));
    await settle();
    expect(row('usr_t')).toBeTruthy();
    expect($('[data-testid="student-export"]')).toBeNull();
  });
});

describe('AuditLog', () => {
  it('lists sign-ins with translated events, then the access log with erased people marked', async () => {
    fake.on('GET /api/admin/audit?log=logins&limit=100', {
      status: 200,
      json: {
        log: 'logins',
        entries: [
          { at: Date.UTC(2026, 10, 22, 1, 5, 9), kind: 'login_failed', userName: null, login: 'ai-do', ip: '10.0.0.9', detail: 'unknown_login' },
          { at: Date.UTC(2026, 10, 22, 1, 0, 0), kind: 'login_succeeded', userName: 'Nguyễn Văn An', login: '079200000001', ip: '10.0.0.7', detail: null },
        ],
      },
    });
    fake.on('GET /api/admin/audit?log=access&limit=100', {
      status: 200,
      json: {
        log: 'access',
        entries: [{ at: 1, action: 'delete', actorName: 'Ban giám hiệu', subjectUserId: 'usr_x', subjectName: null, resource: 'student:usr_x', ip: null }],
      },
    });
    act(() => render(<AuditLog />, container));
    await settle();
    const cells = () => [...container.querySelectorAll('[data-testid="audit-entry"]')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells()).toEqual([
      ['08:05:09 22/11/2026', '(không rõ: ai-do)', 'Đăng nhập thất bại', '10.0.0.9'],
      ['08:00:00 22/11/2026', 'Nguyễn Văn An', 'Đăng nhập', '10.0.0.7'],
    ]);
    const select = $<HTMLSelectElement>('[data-testid="audit-log"]')!;
    select.value = 'access';
    act(() => {
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(cells()[0]?.slice(1)).toEqual(['Ban giám hiệu', 'Xóa', '(đã xóa)', 'student:usr_x']);
  });
});
