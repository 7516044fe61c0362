import { describe, expect, it, vi } from 'vitest';
import { parseMe, parseTimetable } from './apiParse.js';
import { ApiClient, ApiError } from './http.js';
import { apiError, FakeFetch, userJson } from './testing/FakeFetch.js';

function client(fake: FakeFetch) {
  const onUnauthenticated = vi.fn();
  const onPasswordChangeRequired = vi.fn();
  return { api: new ApiClient({ fetch: fake.fetch, onUnauthenticated, onPasswordChangeRequired }), onUnauthenticated, onPasswordChangeRequired };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('ApiClient', () => {
  it('sends JSON with the cookie of the same origin and parses the answer', async () => {
    const fake = new FakeFetch().on('POST /api/auth/login', { status: 200, json: { user: userJson(), mustChangePassword: true } });
    const { api } = client(fake);
    const me = await api.post('/api/auth/login', { login: '079200000001', password: 'x' }, parseMe);
    expect(me).toMatchObject({ user: { role: 'student', className: '8A' }, mustChangePassword: true });
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(fake.lastBody('/api/auth/login')).toEqual({ login: '079200000001', password: 'x' });
  });

  it('maps an error body to its code, message and details', async () => {
    const fake = new FakeFetch().on('POST /api/lessons', { status: 409, json: apiError('CONFLICT', 'Class 8A already has a lesson at that time') });
    const error = await failure(client(fake).api.post('/api/lessons', {}, () => undefined));
    expect(error).toMatchObject({ status: 409, code: 'CONFLICT', message: 'Class 8A already has a lesson at that time' });
  });

  it('falls back to the status when the body is not the API\'s (a proxy page) or the code is unknown', async () => {
    const fake = new FakeFetch().on('GET /api/timetable', { status: 503, text: '<html>Bad gateway</html>' }).on('GET /api/teaching', { status: 404, json: apiError('SOMETHING_NEW') });
    const { api } = client(fake);
    expect((await failure(api.get('/api/timetable', parseTimetable))).code).toBe('UNAVAILABLE');
    expect((await failure(api.get('/api/teaching', () => undefined))).code).toBe('NOT_FOUND');
  });

  it('reports a 401 as a lost session, except where the 401 is the expected answer', async () => {
    const fake = new FakeFetch().on('GET /api/timetable', { status: 401, json: apiError('UNAUTHENTICATED') }).on('POST /api/auth/login', { status: 401, json: apiError('UNAUTHENTICATED') });
    const { api, onUnauthenticated } = client(fake);
    await failure(api.get('/api/timetable', parseTimetable));
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await failure(api.post('/api/auth/login', {}, parseMe, { expect401: true }));
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('reports a pending first-login password change', async () => {
    const fake = new FakeFetch().on('GET /api/timetable', { status: 403, json: apiError('FORBIDDEN', 'Please change your password first', { reason: 'password_change_required' }) });
    const { api, onPasswordChangeRequired, onUnauthenticated } = client(fake);
    const error = await failure(api.get('/api/timetable', parseTimetable));
    expect(error.passwordChangeRequired).toBe(true);
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('keeps Retry-After of a 429 and the reason of a refused password', async () => {
    const fake = new FakeFetch()
      .on('POST /api/auth/login', { status: 429, json: apiError('RATE_LIMITED'), headers: { 'Retry-After': '840' } })
      .on('POST /api/auth/password', { status: 400, json: apiError('BAD_REQUEST', 'not acceptable', { reason: 'TOO_COMMON' }) });
    const { api } = client(fake);
    expect((await failure(api.post('/api/auth/login', {}, parseMe, { expect401: true }))).retryAfterSeconds).toBe(840);
    expect((await failure(api.post('/api/auth/password', {}, parseMe))).reason).toBe('TOO_COMMON');
  });

  it('a network failure is NETWORK; an answer of the wrong shape is BAD_RESPONSE', async () => {
    const fake = new FakeFetch().on('GET /api/me', { status: 200, json: { user: { id: 1 } } });
    const { api } = client(fake);
    expect((await failure(api.get('/api/me', parseMe))).code).toBe('BAD_RESPONSE');
    fake.offline = true;
    expect(await failure(api.get('/api/me', parseMe))).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('uploads a file as its bytes with its content type', async () => {
    const fake = new FakeFetch().on('POST /api/admin/roster/preview', { status: 200, json: {} });
    const bytes = new TextEncoder().encode('Mã định danh,Họ và tên,Lớp\n').buffer;
    await client(fake).api.postFile('/api/admin/roster/preview?kind=students', bytes, 'text/csv', () => undefined);
    expect(fake.requests[0]).toMatchObject({ url: '/api/admin/roster/preview?kind=students', method: 'POST', headers: { 'content-type': 'text/csv' }, body: bytes });
  });
});
