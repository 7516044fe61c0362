import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, ValidationError } from '../../../platform/index.js';
import { MemoryImages } from '../../__fixtures__/memoryImages.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../../__fixtures__/world.js';
import type { Actor } from '../../authz/index.js';
import { docxOf, image, optionsLine, p, png } from '../../../testkit/docx.js';
import { QuestionBank } from '../QuestionBank.js';
import { QuestionImport } from './QuestionImport.js';

let t: TestStorage;
let world: World;
let images: MemoryImages;
let bank: QuestionBank;
let importer: QuestionImport;
let teacher: Actor;

const TAGS = { gradeLevel: 10, topic: 'Chương 1', level: null };
const utf8 = (s: string) => new TextEncoder().encode(s);

beforeEach(async () => {
  t = await openTestStorage();
  const clock = new ManualClock(1_800_000_000_000);
  world = await seedWorld(t.storage, clock);
  images = new MemoryImages();
  bank = new QuestionBank(t.storage, { clock, images });
  importer = new QuestionImport({ bank, images }, { maxImageBytes: 3000, maxQuestions: 5, maxTextBytes: 10_000, maxDocxBytes: 200_000 });
  teacher = await world.actor('teacher');
});
afterEach(() => t.dispose());

const stored = async () => (await bank.search(teacher, { includeArchived: true })).total;

async function sampleDocx(options: { broken?: boolean; bigImage?: boolean } = {}) {
  return docxOf([
    p('Câu 1 (NB). Hình bên là hình gì?', image(options.bigImage ? png(2, 2, 5000) : png())),
    optionsLine(['Tròn', 'Vuông', 'Tam giác'], 1, 'underline'),
    p('Câu 2. Tính 1 + 1.'),
    p('Đáp án: 2'),
    ...(options.broken ? [p('Câu 3. Không có đáp án.')] : []),
  ]);
}

describe('QuestionImport', () => {
  it('previews question by question and stores nothing', async () => {
    const preview = await importer.preview(teacher, 'docx', await sampleDocx({ broken: true }), { subjectId: world.math });
    expect(preview.counts).toEqual({ total: 3, ok: 2, withWarnings: 0, failed: 1 });
    expect(preview.ok).toBe(false);
    expect(preview.items.map((i) => [i.index, i.label, i.question?.body.kind ?? null, i.imageCount, i.issues.map((x) => x.code)])).toEqual([
      [1, 'Câu 1', 'single_choice', 1, []],
      [2, 'Câu 2', 'numeric', 0, []],
      [3, 'Câu 3', null, 0, ['NO_ANSWER']],
    ]);
    expect(preview.items[0]!.level).toBe('recall');
    expect(await stored()).toBe(0);
    expect(images.stored.size).toBe(0);
  });

  it('applies: stores every question with its picture, tags, and the level read from the file', async () => {
    const result = await importer.apply(teacher, 'docx', await sampleDocx(), { subjectId: world.math, shared: true, tags: TAGS });
    expect(result.created.map((c) => c.index)).toEqual([1, 2]);
    expect(result.skipped).toEqual([]);
    const first = await bank.get(teacher, result.created[0]!.questionId);
    const [imageId] = [...images.stored.keys()];
    expect(first.question.body.stem).toBe(`Hình bên là hình gì?[img:${imageId}]`);
    expect(first).toMatchObject({ shared: true, tags: { gradeLevel: 10, topic: 'Chương 1', level: 'recall' }, version: 1 });
    expect((await bank.versions(teacher, first.id))[0]?.note).toBe('Nhập từ tệp DOCX');
    expect((await bank.get(teacher, result.created[1]!.questionId)).tags.level).toBeNull();
  });

  it('refuses a file with any question it cannot read, naming each, and stores nothing (not even pictures)', async () => {
    const error = await importer.apply(teacher, 'docx', await sampleDocx({ broken: true }), { subjectId: world.math, shared: false, tags: TAGS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toMatchObject({ reason: 'IMPORT_REFUSED', items: [{ index: 3, label: 'Câu 3', issues: [{ code: 'NO_ANSWER' }] }] });
    expect(await stored()).toBe(0);
    expect(images.stored.size).toBe(0);
  });

  it('with skipInvalid stores the understood questions and lists the skipped ones', async () => {
    const result = await importer.apply(teacher, 'docx', await sampleDocx({ broken: true }), { subjectId: world.math, shared: false, tags: TAGS, skipInvalid: true });
    expect([result.created.length, result.skipped]).toEqual([2, [3]]);
    expect(await stored()).toBe(2);
  });

  it('refuses an oversized picture, an oversized file, too many questions, a non-UTF-8 text file: nothing stored', async () => {
    const apply = async (format: 'docx' | 'gift', bytes: Uint8Array): Promise<ValidationError> => {
      const outcome = await importer.apply(teacher, format, bytes, { subjectId: world.math, shared: false, tags: TAGS }).catch((e: unknown) => e);
      if (!(outcome instanceof ValidationError)) throw new Error('the import was not refused');
      return outcome;
    };
    const bigImage = await apply('docx', await sampleDocx({ bigImage: true }));
    expect(bigImage.details?.['items']).toMatchObject([{ index: 1, issues: [{ code: 'IMAGE_TOO_LARGE' }] }]);
    const huge = await apply('gift', new Uint8Array(10_001));
    expect(huge.details?.['fileIssues']).toMatchObject([{ code: 'FILE_TOO_LARGE' }]);
    const many = await apply('gift', utf8(Array.from({ length: 6 }, (_, i) => `Câu ${i} {=a ~b}`).join('\n\n')));
    expect(many.details?.['fileIssues']).toMatchObject([{ code: 'TOO_MANY_QUESTIONS' }]);
    const latin1 = await apply('gift', new Uint8Array([0x43, 0xe2, 0x75, 0x20, 0x7b, 0x54, 0x7d]));
    expect(latin1.details?.['fileIssues']).toMatchObject([{ code: 'FILE_NOT_UTF8' }]);
    const notDocx = await apply('docx', utf8('this is not a zip'));
    expect(notDocx.details?.['fileIssues']).toMatchObject([{ code: 'FILE_NOT_DOCX' }]);
    const empty = await apply('gift', utf8('// only a comment\n'));
    expect(empty.details?.['fileIssues']).toMatchObject([{ code: 'NO_QUESTIONS' }]);
    expect(await stored()).toBe(0);
    expect(images.stored.size).toBe(0);
  });

  it('imports GIFT and Aiken, with their script payloads reduced to text', async () => {
    const gift = utf8('::A::[html]<img src=x onerror=alert(1)>Câu <b>một</b>{=<script>alert(1)</script>đúng ~sai}');
    const r = await importer.apply(teacher, 'gift', gift, { subjectId: world.math, shared: false, tags: TAGS });
    const q = await bank.get(teacher, r.created[0]!.questionId);
    expect(q.question.body).toMatchObject({ stem: 'Câu [b]một[/b]', options: [{ text: 'đúng' }, { text: 'sai' }] });
    const aiken = utf8('Câu hỏi <svg onload=alert(1)>\nA. một\nB. hai\nANSWER: A\n');
    const preview = await importer.preview(teacher, 'aiken', aiken, { subjectId: world.math });
    expect(preview.items[0]).toMatchObject({ ok: true, question: { body: { stem: 'Câu hỏi' } }, issues: [{ code: 'FORMAT_DROPPED', severity: 'warning' }] });
  });

  it('without a picture store, keeps the questions and says the pictures are left out', async () => {
    const noImages = new QuestionImport({ bank: new QuestionBank(t.storage, { clock: new ManualClock(1) }) }, { maxImageBytes: 3000 });
    const preview = await noImages.preview(teacher, 'docx', await sampleDocx(), { subjectId: world.math });
    expect(preview.items[0]).toMatchObject({ ok: true, imageCount: 0, issues: [{ code: 'IMAGE_DROPPED', severity: 'warning' }] });
    expect(preview.items[0]!.question?.body.stem).toBe('Hình bên là hình gì?');
  });

  it('is for teachers of the subject only', async () => {
    const gift = utf8('x {T}');
    await expect(importer.preview(await world.actor('teacher2'), 'gift', gift, { subjectId: world.math })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(importer.preview(await world.actor('student'), 'gift', gift, { subjectId: world.math })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(importer.apply(await world.actor('admin'), 'gift', gift, { subjectId: world.math, shared: false, tags: TAGS })).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});
