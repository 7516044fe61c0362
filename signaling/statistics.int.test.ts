/**
 * The school's statistics over HTTP (R15): the answer matches the shared schema, the XLSX export
 * holds the same figures, bad periods get a clear 400, and nobody reads what is not theirs.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsHttp } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let admin: ApiClient;
let teacherB: ApiClient;
let parent: ApiClient;
const MIN = 60_000;
/** Today in school time and the period around it. */
const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const period = () => `from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 3 });
  const s = server.services.storage;
  // 8A's lesson (started by the world, 45 minutes) ends, with two of three students there, one late.
  const start = world.lessonA.scheduledStart;
  await s.attendance.appendMany([
    { lessonId: world.lessonA.id, userId: world.studentsA[0]!.userId, at: start + MIN, kind: 'join' },
    { lessonId: world.lessonA.id, userId: world.studentsA[1]!.userId, at: start + 12 * MIN, kind: 'join' },
  ]);
  await s.lessons.markEnded(world.lessonA.id, start + 13 * MIN);
  // 8B: a double lesson (90 minutes) by teacherB, held.
  const b = { ...world.lessonA, id: 'les_8b_double', classId: world.classB, teacherId: world.teacherB.userId, scheduledEnd: start + 90 * MIN, startedAt: start, endedAt: start + 90 * MIN, cancelledAt: null, passwordHash: null, createdAt: start };
  const { status: _s, hasPassword: _h, ...lesson } = b;
  await s.lessons.create(lesson);
  admin = await signedIn(server.httpUrl, world.admin);
  teacherB = await signedIn(server.httpUrl, world.teacherB);
  parent = await signedIn(server.httpUrl, world.parentA);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/statistics', () => {
  it('gives the admin the periods taught per teacher and the attendance, in the shared shape', async () => {
    const r = await admin.get(`/api/statistics?${period()}`);
    expect(r.status).toBe(200);
    const body = statisticsHttp.statisticsResponse.parse(r.json);
    const periods = Object.fromEntries(body.tables.teacher.map((t) => [t.name, t.figures.periodsTaught]));
    expect(periods).toEqual({ 'Trần Thu Hà': 1, 'Lê Quốc Bảo': 2 });
    const a = body.tables.class.find((c) => c.id === world.classA)!.figures;
    expect(a).toMatchObject({ lessonsHeld: 1, expected: 3, attended: 2, absences: 1, late: 1 });
    expect(body.teachers.map((t) => t.name).sort()).toEqual(['Lê Quốc Bảo', 'Trần Thu Hà']);
    expect(body.teacherId).toBeNull();
  });

  it('gives a teacher their own figures only, and refuses a colleague’s', async () => {
    const own = statisticsHttp.statisticsResponse.parse((await teacherB.get(`/api/statistics?${period()}`)).json);
    expect(own.teacherId).toBe(world.teacherB.userId);
    expect(own.total.periodsTaught).toBe(2);
    expect(own.tables.class.map((c) => c.id)).toEqual([world.classB]);
    expect(own.teachers).toEqual([]);
    const other = await teacherB.get(`/api/statistics?${period()}&teacherId=${world.teacherA.userId}`);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.json)).not.toContain('Trần Thu Hà');
  });

  it('answers a bad period or an unknown parameter with 400 and the reason, and a parent with 403', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=2026-09-01', /to/],
      ['from=01/09/2026&to=2026-12-31', /YYYY-MM-DD/],
      ['from=2026-12-31&to=2026-09-01', /ends before it starts/],
      ['from=2020-01-01&to=2026-12-31', /at most 400 days/],
      [`${period()}&school=all`, /school/],
    ];
    for (const [q, reason] of cases) {
      const r = await admin.get<{ error: { code: string; message: string } }>(`/api/statistics?${q}`);
      expect({ q, status: r.status, code: r.json.error.code }).toEqual({ q, status: 400, code: 'BAD_REQUEST' });
      expect(r.json.error.message).toMatch(reason);
    }
    expect((await parent.get(`/api/statistics?${period()}`)).status).toBe(403);
  });
});

describe('the principal', () => {
  it('is a teacher with the principal’s duty: reads the whole school and may narrow to a colleague', async () => {
    const set = await admin.request('PUT', `/api/staff/${world.teacherA.userId}/duties`, { duties: [{ duty: 'principal', subjectId: '' }] });
    expect(set.status).toBe(200);
    const principal = await signedIn(server.httpUrl, world.teacherA);
    const whole = statisticsHttp.statisticsResponse.parse((await principal.get(`/api/statistics?${period()}`)).json);
    expect(whole.teacherId).toBeNull();
    expect(whole.total.periodsTaught).toBe(3);
    expect(whole.teachers.length).toBe(2);
    const narrowed = await principal.get(`/api/statistics?${period()}&teacherId=${world.teacherB.userId}`);
    expect(narrowed.status).toBe(200);
    expect(statisticsHttp.statisticsResponse.parse(narrowed.json).total.periodsTaught).toBe(2);
    // teacherB has no such duty: still only their own.
    expect((await teacherB.get(`/api/statistics?${period()}&teacherId=${world.teacherA.userId}`)).status).toBe(403);
  });
});

describe('GET /api/statistics/export.xlsx', () => {
  it('is a workbook with a sheet per grouping and the same figures', async () => {
    const r = await admin.get(`/api/statistics/export.xlsx?${period()}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(r.headers.get('content-disposition')).toContain('Thong-ke_');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo khối', 'Theo lớp', 'Theo môn', 'Theo giáo viên']);
    const ws = wb.getWorksheet('Theo giáo viên')!;
    const head = (ws.getRow(2).values as unknown[]).map(String);
    const periodsCol = head.indexOf('Số tiết đã dạy');
    expect(periodsCol).toBeGreaterThan(0);
    const byName = new Map<string, unknown>();
    ws.eachRow((row, n) => {
      if (n > 2) byName.set(String(row.getCell(2).value), row.getCell(periodsCol).value);
    });
    expect(byName.get('Lê Quốc Bảo')).toBe(2);
    expect(byName.get('Trần Thu Hà')).toBe(1);
    expect(byName.get('Tổng')).toBe(3);
    expect(String(ws.getCell('A1').value)).toContain('THCS Thử Nghiệm');
  });
});
