import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, FakeFetch, userJson } from '../net/testing/FakeFetch.js';
import { api, setApiFetch } from './api.js';
import { authStatus, changePassword, checkNewPassword, currentUser, ensureMe, mustChangePassword, resetAuth, signIn, signOut } from './auth.js';
import { navigate, url } from './navigation.js';
import { loadTimetable, timetableError } from './timetable.js';

let fake: FakeFetch;

beforeEach(() => {
  fake = new FakeFetch();
  setApiFetch(fake.fetch);
  resetAuth();
  navigate('/', { replace: true });
  for (const method of ['info', 'warn'] as const) vi.spyOn(console, method).mockImplementation(() => undefined);
});

afterEach(() => {
  setApiFetch(null);
  vi.restoreAllMocks();
});

describe('auth', () => {
  it('signs in, and tells a wrong password and a locked account apart', async () => {
    fake.on('POST /api/auth/login', (req) => {
      const body = JSON.parse(String(req.body)) as { password: string };
      if (body.password === 'locked') return { status: 429, json: apiError('RATE_LIMITED'), headers: { 'retry-after': '840' } };
      if (body.password !== 'right') return { status: 401, json: apiError('UNAUTHENTICATED') };
      return { status: 200, json: { user: userJson(), mustChangePassword: false } };
    });
    expect(await signIn('079200000001', 'nope')).toBe('Mã định danh, tên đăng nhập hoặc mật khẩu không đúng.');
    expect(url.value.pathname).toBe('/'); // a wrong password is not a lost session
    expect(await signIn('079200000001', 'locked')).toContain('sau 14 phút');
    expect(await signIn('  ', 'x')).toContain('Vui lòng nhập');
    expect(await signIn(' 079200000001 ', 'right')).toBeNull();
    expect(fake.lastBody('/api/auth/login')).toEqual({ login: '079200000001', password: 'right' });
    expect(authStatus.value).toBe('signed-in');
    expect(currentUser.value?.className).toBe('8A');
  });

  it('a request answered 401 sends the user to the login page, to come back afterwards', async () => {
    fake.on('GET /api/me', { status: 200, json: { user: userJson(), mustChangePassword: false } });
    fake.on('GET /api/timetable', { status: 401, json: apiError('UNAUTHENTICATED', 'Session expired') });
    await ensureMe();
    navigate('/lesson/les_1');
    await loadTimetable();
    expect(url.value.pathname).toBe('/login');
    expect(new URLSearchParams(url.value.search).get('next')).toBe('/lesson/les_1');
    expect(currentUser.value).toBeNull();
    expect(timetableError.value).toBe('Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.');
  });

  it('a 403 "password_change_required" sends the user to the password page', async () => {
    fake.on('GET /api/timetable', { status: 403, json: apiError('FORBIDDEN', 'Please change your password first', { reason: 'password_change_required' }) });
    navigate('/teach');
    await loadTimetable();
    expect(url.value.pathname).toBe('/password');
    expect(new URLSearchParams(url.value.search).get('next')).toBe('/teach');
    expect(mustChangePassword.value).toBe(true);
  });

  it('"am I signed in?" answered 401 just means signed out', async () => {
    fake.on('GET /api/me', { status: 401, json: apiError('UNAUTHENTICATED') });
    navigate('/login');
    await ensureMe();
    expect(authStatus.value).toBe('signed-out');
    expect(url.value.pathname).toBe('/login');
  });

  it('changes the password: the rules first, then the server\'s reasons in the user\'s words', async () => {
    fake.on('GET /api/me', { status: 200, json: { user: userJson(), mustChangePassword: true } });
    await ensureMe();
    expect(await changePassword('', 'x', 'x')).toBe('Vui lòng nhập mật khẩu hiện tại.');
    expect(await changePassword('tmp', 'short', 'short')).toContain('ít nhất 8');
    expect(await changePassword('tmp', '079200000001', '079200000001')).toContain('trùng mã định danh');
    expect(await changePassword('tmp', 'a-long-one', 'a-long-two')).toContain('không giống nhau');
    fake.on('POST /api/auth/password', (req) => {
      const body = JSON.parse(String(req.body)) as { currentPassword: string; newPassword: string };
      if (body.currentPassword !== 'tmp') return { status: 401, json: apiError('UNAUTHENTICATED', 'The current password is wrong') };
      if (body.newPassword === 'password1') return { status: 400, json: apiError('BAD_REQUEST', 'not acceptable (TOO_COMMON)', { reason: 'TOO_COMMON' }) };
      return { status: 200, json: { user: userJson(), mustChangePassword: false } };
    });
    expect(await changePassword('bad', 'a-long-one', 'a-long-one')).toBe('Mật khẩu hiện tại không đúng.');
    expect(url.value.pathname).toBe('/'); // the wrong current password is not a lost session
    expect(await changePassword('tmp', 'password1', 'password1')).toContain('quá phổ biến');
    expect(await changePassword('tmp', 'a-long-one', 'a-long-one')).toBeNull();
    expect(mustChangePassword.value).toBe(false);
  });

  it('checks a new password like the server', () => {
    const user = { id: 'u', role: 'admin' as const, displayName: 'A', code: null, username: 'admin', schoolId: 's', schoolName: '', className: null };
    expect(checkNewPassword('ADMIN', 'ADMIN', user)).not.toBeNull();
    expect(checkNewPassword('Ạ'.repeat(8), 'Ạ'.repeat(8), user)).toBeNull(); // counted in characters, not bytes
    expect(checkNewPassword('x'.repeat(129), 'x'.repeat(129), user)).toContain('128');
  });

  it('signs out and forgets the user even if the server is unreachable', async () => {
    fake.on('GET /api/me', { status: 200, json: { user: userJson(), mustChangePassword: false } });
    await ensureMe();
    fake.offline = true;
    await signOut();
    expect(currentUser.value).toBeNull();
    expect(url.value.pathname).toBe('/login');
    expect(api()).toBeDefined();
  });
});
