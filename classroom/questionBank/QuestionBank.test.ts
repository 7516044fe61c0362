import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { ESSAY, NUMERIC, SINGLE, TRUE_FALSE } from '../__fixtures__/questions.js';
import type { Question } from '../assessment/index.js';
import type { Actor } from '../authz/index.js';
import type { BankTags } from './BankTypes.js';
import { MemoryImages } from '../__fixtures__/memoryImages.js';
import { QuestionBank } from './QuestionBank.js';

let t: TestStorage;
let clock: ManualClock;
let world: World;
let bank: QuestionBank;
let teacher: Actor;

const TAGS: BankTags = { gradeLevel: 10, topic: 'Phương trình', level: 'recall' };

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock(1_800_000_000_000);
  world = await seedWorld(t.storage, clock);
  bank = new QuestionBank(t.storage, { clock, images: new MemoryImages() });
  teacher = await world.actor('teacher');
});
afterEach(() => t.dispose());

/** teacher2 joins the math group (teaches Toán to 10A2 too). */
async function mathColleague(): Promise<Actor> {
  await t.storage.schools.assignTeacher({ teacherId: 'u_teacher2', classId: world.classB, subjectId: world.math });
  return world.actor('teacher2');
}

const create = (actor: Actor, question: Question = SINGLE, shared = false) => bank.create(actor, { subjectId: world.math, shared, tags: TAGS, question });

describe('QuestionBank: writing', () => {
  it('creates a sanitized question, version 1, owned by its author', async () => {
    const dirty: Question = { ...SINGLE, body: { ...SINGLE.body, stem: '<script>alert(1)</script>Nghiệm [img:ours_12345] [img:theirs_123] là' } };
    const { question, warnings } = await create(teacher, dirty);
    expect(question).toMatchObject({ ownerId: 'u_teacher', subjectId: world.math, version: 1, kind: 'single_choice', shared: false, tags: TAGS });
    expect(question.question.body.stem).toBe('alert(1)Nghiệm [img:ours_12345]  là');
    expect(warnings.map((w) => w.code).sort()).toEqual(['HTML_REMOVED', 'IMAGE_REMOVED']);
    expect(await bank.get(teacher, question.id)).toEqual(question);
  });

  it('refuses a subject the teacher does not teach, and an admin or a student as author', async () => {
    await expect(bank.create(teacher, { subjectId: world.physics, shared: false, tags: TAGS, question: SINGLE })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(create(await world.actor('admin'))).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(create(await world.actor('student'))).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('refuses an invalid question with every issue and stores nothing', async () => {
    const bad: Question = { body: { ...SINGLE.body, stem: ' ' }, key: { kind: 'single_choice', correct: 'Z', explanation: '' } };
    const error = await create(teacher, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details?.['issues']).toEqual([
      expect.objectContaining({ path: 'body.stem', code: 'TEXT_EMPTY' }),
      expect.objectContaining({ path: 'key.correct', code: 'KEY_UNKNOWN_ID' }),
    ]);
    expect((await bank.search(teacher, {})).total).toBe(0);
  });

  it('refuses bad tags', async () => {
    await expect(bank.create(teacher, { subjectId: world.math, shared: false, tags: { ...TAGS, gradeLevel: 13 }, question: SINGLE })).rejects.toBeInstanceOf(ValidationError);
    await expect(bank.create(teacher, { subjectId: world.math, shared: false, tags: { ...TAGS, topic: 'x'.repeat(101) }, question: SINGLE })).rejects.toBeInstanceOf(ValidationError);
    const blankTopic = await bank.create(teacher, { subjectId: world.math, shared: false, tags: { ...TAGS, topic: '  ' }, question: SINGLE });
    expect(blankTopic.question.tags.topic).toBeNull();
  });
});

describe('QuestionBank: versions', () => {
  it('a change of content makes a new version; the old key stays readable for regrades', async () => {
    const { question } = await create(teacher);
    clock.advance(1000);
    const fixed: Question = { body: SINGLE.body, key: { kind: 'single_choice', correct: 'C', explanation: '' } };
    const v2 = await bank.update(teacher, question.id, { baseVersion: 1, question: fixed, note: 'Đổi đáp án' });
    expect([v2.question.version, v2.question.question.key]).toEqual([2, fixed.key]);
    expect((await bank.version(teacher, question.id, 1)).question.key).toEqual(SINGLE.key);
    expect((await bank.versions(teacher, question.id)).map((v) => [v.version, v.note])).toEqual([
      [1, ''],
      [2, 'Đổi đáp án'],
    ]);
  });

  it('tags and sharing change without a new version; the same content makes none either', async () => {
    const { question } = await create(teacher);
    const same = await bank.update(teacher, question.id, { baseVersion: 1, question: SINGLE, shared: true, tags: { ...TAGS, level: 'apply' } });
    expect(same.question).toMatchObject({ version: 1, shared: true, tags: { level: 'apply' } });
  });

  it('refuses an edit made from an old version (409 STALE_VERSION) and a change of kind', async () => {
    const { question } = await create(teacher);
    await bank.update(teacher, question.id, { baseVersion: 1, question: { ...SINGLE, key: { ...SINGLE.key, explanation: 'x' } } });
    const stale = await bank.update(teacher, question.id, { baseVersion: 1, shared: true }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).details).toEqual({ reason: 'STALE_VERSION', version: 2 });
    await expect(bank.update(teacher, question.id, { baseVersion: 2, question: NUMERIC })).rejects.toThrow(/kind of a question cannot change/);
  });

  it('versionsFor hands a quiz builder the versions it asks for, or refuses', async () => {
    const a = (await create(teacher)).question;
    const b = (await create(teacher, TRUE_FALSE)).question;
    const got = await bank.versionsFor(teacher, [
      { questionId: b.id, version: 1 },
      { questionId: a.id, version: 1 },
    ]);
    expect(got.map((v) => v.question.body.kind)).toEqual(['true_false', 'single_choice']);
    await expect(bank.versionsFor(teacher, [{ questionId: a.id, version: 7 }])).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('QuestionBank: who sees what', () => {
  it('the subject group sees a shared question (read only) and can copy it; an unshared one stays private', async () => {
    const colleague = await mathColleague();
    const shared = (await create(teacher, TRUE_FALSE, true)).question;
    const secret = (await create(teacher, ESSAY, false)).question;
    expect((await bank.get(colleague, shared.id)).question).toEqual(TRUE_FALSE);
    await expect(bank.get(colleague, secret.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(bank.update(colleague, shared.id, { baseVersion: 1, shared: false })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(bank.archive(colleague, shared.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    const copy = (await bank.copy(colleague, shared.id)).question;
    expect(copy).toMatchObject({ ownerId: 'u_teacher2', shared: false, version: 1, question: TRUE_FALSE });
    expect((await bank.versions(colleague, copy.id))[0]?.note).toMatch(`Sao chép từ ${shared.id}`);
    expect((await bank.search(colleague, { scope: 'shared' })).items.map((q) => q.id)).toEqual([shared.id]);
    expect((await bank.search(colleague, { scope: 'mine' })).items.map((q) => q.id)).toEqual([copy.id]);
    expect((await bank.search(colleague, {})).total).toBe(2);
  });

  it('a teacher of another subject sees nothing of it, even shared', async () => {
    const physicsTeacher = await world.actor('teacher2');
    const shared = (await create(teacher, SINGLE, true)).question;
    await expect(bank.get(physicsTeacher, shared.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await bank.search(physicsTeacher, {})).total).toBe(0);
  });

  it('the admin reads every question of the school but writes none', async () => {
    const admin = await world.actor('admin');
    const q = (await create(teacher)).question;
    expect((await bank.get(admin, q.id)).id).toBe(q.id);
    expect((await bank.search(admin, {})).total).toBe(1);
    await expect(bank.update(admin, q.id, { baseVersion: 1, shared: true })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('students and parents never reach the bank', async () => {
    const q = (await create(teacher, SINGLE, true)).question;
    for (const who of ['student', 'parent'] as const) {
      const actor = await world.actor(who);
      await expect(bank.get(actor, q.id)).rejects.toBeInstanceOf(NotAuthorizedError);
      await expect(bank.search(actor, {})).rejects.toBeInstanceOf(NotAuthorizedError);
      await expect(bank.topics(actor)).rejects.toBeInstanceOf(NotAuthorizedError);
    }
  });

  it('an unknown question, or one of another school, is not found', async () => {
    await expect(bank.get(teacher, 'qst_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('archiving removes the question from lists and refuses further edits', async () => {
    const q = (await create(teacher)).question;
    await bank.archive(teacher, q.id);
    expect((await bank.search(teacher, {})).total).toBe(0);
    expect((await bank.search(teacher, { includeArchived: true })).total).toBe(1);
    await expect(bank.update(teacher, q.id, { baseVersion: 1, shared: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it('lists the topics a teacher can see', async () => {
    await create(teacher);
    await bank.create(teacher, { subjectId: world.math, shared: false, tags: { ...TAGS, topic: 'Hình học' }, question: SINGLE });
    expect(await bank.topics(teacher)).toEqual(['Hình học', 'Phương trình']);
  });
});
