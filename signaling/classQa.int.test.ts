/**
 * The class Q&A over HTTP (R13): a student asks with math and a photo, a classmate answers, the
 * teacher accepts; unread counts rise for those involved and clear when they open the thread; a
 * script is stored inert; bad input is refused with nothing stored; the school's statistics count
 * the answered question for the teacher.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classQaHttp, statisticsHttp } from '../proto/http/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { png } from '../testkit/docx.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let asker: ApiClient;
let classmate: ApiClient;
let teacher: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  asker = await signedIn(server.httpUrl, world.studentsA[0]!);
  classmate = await signedIn(server.httpUrl, world.studentsA[1]!);
  teacher = await signedIn(server.httpUrl, world.teacherA);
  admin = await signedIn(server.httpUrl, world.admin);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const board = () => `/api/classes/${world.classA}/subjects/${world.subjectId}/questions`;
const unread = async (c: ApiClient) => classQaHttp.notificationsResponse.parse((await c.get('/api/qa/notifications')).json).unread;
const rowsOf = async () => (await server.services.storage.db.all('SELECT id FROM qa_questions')).length;

describe('class questions and answers over HTTP', () => {
  it('ask with math and a photo, a classmate answers, the teacher accepts; counts rise and clear', async () => {
    const places = classQaHttp.placesResponse.parse((await asker.get('/api/qa/places')).json).places;
    expect(places).toEqual([{ classId: world.classA, className: '8A', subjectId: world.subjectId, subjectName: 'Toán' }]);
    const asked = await asker.post(board(), { body: 'Tính $\\frac{1}{2} + \\frac{1}{3}$ <script>alert(1)</script>' });
    expect(asked.status).toBe(201);
    const q = classQaHttp.questionResponse.parse(asked.json).question;
    expect(q.body).toBe('Tính $\\frac{1}{2} + \\frac{1}{3}$ alert(1)');
    expect(await unread(teacher)).toBe(1);
    const photo = await asker.post(`/api/qa/questions/${q.id}/photo`, Buffer.from(png(8, 8)), { contentType: 'image/png' });
    expect(photo.status).toBe(201);
    const img = await classmate.get(`/api/qa/questions/${q.id}/photo`);
    expect(img.status).toBe(200);

    const answered = await classmate.post(`/api/qa/questions/${q.id}/answers`, { body: '$\\frac{5}{6}$' });
    expect(answered.status).toBe(201);
    const a = classQaHttp.answerResponse.parse(answered.json).answer;
    expect(await unread(asker)).toBe(1);
    expect((await teacher.post(`/api/qa/questions/${q.id}/accept`, { answerId: a.id })).status).toBe(204);
    expect(await unread(asker)).toBe(2);
    expect(await unread(classmate)).toBe(1);

    const t = classQaHttp.threadResponse.parse((await asker.get(`/api/qa/questions/${q.id}`)).json);
    expect(t.question).toMatchObject({ hasPhoto: true, answered: true, acceptedAnswerId: a.id });
    expect(t.answers).toEqual([expect.objectContaining({ id: a.id, accepted: true, byTeacher: false, authorName: world.studentsA[1]!.displayName })]);
    expect(await unread(asker)).toBe(0);
    expect(JSON.stringify(t)).not.toContain('qa/'); // the blob key never reaches a browser

    // The school's statistics count it for the teacher who accepted.
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const report = statisticsHttp.statisticsResponse.parse((await admin.get(`/api/statistics?from=${day}&to=${day}`)).json);
    expect(report.total).toMatchObject({ questionsAnsweredAsync: 1, questionsAnswered: 1 });
    expect(report.tables.teacher.find((r) => r.id === world.teacherA.userId)?.figures.questionsAnswered).toBe(1);
    const xlsx = await admin.get(`/api/statistics/export.xlsx?from=${day}&to=${day}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Theo giáo viên')!;
    const col = (ws.getRow(2).values as unknown[]).map(String).indexOf('Tổng câu hỏi đã trả lời');
    expect(col).toBeGreaterThan(0);
    const byName = new Map<string, unknown>();
    ws.eachRow((row, n) => void (n > 2 && byName.set(String(row.getCell(2).value), row.getCell(col).value)));
    expect([byName.get('Trần Thu Hà'), byName.get('Lê Quốc Bảo'), byName.get('Tổng')]).toEqual([1, 0, 1]);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const before = await rowsOf();
    const post = (body: unknown) => asker.post(board(), body);
    const cases = [await post({ body: '' }), await post({ body: 'x'.repeat(classQaHttp.QA_BODY_MAX + 1) }), await post({ body: 'hi', extra: 1 }), await post({ body: '<i></i>' })];
    expect(cases.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect((await asker.post(board(), 'not json', { contentType: 'text/plain' })).status).toBe(400);
    expect((await asker.post(board(), { body: 'x'.repeat(40_000) })).status).toBe(413);
    expect(await rowsOf()).toBe(before);

    const q = classQaHttp.questionResponse.parse((await asker.post(board(), { body: 'Ảnh sai?' })).json).question;
    const svg = await asker.post(`/api/qa/questions/${q.id}/photo`, Buffer.from('<svg onload="alert(1)"/>'), { contentType: 'image/png' });
    expect(svg.status).toBe(400);
    expect((await asker.post(`/api/qa/questions/${q.id}/photo`, Buffer.from('<svg/>'), { contentType: 'image/svg+xml' })).status).toBe(400);
    expect((await asker.get(`/api/qa/questions/${q.id}/photo`)).status).toBe(404);
    expect((await teacher.post(`/api/qa/questions/${q.id}/accept`, { answerId: 'qaa_nope' })).status).toBe(404);
  });

  it('moderation: a hidden answer and a locked thread, as the students see them', async () => {
    const q = classQaHttp.questionResponse.parse((await asker.post(board(), { body: 'Khóa thử' })).json).question;
    const a = classQaHttp.answerResponse.parse((await classmate.post(`/api/qa/questions/${q.id}/answers`, { body: 'lạc đề' })).json).answer;
    expect((await teacher.post(`/api/qa/answers/${a.id}/moderate`, { hidden: true })).status).toBe(204);
    expect((await teacher.post(`/api/qa/questions/${q.id}/moderate`, { locked: true })).status).toBe(204);
    const seen = classQaHttp.threadResponse.parse((await asker.get(`/api/qa/questions/${q.id}`)).json);
    expect(seen).toMatchObject({ answers: [], canAnswer: false, question: { locked: true } });
    const refused = await classmate.post<{ error: { code: string } }>(`/api/qa/questions/${q.id}/answers`, { body: 'nữa' });
    expect([refused.status, refused.json.error.code]).toEqual([409, 'CONFLICT']);
    expect((await classmate.post(`/api/qa/questions/${q.id}/moderate`, { locked: false })).status).toBe(403);
  });
});
