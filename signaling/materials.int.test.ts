/**
 * Materials through the real server (issue 11, R9, R12, art. 7.3): a PDF sent through tus, the
 * three approval steps over HTTP, the class receiving it, a student reading it with Range
 * requests and reporting pages, the teacher's usage table; and the bad cases: a file of the
 * wrong type, an unapproved or another class's material, an edited approved material.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { materialsHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { pdfWithPages } from '../testkit/pdf.js';
import { EXE_STUB } from '../testkit/sampleFiles.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { tusCreate, tusPatch, uploadWithTusJs } from '../testkit/tusRaw.js';

let server: TestServer;
let world: SchoolWorld;
let teacher: ApiClient;
let head: ApiClient;
let principal: ApiClient;
let student: ApiClient;
let otherClass: ApiClient;
let gradeId: string;
const pdf = pdfWithPages(4);

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  principal = await signedIn(server.httpUrl, world.admin);
  teacher = await signedIn(server.httpUrl, world.teacherA);
  head = await signedIn(server.httpUrl, world.teacherB);
  student = await signedIn(server.httpUrl, world.studentsA[0]!);
  otherClass = await signedIn(server.httpUrl, world.studentB);
  // The admin account is the school's leadership ("Ban giám hiệu"): it gives itself the principal's duty.
  expect((await principal.request('PUT', `/api/staff/${world.admin.userId}/duties`, { duties: [{ duty: 'principal', subjectId: '' }] })).status).toBe(200);
  expect((await principal.request('PUT', `/api/staff/${world.teacherB.userId}/duties`, { duties: [{ duty: 'subject_head', subjectId: world.subjectId }] })).status).toBe(200);
  gradeId = (await server.services.storage.schools.listGrades(world.schoolId))[0]!.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const detail = (r: { json: unknown }) => r.json as materialsHttp.MaterialDetailJson;

async function rangeGet(c: ApiClient, url: string, range: string): Promise<{ status: number; bytes: Buffer; contentRange: string | null }> {
  const res = await fetch(server.httpUrl + url, { headers: { cookie: c.cookie ?? '', range } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), contentRange: res.headers.get('content-range') };
}

describe('materials over HTTP', () => {
  it('a PDF goes from the teacher through the head and the principal to the class; the student reads it by ranges; the teacher sees it', async () => {
    const fileId = await uploadWithTusJs(teacher, pdf, { filename: 'Phương trình.pdf', purpose: 'material', targetId: world.subjectId });
    const created = await teacher.post('/api/materials', { subjectId: world.subjectId, gradeId, topic: 'Chương 1', kind: 'file', title: 'Phương trình bậc nhất', fileId });
    expect(created.status).toBe(201);
    const id = detail(created).material.id;
    expect(detail(created).versions[0]!.file).toMatchObject({ mediaType: 'application/pdf', size: pdf.length });
    // Not approved yet: the teacher cannot give it, the student cannot see it.
    expect((await teacher.post(`/api/materials/${id}/shares`, { classId: world.classA })).status).toBe(409);
    expect((await teacher.post(`/api/materials/${id}/submit`, {})).status).toBe(200);
    expect((await head.get('/api/materials/queue')).json).toMatchObject({ materials: [{ id, state: 'submitted' }] });
    expect((await head.post(`/api/materials/${id}/review`, { version: 1, decision: 'approve' })).status).toBe(200);
    expect((await principal.get('/api/materials/queue')).json).toMatchObject({ materials: [{ id, state: 'reviewed' }] });
    const approved = await principal.post(`/api/materials/${id}/review`, { version: 1, decision: 'approve', comment: 'Đạt' });
    expect(detail(approved).material).toMatchObject({ approvedVersion: 1, state: 'approved' });
    expect(detail(approved).reviews.map((r) => r.step)).toEqual(['submitted', 'head_approved', 'principal_approved']);
    expect((await student.get(`/api/my/materials/${id}`)).status).toBe(404);
    expect((await teacher.post(`/api/materials/${id}/shares`, { classId: world.classA })).status).toBe(201);

    const list = await student.get<{ materials: materialsHttp.ClassMaterialJson[] }>(`/api/classes/${world.classA}/materials`);
    expect(list.json.materials.map((m) => [m.id, m.opened])).toEqual([[id, false]]);
    const url = list.json.materials[0]!.version.file!.url;
    const part = await rangeGet(student, url, 'bytes=0-99');
    expect(part.status).toBe(206);
    expect(part.contentRange).toBe(`bytes 0-99/${pdf.length}`);
    expect(part.bytes.equals(pdf.subarray(0, 100))).toBe(true);
    expect((await rangeGet(otherClass, url, 'bytes=0-99')).status).toBe(404);

    const opened = await student.post<{ viewId: string }>(`/api/materials/${id}/views`, {});
    expect(opened.status).toBe(201);
    expect((await student.request('PUT', `/api/material-views/${opened.json.viewId}`, { seconds: 0, pageCount: 4, pages: [1, 2] })).status).toBe(200);
    expect((await student.request('PUT', `/api/material-views/${opened.json.viewId}`, { seconds: 0, pages: [9] })).status).toBe(400);
    const usage = await teacher.get<{ rows: materialsHttp.UsageRowJson[] }>(`/api/materials/${id}/usage?classId=${world.classA}`);
    expect(usage.json.rows.map((r) => [r.displayName, r.opens, r.pagesSeen, r.pageCount])).toEqual([
      [world.studentsA[0]!.displayName, 1, 2, 4],
      [world.studentsA[1]!.displayName, 0, 0, 0],
    ]);
    expect((await teacher.post(`/api/materials/${id}/remind`, { classId: world.classA })).json).toEqual({ reminded: 1 });
  });

  it('an approved material edited stays visible as approved until the new version is approved', async () => {
    const created = await teacher.post('/api/materials', { subjectId: world.subjectId, gradeId, kind: 'link', title: 'Mô phỏng', url: 'https://phet.colorado.edu/vi/simulations/graphing-lines' });
    const id = detail(created).material.id;
    await teacher.post(`/api/materials/${id}/submit`, {});
    await head.post(`/api/materials/${id}/review`, { version: 1, decision: 'approve' });
    await principal.post(`/api/materials/${id}/review`, { version: 1, decision: 'approve' });
    await teacher.post(`/api/materials/${id}/shares`, { classId: world.classA });
    const edited = await teacher.request('PUT', `/api/materials/${id}`, { kind: 'link', title: 'Mô phỏng mới', url: 'https://example.org/new' });
    expect(detail(edited).material).toMatchObject({ latestVersion: 2, approvedVersion: 1, state: 'draft' });
    const seen = await student.get<{ version: materialsHttp.MaterialVersionJson }>(`/api/my/materials/${id}`);
    expect(seen.json.version).toMatchObject({ version: 1, title: 'Mô phỏng', url: 'https://phet.colorado.edu/vi/simulations/graphing-lines' });
    await teacher.post(`/api/materials/${id}/submit`, {});
    const returned = await head.post(`/api/materials/${id}/review`, { version: 2, decision: 'return', comment: 'Liên kết không dùng được' });
    expect(detail(returned).material).toMatchObject({ state: 'returned', approvedVersion: 1 });
    expect(detail(returned).reviews.at(-1)).toMatchObject({ step: 'head_returned', comment: 'Liên kết không dùng được' });
  });

  it('refuses a file whose content is not a material kind, and a link that is not http(s); nothing is stored', async () => {
    const before = (await teacher.get<{ materials: unknown[] }>('/api/materials')).json.materials.length;
    const up = await tusCreate(teacher, { filename: 'bai-giang.pdf', purpose: 'material', targetId: world.subjectId }, EXE_STUB.length);
    expect(up.status).toBe(201);
    const patched = await tusPatch(teacher, up.location, 0, EXE_STUB);
    expect(patched.status).toBe(400);
    expect(JSON.parse(patched.body)).toMatchObject({ error: { details: { reason: 'file_type' } } });
    const link = await teacher.post('/api/materials', { subjectId: world.subjectId, gradeId, kind: 'link', title: 'x', url: 'javascript:alert(1)' });
    expect(link.status).toBe(400);
    expect((await teacher.get<{ materials: unknown[] }>('/api/materials')).json.materials).toHaveLength(before);
  });
});
