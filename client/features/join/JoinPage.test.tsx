import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reloadLang, setLang } from '../../i18n/index.js';
import { api } from '../../net/index.js';
import { phase, reconnectAttempt } from '../../state/connection.js';
import { lessonPasswordPrompt, resetToJoin } from '../../state/session.js';
import { JoinPage } from './JoinPage.js';

function tokenFor(payload: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const base64 = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${base64}.c2lnbmF0dXJl`;
}

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  resetToJoin();
});

afterEach(() => {
  render(null, container);
  container.remove();
  localStorage.clear();
  reloadLang();
});

describe('JoinPage', () => {
  it('prefills the name from the link and says the role', () => {
    const token = tokenFor({ name: 'Trần Thị Bình', role: 'student', lessonId: 'l1', exp: Date.now() + 3_600_000 });
    act(() => render(<JoinPage lessonId="l1" token={token} skipDevices />, container));
    const input = container.querySelector<HTMLInputElement>('[data-testid="join-name"]');
    expect(input?.value).toBe('Trần Thị Bình');
    expect(container.textContent).toContain('Bạn vào lớp với vai trò học sinh');
    expect(container.querySelector('[data-testid="join-button"]')?.textContent).toBe('Vào lớp');
  });

  it('warns about an expired link but still lets the user try', () => {
    const token = tokenFor({ name: 'Cô Lan', role: 'teacher', lessonId: 'l1', exp: Date.now() - 1000 });
    act(() => render(<JoinPage lessonId="l1" token={token} skipDevices />, container));
    expect(container.querySelector('[data-testid="join-link-expired"]')).not.toBeNull();
    expect(container.querySelector<HTMLButtonElement>('[data-testid="join-button"]')?.disabled).toBe(false);
  });

  it('a join that cannot open its WebSocket (upgrades dropped on the way) says so, in Vietnamese, while it retries', () => {
    act(() => render(<JoinPage lessonId="l1" token="" skipDevices />, container));
    act(() => {
      phase.value = 'connecting';
      reconnectAttempt.value = 3;
    });
    expect(container.querySelector('[data-testid="join-retrying"]')?.textContent).toMatch(/chặn kết nối WebSocket.*lần 3/);
  });

  it('speaks English when switched (its messages fetched on demand)', async () => {
    act(() => render(<JoinPage lessonId="l1" token="" skipDevices />, container));
    await act(() => setLang('en'));
    expect(container.querySelector('[data-testid="join-button"]')?.textContent).toBe('Join the lesson');
    expect(container.querySelector('[data-testid="lang-en"]')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('a signed-in student of a lesson with a password is asked for it, under the account\'s name', () => {
    const entry = api.parseTimetableEntry({
      lesson: { id: 'l1', title: 'Phân số', classId: 'c', subjectId: 's', teacherId: 't', scheduledStart: 0, scheduledEnd: 1, startedAt: null, endedAt: null, status: 'live', hasPassword: true },
      className: '6A1',
      subjectName: 'Toán',
      teacherName: 'Cô Lan',
      canJoin: true,
      canManage: false,
    });
    act(() => render(<JoinPage lessonId="l1" token="" entry={entry} skipDevices />, container));
    expect(container.querySelector('[data-testid="join-name"]')).toBeNull();
    expect(container.querySelector('[data-testid="join-lesson-title"]')?.textContent).toBe('Phân số');
    expect(container.querySelector('[data-testid="lesson-password-input"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="lesson-password-submit"]')?.textContent).toBe('Vào lớp');
    expect(container.querySelector('[data-testid="join-button"]')).toBeNull();
  });

  it('asks for the password once the server said the lesson needs one', () => {
    act(() => render(<JoinPage lessonId="l1" token="" skipDevices />, container));
    expect(container.querySelector('[data-testid="lesson-password-input"]')).toBeNull();
    act(() => {
      lessonPasswordPrompt.value = 'wrong';
    });
    expect(container.querySelector('[data-testid="lesson-password-input"]')?.getAttribute('aria-invalid')).toBe('true');
  });
});
