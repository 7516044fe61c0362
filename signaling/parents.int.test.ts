/**
 * The parents' page over HTTP (R19, R20): a parent reads their child's lessons and attendance and
 * the class's announcements, never another child's; parent accounts come from a CSV file with row
 * errors like the roster import, and the imported parent signs in and sees the child.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parentsHttp } from '../proto/http/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { WORLD_PASSWORD, buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let parent: ApiClient;
let admin: ApiClient;
let teacher: ApiClient;
const MIN = 60_000;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  const start = world.lessonA.scheduledStart;
  await server.services.storage.attendance.appendMany([
    { lessonId: world.lessonA.id, userId: world.studentsA[0]!.userId, at: start + 8 * MIN, kind: 'join' },
    { lessonId: world.lessonA.id, userId: world.studentsA[0]!.userId, at: start + 20 * MIN, kind: 'leave', reason: 'left' },
  ]);
  await server.services.storage.lessons.markEnded(world.lessonA.id, start + 45 * MIN);
  parent = await signedIn(server.httpUrl, world.parentA);
  admin = await signedIn(server.httpUrl, world.admin);
  teacher = await signedIn(server.httpUrl, world.teacherA);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the parents’ page', () => {
  it('shows the child’s lesson with the attendance (late, left early, times) and the class teacher’s announcement, as text', async () => {
    const posted = await teacher.post(`/api/classes/${world.classA}/announcements`, { title: 'Họp <b>phụ huynh</b>', body: '<script>alert(1)</script>' });
    expect(posted.status).toBe(201);
    const r = await parent.get(`/api/children/${world.studentsA[0]!.userId}/overview`);
    expect(r.status).toBe(200);
    const o = parentsHttp.childOverviewResponse.parse(r.json);
    expect(o.child).toMatchObject({ id: world.studentsA[0]!.userId, className: '8A' });
    const start = world.lessonA.scheduledStart;
    expect(o.lessons).toEqual([
      expect.objectContaining({ lessonId: world.lessonA.id, state: 'present', late: true, leftEarly: true, firstJoinAt: start + 8 * MIN, lastLeaveAt: start + 20 * MIN, presentMs: 12 * MIN, subjectName: 'Toán', teacherName: 'Trần Thu Hà' }),
    ]);
    expect(o.announcements.map((a) => [a.title, a.body, a.authorName])).toEqual([['Họp <b>phụ huynh</b>', '<script>alert(1)</script>', 'Trần Thu Hà']]);
  });

  it('answers a parent reaching another child with 403 and none of that child’s data, an unknown id with 404', async () => {
    const other = await parent.get<{ error: { code: string } }>(`/api/children/${world.studentsA[1]!.userId}/overview`);
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('FORBIDDEN');
    expect(other.text).not.toContain(world.studentsA[1]!.displayName);
    expect((await parent.get(`/api/children/usr_nope/overview`)).status).toBe(404);
    expect((await parent.get(`/api/children/${world.studentsA[0]!.userId}/overview?from=2026-12-10&to=2026-12-01`)).status).toBe(400);
    expect((await parent.post(`/api/classes/${world.classA}/announcements`, { title: 'x', body: 'y' })).status).toBe(403);
    expect((await teacher.post(`/api/classes/${world.classA}/announcements`, { title: '', body: 'y' })).status).toBe(400);
  });
});

describe('parent accounts from CSV', () => {
  const csv = (rows: string[]) => `Họ và tên,Tên đăng nhập,Mã định danh con\n${rows.join('\n')}\n`;
  const post = (path: string, body: string) => admin.post(path, body, { contentType: 'text/csv' });

  it('lists the row errors and imports nothing while any remains', async () => {
    const file = csv(['Phạm Thị Mai,ph.mai,001200000002', 'Lê Văn Tám,ph.mai,001200000099', 'Đỗ Văn Cha,ph.cha,009999999999']);
    const preview = parentsHttp.parentImportPreview.parse((await post('/api/admin/parents/import/preview', file)).json);
    expect(preview.issues.map((i) => [i.line, i.code])).toEqual([
      [3, 'DUPLICATE_IN_FILE'],
      [4, 'CHILD_NOT_FOUND'],
    ]);
    const applied = await post('/api/admin/parents/import/apply', file);
    expect(applied.status).toBe(400);
    expect((applied.json as { error: { details: { issues: unknown[] } } }).error.details.issues).toHaveLength(2);
    expect(await server.services.storage.accounts.findByUsername('ph.mai')).toBeUndefined();
    expect((await admin.post('/api/admin/parents/import/preview', file, { contentType: 'application/json' })).status).toBe(400);
  });

  it('creates the accounts; the parent signs in with the first password and sees the child', async () => {
    const result = parentsHttp.parentImportResult.parse((await post('/api/admin/parents/import/apply', csv(['Phạm Thị Mai,ph.mai,001200000002']))).json);
    expect(result.created.map((c) => c.username)).toEqual(['ph.mai']);
    const mai = new ApiClient(server.httpUrl);
    await mai.login('ph.mai', result.created[0]!.initialPassword, WORLD_PASSWORD);
    const own = await mai.get(`/api/children/${world.studentsA[1]!.userId}/overview`);
    expect(own.status).toBe(200);
    expect((await mai.get(`/api/children/${world.studentsA[0]!.userId}/overview`)).status).toBe(403);
  });
});
