import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n/index.js';
import type { BankQuestionDto, QuestionDto } from '../net/bankApi.js';
import { FakeFetch } from '../net/testing/FakeFetch.js';
import { setApiFetch } from './api.js';
import { bankMeta, resetBank } from './bank.js';
import { editor, editorProblem, editorSaved, formOf, newForm, openEditor, previewQuestion, questionOf, saveEditor, updateForm } from './bankEditor.js';
import { applyImport, chooseImportFile, importError, importPreview, importResult, previewImport, resetImport } from './bankImport.js';

let fake: FakeFetch;
beforeEach(() => {
  fake = new FakeFetch();
  setApiFetch(fake.fetch);
  bankMeta.value = {
    subjects: [{ id: 'sub_toan', name: 'Toán', canAuthor: true }],
    topics: [],
    schemes: [],
    limits: { maxImageBytes: 1000, maxTextImportBytes: 2000, maxDocxImportBytes: 5000 },
  };
});
afterEach(() => {
  setApiFetch(null);
  resetBank();
  resetImport();
  editor.value = null;
  setLang('vi');
});

const QUESTIONS: QuestionDto[] = [
  { body: { kind: 'single_choice', stem: 'Tính $x^2$', options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }], fixedOrder: false }, key: { kind: 'single_choice', correct: 'B', explanation: 'vì' } },
  { body: { kind: 'multiple_choice', stem: 's', options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }, { id: 'C', text: '3' }], fixedOrder: true }, key: { kind: 'multiple_choice', correct: ['A', 'C'], explanation: '' } },
  { body: { kind: 'true_false', stem: 's', statements: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }], fixedOrder: true }, key: { kind: 'true_false', truths: { a: true, b: false }, explanation: '' } },
  { body: { kind: 'numeric', stem: 's', unit: 'cm' }, key: { kind: 'numeric', answers: [{ value: 3.14, tolerance: 0.01 }], explanation: '' } },
  { body: { kind: 'short_text', stem: 's' }, key: { kind: 'short_text', accepted: ['Hà Nội', 'HN'], caseSensitive: true, ignoreDiacritics: false, explanation: '' } },
  { body: { kind: 'essay', stem: 's' }, key: { kind: 'essay', guidance: 'g', explanation: '' } },
];

const bankQuestion = (question: QuestionDto, version = 1): BankQuestionDto => ({
  id: 'qst_1', schoolId: 'sch', subjectId: 'sub_toan', ownerId: 'u', kind: question.body.kind, shared: false,
  tags: { gradeLevel: 10, topic: 'Đại số', level: 'recall' }, version, question, createdAt: 1, updatedAt: 1, archivedAt: null,
});

describe('the question editor', () => {
  it.each(QUESTIONS.map((q) => [q.body.kind, q] as const))('maps a %s question to the form and back unchanged', (_kind, q) => {
    const built = questionOf(formOf(bankQuestion(q), true));
    expect(built).toEqual({ question: q });
  });

  it('reads numbers of the key with a decimal comma, and says which one is not a number', () => {
    const f = { ...newForm('numeric'), stem: 's', values: [{ value: '3,14', tolerance: '0,5' }, { value: 'ba', tolerance: '0' }] };
    expect(questionOf(f)).toEqual({ error: 'Giá trị "ba" không phải là số.' });
    expect(questionOf({ ...f, values: [f.values[0]!] })).toMatchObject({ question: { key: { answers: [{ value: 3.14, tolerance: 0.5 }] } } });
  });

  it('asks for the right answer before sending, and the preview shows what is typed so far', () => {
    const f = { ...newForm('single_choice'), stem: 'Tính $1+1$' };
    expect(questionOf(f)).toEqual({ error: 'Hãy chọn đáp án đúng.' });
    expect(previewQuestion(f)).toMatchObject({ body: { stem: 'Tính $1+1$' }, key: { correct: '' } });
  });

  it('creates, then edits with the base version; a stale version is explained', async () => {
    fake.on('POST /api/bank/questions', (req) => ({ status: 201, json: { question: bankQuestion(JSON.parse(String(req.body)).question), warnings: [{ path: 'body.stem', code: 'HTML_REMOVED' }] } }));
    openEditor({ ...newForm('single_choice'), stem: 'Tính', correct: ['B'], options: [{ id: 'A', text: '1' }, { id: 'B', text: '2' }] });
    expect(await saveEditor()).toBe(true);
    expect(JSON.parse(String(fake.requests.at(-2)?.body ?? fake.requests[0]?.body))).toMatchObject({ subjectId: 'sub_toan', question: { key: { correct: 'B' } } });
    expect([editor.value?.id, editor.value?.baseVersion, editorSaved.value]).toEqual(['qst_1', 1, 1]);
    fake.on('GET /api/bank/questions', { status: 200, json: { items: [], total: 0 } });
    fake.on('PUT /api/bank/questions/qst_1', { status: 409, json: { error: { code: 'CONFLICT', message: 'changed', details: { reason: 'STALE_VERSION', version: 3 } } } });
    updateForm({ stem: 'Tính lại' });
    expect(await saveEditor()).toBe(false);
    expect(editorProblem.value?.message).toBe('Câu hỏi vừa được sửa ở nơi khác (nay là phiên bản 3). Hãy đóng và mở lại để xem bản mới nhất.');
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(JSON.parse(String(put?.body))).toMatchObject({ baseVersion: 1, question: { body: { stem: 'Tính lại' } } });
  });

  it('shows the server’s field issues in the teacher’s language', async () => {
    fake.on('POST /api/bank/questions', { status: 400, json: { error: { code: 'BAD_REQUEST', message: 'x', details: { issues: [{ path: 'body.stem', code: 'TEXT_EMPTY', message: 'empty' }] } } } });
    openEditor({ ...newForm('essay'), stem: ' ' });
    await saveEditor();
    expect(editorProblem.value?.issues).toEqual([{ path: 'body.stem', text: 'Nội dung đang để trống.' }]);
  });
});

describe('the import', () => {
  it('previews, then applies with the chosen tags; a refused file says nothing was imported', async () => {
    fake.on('POST /api/bank/import/preview', { status: 200, json: { format: 'gift', items: [], fileIssues: [], counts: { total: 0, ok: 0, withWarnings: 0, failed: 0 }, ok: true } });
    chooseImportFile({ name: 'de.gift.txt', bytes: new TextEncoder().encode('x {T}').buffer });
    await previewImport();
    expect(importPreview.value?.format).toBe('gift');
    expect(fake.requests[0]?.url).toBe('/api/bank/import/preview?format=gift&subjectId=sub_toan');
    fake.on('POST /api/bank/import/apply', { status: 400, json: { error: { code: 'BAD_REQUEST', message: 'no', details: { reason: 'IMPORT_REFUSED', items: [] } } } });
    await applyImport(false);
    expect(importError.value).toMatch(/chưa nhập câu nào/);
    fake.on('POST /api/bank/import/apply', { status: 201, json: { created: [{ index: 1, questionId: 'q' }], skipped: [] } });
    fake.on('GET /api/bank/questions', { status: 200, json: { items: [], total: 0 } });
    await applyImport(true);
    expect(importResult.value?.created).toHaveLength(1);
    expect(fake.requests.filter((r) => r.url.startsWith('/api/bank/import/apply')).at(-1)?.url).toBe('/api/bank/import/apply?format=gift&subjectId=sub_toan&shared=0&skipInvalid=1');
  });

  it('refuses a file over the limit before sending it', () => {
    chooseImportFile({ name: 'big.docx', bytes: new ArrayBuffer(5001) });
    expect(importError.value).toBe('Tệp lớn hơn 0 MB.');
    expect(fake.requests).toHaveLength(0);
  });
});
