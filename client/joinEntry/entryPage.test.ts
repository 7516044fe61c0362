import { afterEach, describe, expect, it } from 'vitest';
import { vi as viMessages } from '../i18n/vi.js';
import { parseRoute } from '../app/route.js';
import { NAME_MAX_CHARS, validateName } from '../state/session.js';
import { ENTRY_NAME_MAX_CHARS, entryValidName, showEntryPage } from './entryPage.js';
import { ENTRY_TEXT, ENTRY_TEXT_KEYS } from './entryText.js';
import { studentJoinLink } from './joinLink.js';

function tokenFor(payload: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const base64 = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${base64}.c2lnbmF0dXJl`;
}

const NOW = 1_800_000_000_000;
const student = tokenFor({ name: 'Trần Thị Bình', role: 'student', lessonId: 'l1', exp: NOW + 3_600_000 });

afterEach(() => {
  document.body.innerHTML = '';
});

describe("the join entry's words and rules", () => {
  it("are the app's Vietnamese messages and name rule", () => {
    for (const [key, text] of Object.entries(ENTRY_TEXT)) expect(text, key).toBe(viMessages[ENTRY_TEXT_KEYS[key as keyof typeof ENTRY_TEXT] as keyof typeof viMessages]);
    expect(ENTRY_NAME_MAX_CHARS).toBe(NAME_MAX_CHARS);
    for (const name of ['', '  ', ' An ', 'Nguyễn Văn An', 'x'.repeat(64), 'x'.repeat(65), '😀'.repeat(64), '😀'.repeat(65)]) expect(entryValidName(name), name).toBe(validateName(name));
  });
});

describe('studentJoinLink', () => {
  it("takes a student's join link as the app's route reads it, and nothing else", () => {
    const loc = { pathname: '/lesson/l1', hash: `#t=${student}` };
    expect(studentJoinLink(loc, NOW)).toEqual({ lessonId: 'l1', token: student });
    const route = parseRoute({ ...loc, search: '' });
    expect(route).toEqual({ kind: 'lesson', lessonId: 'l1', token: student });
    const teacher = tokenFor({ name: 'Cô Lan', role: 'teacher', lessonId: 'l1', exp: NOW + 1000 });
    const expired = tokenFor({ name: 'An', role: 'student', lessonId: 'l1', exp: NOW - 1 });
    expect(studentJoinLink({ pathname: '/lesson/l1', hash: `#t=${teacher}` }, NOW)).toBeNull();
    expect(studentJoinLink({ pathname: '/lesson/l1', hash: `#t=${expired}` }, NOW)).toBeNull();
    expect(studentJoinLink({ pathname: '/lesson/l1', hash: '' }, NOW)).toBeNull();
    expect(studentJoinLink({ pathname: '/lesson/l1/recordings', hash: `#t=${student}` }, NOW)).toBeNull();
    expect(studentJoinLink({ pathname: '/teach', hash: `#t=${student}` }, NOW)).toBeNull();
    expect(studentJoinLink({ pathname: '/lesson/l1', hash: '#t=garbage' }, NOW)).toBeNull();
  });
});

describe('showEntryPage', () => {
  function mount(initialName = '') {
    const app = document.createElement('div');
    document.body.append(app);
    const joins: string[] = [];
    const page = showEntryPage(app, initialName, (name) => joins.push(name));
    const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | HTMLButtonElement;
    return { app, page, joins, q };
  }

  it("shows the join page before the app's root, with the name and the button", () => {
    const { app, page, q } = mount('Trần Thị Bình');
    expect(page.root.nextElementSibling).toBe(app);
    expect((q('join-name') as HTMLInputElement).value).toBe('Trần Thị Bình');
    expect(q('join-button').textContent).toBe('Vào lớp');
    expect(document.body.textContent).toContain('Bạn vào lớp với vai trò học sinh');
  });

  it('joins with the trimmed name, once, and shows that it is joining', () => {
    const { page, joins, q } = mount();
    const input = q('join-name') as HTMLInputElement;
    input.value = '  Lê Minh  ';
    q('join-button').click();
    expect(joins).toEqual(['Lê Minh']);
    page.showJoining();
    q('join-button').click();
    expect(joins).toEqual(['Lê Minh']);
    expect(q('join-button').textContent).toBe('Đang vào lớp…');
    expect((q('join-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it("refuses an empty name with the app's message and keeps the page", () => {
    const { joins, q, page } = mount();
    (q('join-name') as HTMLInputElement).value = '   ';
    q('join-button').click();
    expect(joins).toEqual([]);
    const error = document.querySelector('.field__error') as HTMLElement;
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe('Vui lòng nhập tên (từ 1 đến 64 ký tự).');
    expect(q('join-name').getAttribute('aria-invalid')).toBe('true');
    expect(page.typedName()).toBe('   ');
  });

  it("is removed for the app's page", () => {
    const { page } = mount('An');
    page.remove();
    expect(document.querySelector('[data-testid="join-page"]')).toBeNull();
  });
});
