import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reloadLang, setLang } from '../../i18n/index.js';
import { resetToJoin } from '../../state/session.js';
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

  it('speaks English when switched', () => {
    act(() => render(<JoinPage lessonId="l1" token="" skipDevices />, container));
    act(() => setLang('en'));
    expect(container.querySelector('[data-testid="join-button"]')?.textContent).toBe('Join the lesson');
    expect(container.querySelector('[data-testid="lang-en"]')?.getAttribute('aria-pressed')).toBe('true');
  });
});
