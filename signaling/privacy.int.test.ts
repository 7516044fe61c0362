/** One student's data over HTTP (R21): the admin exports it, reads the logs, then erases it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, WORLD_PASSWORD, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  admin = await signedIn(server.httpUrl, world.admin);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface AuditEntry {
  at: number;
  kind?: string;
  action?: string;
  resource?: string;
  userName?: string | null;
  subjectName?: string | null;
}

describe("a student's personal data over HTTP", () => {
  it('exports everything as a JSON download, erases on confirmation, and the student can no longer sign in', async () => {
    const student = world.studentsA[0]!;
    const studentClient = await signedIn(server.httpUrl, student);
    const exported = await admin.get<{ student: { code: string }; class: { name: string }; parents: unknown[]; logins: { kind: string }[] }>(
      `/api/admin/students/${student.userId}/export`,
    );
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/json/);
    expect(exported.headers.get('content-disposition')).toContain(encodeURIComponent(`du-lieu-hoc-sinh_${student.login}.json`));
    expect(exported.json.student.code).toBe(student.login);
    expect(exported.json.class.name).toBe('8A');
    expect(exported.json.parents).toHaveLength(1);
    expect(exported.json.logins.map((l) => l.kind)).toEqual(expect.arrayContaining(['login_succeeded', 'password_changed']));
    expect(exported.text).not.toContain('argon2');

    const wrong = await admin.post<{ error: { code: string } }>(`/api/admin/students/${student.userId}/erase`, { confirmCode: world.studentsA[1]!.login });
    expect(wrong.status).toBe(400);
    expect((await studentClient.get('/api/me')).status).toBe(200);

    const erased = await admin.post<{ erased: Record<string, number> }>(`/api/admin/students/${student.userId}/erase`, { confirmCode: student.login });
    expect(erased.status).toBe(200);
    expect(erased.json.erased).toMatchObject({ account: 1, classMembership: 1, parentLinks: 1, sessions: 1 });
    expect((await studentClient.get('/api/me')).status).toBe(401);
    const again = new ApiClient(server.httpUrl);
    expect((await again.post('/api/auth/login', { login: student.login, password: WORLD_PASSWORD })).status).toBe(401);
    expect((await admin.get(`/api/admin/students/${student.userId}/export`)).status).toBe(404);

    const access = await admin.get<{ entries: AuditEntry[] }>(`/api/admin/audit?log=access&userId=${student.userId}`);
    expect(access.status).toBe(200);
    expect(access.json.entries.map((e) => e.action)).toEqual(['delete', 'export']);
    // The erased student has no name any more; the log keeps only the opaque id.
    expect(access.json.entries[0]?.subjectName).toBeNull();
  });

  it('answers 400 with the field for a bad audit query, and 404 for a teacher’s id', async () => {
    const bad = await admin.get<{ error: { code: string; message: string } }>('/api/admin/audit?log=everything');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('log');
    expect((await admin.get(`/api/admin/students/${world.teacherA.userId}/export`)).status).toBe(404);
  });

  it('lists the school’s logins, newest first, with names', async () => {
    const page = await admin.get<{ log: string; entries: AuditEntry[] }>('/api/admin/audit?log=logins&limit=5');
    expect(page.status).toBe(200);
    expect(page.json.entries.length).toBeGreaterThan(0);
    expect(page.json.entries.length).toBeLessThanOrEqual(5);
    const times = page.json.entries.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.json.entries.some((e) => e.userName === 'Ban giám hiệu')).toBe(true);
  });
});
