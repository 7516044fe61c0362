/** The question bank over HTTP as the teacher's page uses it (R16): write, edit, versions, import, export, pictures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE, TRUE_FALSE } from '../testkit/questions.js';
import { docxOf, image, optionsLine, p } from '../testkit/docx.js';
import { assessmentHttp as api } from '../proto/http/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let world: SchoolWorld;
let teacherA: ApiClient;
let teacherB: ApiClient;
let student: ApiClient;

const NO_TAGS = { gradeLevel: null, topic: null, level: null };

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services);
  teacherA = await signedIn(server.httpUrl, world.teacherA);
  teacherB = await signedIn(server.httpUrl, world.teacherB);
  student = await signedIn(server.httpUrl, world.studentsA[0]!);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('question bank over HTTP', () => {
  it('creates a sanitized question, edits it into version 2, keeps version 1, refuses a stale edit', async () => {
    const dirty = { ...SINGLE, body: { ...SINGLE.body, stem: 'Tính <img src=x onerror=alert(1)>$x^2$ khi x = 3' } };
    const created = await teacherA.post('/api/bank/questions', { subjectId: world.subjectId, shared: true, tags: { gradeLevel: 8, topic: 'Lũy thừa', level: 'recall' }, question: dirty });
    expect(created.status).toBe(201);
    const saved = api.savedQuestionResponse.parse(created.json);
    expect(saved.question.question.body.stem).toBe('Tính $x^2$ khi x = 3');
    expect(saved.warnings).toEqual([{ path: 'body.stem', code: 'HTML_REMOVED' }]);
    const qid = saved.question.id;
    const changed = { body: saved.question.question.body, key: { kind: 'single_choice', correct: 'A', explanation: '' } };
    const put = await teacherA.request('PUT', `/api/bank/questions/${qid}`, { baseVersion: 1, question: changed, note: 'Sửa đáp án' });
    expect([put.status, api.savedQuestionResponse.parse(put.json).question.version]).toEqual([200, 2]);
    const stale = await teacherA.request<{ error: { code: string; details: { reason: string } } }>('PUT', `/api/bank/questions/${qid}`, { baseVersion: 1, shared: false });
    expect([stale.status, stale.json.error.details.reason]).toEqual([409, 'STALE_VERSION']);
    const versions = api.versionsResponse.parse((await teacherA.get(`/api/bank/questions/${qid}/versions`)).json);
    expect(versions.versions.map((v) => [v.version, v.note])).toEqual([
      [1, ''],
      [2, 'Sửa đáp án'],
    ]);
    const v1 = api.versionResponse.parse((await teacherB.get(`/api/bank/questions/${qid}/versions/1`)).json);
    expect(v1.version.question.key).toMatchObject({ correct: 'B' });
    const read = api.questionResponse.parse((await teacherB.get(`/api/bank/questions/${qid}`)).json);
    expect([read.ownerName, read.canManage]).toEqual([world.teacherA.displayName, false]);
  });

  it('answers 400 with the issues for an invalid question and for a body of the wrong shape', async () => {
    const bad = await teacherA.post<{ error: { code: string; details: { issues: Array<{ path?: string; code?: string; field?: string }> } } }>('/api/bank/questions', {
      subjectId: world.subjectId,
      shared: false,
      tags: NO_TAGS,
      question: { body: { ...SINGLE.body, options: [{ id: 'A', text: 'một' }] }, key: { kind: 'single_choice', correct: 'Z', explanation: '' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.issues.map((i) => i.code)).toEqual(['TOO_FEW_OPTIONS', 'KEY_UNKNOWN_ID']);
    const shape = await teacherA.post<{ error: { details: { issues: Array<{ field: string }> } } }>('/api/bank/questions', { subjectId: world.subjectId, shared: 'yes', tags: NO_TAGS, question: { body: { kind: 'drawing' } }, extra: 1 });
    expect(shape.status).toBe(400);
    expect(shape.json.error.details.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['shared', 'question.body.kind', '(body)']));
  });

  it('lists with filters and scopes; the subject group sees shared questions only', async () => {
    await teacherA.post('/api/bank/questions', { subjectId: world.subjectId, shared: false, tags: { ...NO_TAGS, topic: 'Riêng' }, question: TRUE_FALSE });
    const mine = api.questionListResponse.parse((await teacherA.get('/api/bank/questions?scope=mine&kind=true_false')).json);
    expect(mine.items.every((i) => i.canManage && i.question.kind === 'true_false')).toBe(true);
    const colleague = api.questionListResponse.parse((await teacherB.get('/api/bank/questions?topic=ri%C3%AAng')).json);
    expect(colleague.total).toBe(0);
    const search = api.questionListResponse.parse((await teacherB.get('/api/bank/questions?q=khi%20x')).json);
    expect(search.items.map((i) => i.question.question.body.stem)).toEqual(['Tính $x^2$ khi x = 3']);
    expect((await teacherA.get('/api/bank/questions?limit=0')).status).toBe(400);
    const meta = api.bankMetaResponse.parse((await teacherA.get('/api/bank/meta')).json);
    expect(meta.subjects).toEqual([{ id: world.subjectId, name: 'Toán', canAuthor: true }]);
    expect(meta.schemes.map((s) => s.id)).toEqual(['vn2025', 'vn2025-math', 'simple']);
    expect(meta.topics).toEqual(['Lũy thừa', 'Riêng']);
  });

  it('imports a Word file: preview, then apply with its picture, which then loads', async () => {
    const docx = await docxOf([p('Câu 1. Hình nào?', image()), optionsLine(['Tròn', 'Vuông'], 0, 'underline'), p('Câu 2. Tính 2 + 2.'), p('Đáp án: 4')]);
    const url = `/api/bank/import/preview?format=docx&subjectId=${world.subjectId}`;
    const preview = api.importPreviewResponse.parse((await teacherA.post(url, Buffer.from(docx), { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).json);
    expect([preview.ok, preview.counts]).toEqual([true, { total: 2, ok: 2, withWarnings: 0, failed: 0 }]);
    const applied = await teacherA.post(`/api/bank/import/apply?format=docx&subjectId=${world.subjectId}&shared=1&gradeLevel=8&topic=Nh%E1%BA%ADp`, Buffer.from(docx), { contentType: 'application/octet-stream' });
    expect(applied.status).toBe(201);
    const result = api.importResultResponse.parse(applied.json);
    const first = api.questionResponse.parse((await teacherA.get(`/api/bank/questions/${result.created[0]!.questionId}`)).json);
    const imageId = /\[img:([A-Za-z0-9_-]+)\]/.exec(first.question.question.body.stem)?.[1];
    expect(first.question.tags).toEqual({ gradeLevel: 8, topic: 'Nhập', level: null });
    const img = await student.get(`/api/bank/images/${imageId}`);
    expect([img.status, img.headers.get('content-type'), img.headers.get('x-content-type-options')]).toEqual([200, 'image/png', 'nosniff']);
    expect(img.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('refuses a broken import with each question’s problem, stores nothing, and 413 for a body over 20 MiB', async () => {
    const before = api.questionListResponse.parse((await teacherA.get('/api/bank/questions?scope=mine')).json).total;
    const gift = '::Tốt:: 1 + 1 {=2 ~3}\n\n::Hỏng:: Ghép {=a -> b =c -> d}\n';
    const refused = await teacherA.post<{ error: { details: { reason: string; items: Array<{ index: number; issues: Array<{ code: string }> }> } } }>(`/api/bank/import/apply?format=gift&subjectId=${world.subjectId}`, gift, { contentType: 'text/plain' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toMatchObject({ reason: 'IMPORT_REFUSED', items: [{ index: 2, issues: [{ code: 'TYPE_UNSUPPORTED' }] }] });
    expect(api.questionListResponse.parse((await teacherA.get('/api/bank/questions?scope=mine')).json).total).toBe(before);
    expect((await teacherA.post(`/api/bank/import/apply?format=pdf&subjectId=${world.subjectId}`, 'x', { contentType: 'text/plain' })).status).toBe(400);
    const huge = await teacherA.post(`/api/bank/import/preview?format=docx&subjectId=${world.subjectId}`, Buffer.alloc(20 * 1024 * 1024 + 1), { contentType: 'application/octet-stream' });
    expect(huge.status).toBe(413);
  });

  it('exports GIFT and Aiken files that import back', async () => {
    const gift = await teacherA.get('/api/bank/export?format=gift&scope=mine');
    expect([gift.status, gift.headers.get('content-disposition')]).toEqual([200, "attachment; filename*=UTF-8''ngan-hang-cau-hoi.gift.txt"]);
    expect(gift.text).toContain('::Câu 1::[html]');
    const preview = api.importPreviewResponse.parse((await teacherB.post(`/api/bank/import/preview?format=gift&subjectId=${world.subjectId}`, gift.text, { contentType: 'text/plain' })).json);
    expect(preview.counts.failed).toBe(0);
    expect(preview.counts.total).toBe(Number(gift.headers.get('x-export-count')));
    const aiken = await teacherA.get('/api/bank/export?format=aiken&kind=single_choice');
    expect(aiken.text).toMatch(/ANSWER: [A-D]/);
  });

  it('never shows a student a question or a key', async () => {
    for (const path of ['/api/bank/questions', '/api/bank/meta', '/api/bank/export?format=gift']) {
      const r = await student.get(path);
      expect(r.status).toBe(403);
      expect(r.text).not.toMatch(/correct|truths|accepted/);
    }
  });
});
