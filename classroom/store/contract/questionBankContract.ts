import { describe, expect, it } from 'vitest';
import { MULTIPLE, NUMERIC, SINGLE, TRUE_FALSE } from '../../__fixtures__/questions.js';
import type { Question } from '../../assessment/index.js';
import type { BankQuestionMeta, BankTags } from '../../questionBank/index.js';
import { searchKey } from '../../questionBank/index.js';
import type { Storage, StoreSet } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const NO_TAGS: BankTags = { gradeLevel: null, topic: null, level: null };

/** School sch_1 (Toán, Vật lý) with teachers t1 and t2. */
async function seedBank(s: Storage) {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 't1', role: 'teacher', code: '0791000001' }));
  await s.accounts.create(account({ id: 't2', role: 'teacher', code: '0791000002' }));
  return ids;
}

let clock = 10_000;
async function put(s: StoreSet, over: Partial<BankQuestionMeta> & { id: string; subjectId: string }, question: Question = SINGLE): Promise<BankQuestionMeta> {
  const at = ++clock;
  const meta: BankQuestionMeta = { schoolId: 'sch_1', ownerId: 't1', kind: question.body.kind, shared: false, tags: NO_TAGS, version: 1, createdAt: at, updatedAt: at, archivedAt: null, ...over };
  await s.questionBank.create(meta, { questionId: meta.id, version: 1, question, authorId: meta.ownerId, note: '', createdAt: at }, searchKey(question.body.stem));
  return meta;
}

export function questionBankContract(target: ContractTarget): void {
  describe('QuestionBankStore', () => {
    const ctx = useStorage(target);

    it('stores a question and reads it back whole (JSON, Vietnamese text, LaTeX, numbers)', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      const meta = await put(s, { id: 'q1', subjectId: math, shared: true, tags: { gradeLevel: 10, topic: 'Phương trình', level: 'apply_high' } }, TRUE_FALSE);
      expect(await s.questionBank.get('q1')).toEqual({ ...meta, question: TRUE_FALSE });
      const numeric = await put(s, { id: 'q2', subjectId: math }, { body: NUMERIC.body, key: { kind: 'numeric', answers: [{ value: -0.125, tolerance: 1e-6 }], explanation: '' } });
      expect((await s.questionBank.get(numeric.id))?.question.key).toEqual({ kind: 'numeric', answers: [{ value: -0.125, tolerance: 1e-6 }], explanation: '' });
      expect(await s.questionBank.get('nope')).toBeUndefined();
    });

    it('appends versions only on top of the expected one, and keeps every version', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      await put(s, { id: 'q1', subjectId: math });
      const v2: Question = { body: SINGLE.body, key: { kind: 'single_choice', correct: 'C', explanation: '' } };
      expect(await s.questionBank.addVersion({ questionId: 'q1', version: 2, question: v2, authorId: 't1', note: 'sửa đáp án', createdAt: 20_000 }, 1, 'k', 20_000)).toBe(true);
      // A second editor who also started from version 1 is refused, and nothing of theirs is stored.
      expect(await s.questionBank.addVersion({ questionId: 'q1', version: 2, question: SINGLE, authorId: 't2', note: '', createdAt: 20_001 }, 1, 'k', 20_001)).toBe(false);
      const current = await s.questionBank.get('q1');
      expect([current?.version, current?.updatedAt, current?.question]).toEqual([2, 20_000, v2]);
      expect((await s.questionBank.getVersion('q1', 1))?.question).toEqual(SINGLE);
      expect((await s.questionBank.getVersion('q1', 2))?.note).toBe('sửa đáp án');
      expect(await s.questionBank.getVersion('q1', 3)).toBeUndefined();
      expect((await s.questionBank.listVersions('q1')).map((v) => [v.version, v.authorId, v.kind])).toEqual([
        [1, 't1', 'single_choice'],
        [2, 't1', 'single_choice'],
      ]);
      await expect(s.questionBank.addVersion({ questionId: 'q1', version: 5, question: SINGLE, authorId: 't1', note: '', createdAt: 1 }, 2, 'k', 1)).rejects.toThrow();
    });

    it('of two concurrent edits of one version exactly one lands', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      await put(s, { id: 'q1', subjectId: math });
      const edit = (author: string) => s.questionBank.addVersion({ questionId: 'q1', version: 2, question: MULTIPLE, authorId: author, note: author, createdAt: 30_000 }, 1, 'k', 30_000);
      const results = await Promise.all([edit('t1'), edit('t2')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.questionBank.listVersions('q1')).toHaveLength(2);
    });

    it('reads several versions at once, in the order asked, leaving out missing ones', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      await put(s, { id: 'a', subjectId: math }, SINGLE);
      await put(s, { id: 'b', subjectId: math }, NUMERIC);
      await s.questionBank.addVersion({ questionId: 'a', version: 2, question: MULTIPLE, authorId: 't1', note: '', createdAt: 1 }, 1, 'k', 1);
      const got = await s.questionBank.getVersions([
        { questionId: 'b', version: 1 },
        { questionId: 'a', version: 2 },
        { questionId: 'a', version: 1 },
        { questionId: 'a', version: 9 },
      ]);
      expect(got.map((v) => [v.questionId, v.version, v.question.body.kind])).toEqual([
        ['b', 1, 'numeric'],
        ['a', 2, 'multiple_choice'],
        ['a', 1, 'single_choice'],
      ]);
      expect(await s.questionBank.getVersions([])).toEqual([]);
    });

    it('changes sharing and tags without a new version; archives once', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      await put(s, { id: 'q1', subjectId: math });
      await s.questionBank.updateMeta('q1', { shared: true, tags: { gradeLevel: 11, topic: 'Lượng giác', level: 'recall' }, updatedAt: 40_000 });
      expect(await s.questionBank.get('q1')).toMatchObject({ shared: true, tags: { gradeLevel: 11, topic: 'Lượng giác', level: 'recall' }, version: 1, updatedAt: 40_000 });
      expect(await s.questionBank.archive('q1', 41_000)).toBe(true);
      expect(await s.questionBank.archive('q1', 42_000)).toBe(false);
      expect((await s.questionBank.get('q1'))?.archivedAt).toBe(41_000);
    });

    it('shows a teacher their own questions and the shared ones of their subject group only', async () => {
      const s = ctx.storage;
      const { math, physics } = await seedBank(s);
      await put(s, { id: 'own', subjectId: math });
      await put(s, { id: 'ownPhys', subjectId: physics });
      await put(s, { id: 'sharedMath', subjectId: math, ownerId: 't2', shared: true });
      await put(s, { id: 'privateMath', subjectId: math, ownerId: 't2' });
      await put(s, { id: 'sharedPhys', subjectId: physics, ownerId: 't2', shared: true });
      const ids = async (f: Parameters<Storage['questionBank']['search']>[0]) => (await s.questionBank.search(f)).items.map((q) => q.id).sort();
      expect(await ids({ schoolId: 'sch_1', visibleTo: { userId: 't1', sharedSubjectIds: [math] } })).toEqual(['own', 'ownPhys', 'sharedMath']);
      expect(await ids({ schoolId: 'sch_1', visibleTo: { userId: 't1', sharedSubjectIds: [] } })).toEqual(['own', 'ownPhys']);
      expect(await ids({ schoolId: 'sch_1', visibleTo: { userId: 't1', sharedSubjectIds: [math, physics] }, excludeOwnerId: 't1' })).toEqual(['sharedMath', 'sharedPhys']);
      expect(await ids({ schoolId: 'sch_1' })).toHaveLength(5);
      expect(await ids({ schoolId: 'sch_2' })).toEqual([]);
    });

    it('filters by subject, kind, grade, topic (any case), level and words of the text without marks', async () => {
      const s = ctx.storage;
      const { math, physics } = await seedBank(s);
      await put(s, { id: 'tf', subjectId: math, tags: { gradeLevel: 10, topic: 'Hàm số  bậc hai', level: 'understand' } }, TRUE_FALSE);
      await put(s, { id: 'num', subjectId: math, tags: { gradeLevel: 11, topic: 'hàm số bậc hai', level: 'apply' } }, NUMERIC);
      await put(s, { id: 'phys', subjectId: physics, tags: { gradeLevel: 10, topic: 'Động học', level: 'understand' } }, SINGLE);
      const ids = async (f: object) => (await s.questionBank.search({ schoolId: 'sch_1', ...f })).items.map((q) => q.id).sort();
      expect(await ids({ subjectId: physics })).toEqual(['phys']);
      expect(await ids({ kind: 'numeric' })).toEqual(['num']);
      expect(await ids({ gradeLevel: 10 })).toEqual(['phys', 'tf']);
      expect(await ids({ topic: 'HÀM SỐ BẬC HAI ' })).toEqual(['num', 'tf']);
      expect(await ids({ level: 'understand', subjectId: math })).toEqual(['tf']);
      expect(await ids({ text: 'HAM SO' })).toEqual(['tf']);
      expect(await ids({ text: 'phương trình' })).toEqual(['phys']);
      expect(await ids({ text: 'pi tron' })).toEqual(['num']);
      expect(await ids({ text: '%' })).toEqual([]);
      expect(await ids({ text: '_' })).toEqual([]);
      expect(await s.questionBank.topics({ schoolId: 'sch_1', subjectId: math })).toHaveLength(1);
      expect(await s.questionBank.topics({ schoolId: 'sch_1' })).toHaveLength(2);
    });

    it('lists newest change first, pages with a total, and leaves archived questions out unless asked', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      for (const id of ['q1', 'q2', 'q3', 'q4']) await put(s, { id, subjectId: math });
      await s.questionBank.archive('q2', 99_000);
      const page = await s.questionBank.search({ schoolId: 'sch_1', limit: 2 });
      expect([page.items.map((q) => q.id), page.total]).toEqual([['q4', 'q3'], 3]);
      expect((await s.questionBank.search({ schoolId: 'sch_1', limit: 2, offset: 2 })).items.map((q) => q.id)).toEqual(['q1']);
      expect((await s.questionBank.search({ schoolId: 'sch_1', includeArchived: true })).items.map((q) => q.id)).toEqual(['q2', 'q4', 'q3', 'q1']);
    });

    it('lists pictures per school', async () => {
      const s = ctx.storage;
      await seedBank(s);
      await s.schools.createSchool({ id: 'sch_2', name: 'Khác', createdAt: 1 });
      const image = { id: 'AAAAAAAAAAAAAAAAAAAAAA', schoolId: 'sch_1', ownerId: 't1', blobKey: 'bank/AAAAAAAAAAAAAAAAAAAAAA', contentType: 'image/png', size: 67, createdAt: 5 };
      await s.questionBank.addImage(image);
      await s.questionBank.addImage({ ...image, id: 'BBBBBBBBBBBBBBBBBBBBBB', schoolId: 'sch_2', blobKey: 'bank/BBBBBBBBBBBBBBBBBBBBBB' });
      expect(await s.questionBank.getImage(image.id)).toEqual(image);
      expect((await s.questionBank.imagesOf('sch_1', [image.id, 'BBBBBBBBBBBBBBBBBBBBBB', 'nope'])).map((i) => i.id)).toEqual([image.id]);
      expect(await s.questionBank.imagesOf('sch_1', [])).toEqual([]);
    });

    it('a question created in a transaction that fails leaves nothing behind', async () => {
      const s = ctx.storage;
      const { math } = await seedBank(s);
      await expect(
        s.transaction(async (tx) => {
          await put(tx, { id: 'q1', subjectId: math });
          throw new Error('import refused');
        }),
      ).rejects.toThrow('import refused');
      expect(await s.questionBank.get('q1')).toBeUndefined();
      expect(await s.questionBank.getVersion('q1', 1)).toBeUndefined();
    });
  });
}
