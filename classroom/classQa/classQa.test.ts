import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotAuthorizedError, NotFoundError, TooLargeError, ValidationError } from '../../platform/index.js';
import { openAssignmentWorld, type AssignmentWorld } from '../__fixtures__/assignmentWorld.js';
import { ClassQa } from './ClassQa.js';
import { QA_LIMITS, type QaNotified } from './ClassQaTypes.js';

let w: AssignmentWorld;
let qa: ClassQa;
beforeEach(async () => {
  w = await openAssignmentWorld();
  qa = new ClassQa(w.t.storage, { clock: w.clock, blobs: w.blobs });
});
afterEach(() => w.t.dispose());

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const unread = async (name: 'student' | 'student2' | 'teacher' | 'teacher2') => (await qa.notifications(await w.world.actor(name))).unread;

async function asked(body = 'Giải $x^2 - 4 = 0$ thế nào?') {
  return qa.ask(await w.world.actor('student'), w.world.classA, w.world.math, { body });
}

describe('questions and answers of a class + subject (R13)', () => {
  it('a student asks, a classmate answers, the teacher accepts: those involved are told, opening the thread clears it', async () => {
    const q = await asked();
    expect(q).toMatchObject({ body: 'Giải $x^2 - 4 = 0$ thế nào?', authorName: 'Lê Văn Cường', answered: false, hasPhoto: false });
    expect(await unread('teacher')).toBe(1);
    expect(await unread('teacher2')).toBe(0); // physics, not this board
    w.clock.advance(1000);
    const a = await qa.answer(await w.world.actor('student2'), q.id, { body: '$x = \\pm 2$' });
    expect(a).toMatchObject({ authorName: 'Phạm Thị An', byTeacher: false });
    expect(await unread('student')).toBe(1);
    expect(await unread('teacher')).toBe(2);
    w.clock.advance(1000);
    await qa.accept(await w.world.actor('teacher'), q.id, a.id);
    expect(await unread('student')).toBe(2);
    expect(await unread('student2')).toBe(1);
    const t = await qa.thread(await w.world.actor('student'), q.id);
    expect(t.question).toMatchObject({ acceptedAnswerId: a.id, answered: true });
    expect(t.answers.map((x) => [x.body, x.accepted])).toEqual([['$x = \\pm 2$', true]]);
    expect(await unread('student')).toBe(0);
    const stored = await w.t.storage.classQa.getQuestion(q.id);
    expect(stored).toMatchObject({ answeredBy: 'u_teacher' });
  });

  it('tells who was notified after each commit (ask, answer, accept), never the actor; a listener that throws loses nothing', async () => {
    const told: QaNotified[] = [];
    qa = new ClassQa(w.t.storage, { clock: w.clock, blobs: w.blobs, notified: (n) => told.push(n) });
    const q = await asked();
    const a = await qa.answer(await w.world.actor('student2'), q.id, { body: '$x = 2$' });
    await qa.accept(await w.world.actor('teacher'), q.id, a.id);
    expect(told).toEqual([
      { userIds: ['u_teacher'], questionId: q.id, kind: 'asked' },
      { userIds: ['u_student', 'u_teacher'], questionId: q.id, kind: 'answered' },
      { userIds: ['u_student', 'u_student2'], questionId: q.id, kind: 'accepted' },
    ]);
    qa = new ClassQa(w.t.storage, { clock: w.clock, blobs: w.blobs, notified: () => { throw new Error('listener'); } });
    await qa.answer(await w.world.actor('teacher'), q.id, { body: 'Đúng rồi' });
    expect(await unread('student')).toBe(3);
  });

  it('a script in a question is removed before it is stored; empty and over-long texts are refused', async () => {
    const q = await asked('Tại sao <script>alert(1)</script> $a<b$?');
    expect(q.body).not.toContain('<script');
    expect(q.body).toContain('$a<b$');
    await expect(asked('   ')).rejects.toBeInstanceOf(ValidationError);
    await expect(asked('x'.repeat(QA_LIMITS.bodyChars + 1))).rejects.toBeInstanceOf(ValidationError);
    await expect(asked('<b></b>')).rejects.toBeInstanceOf(ValidationError);
  });

  it('only the class and its subject teachers take part; the admin reads; another class and a parent see nothing', async () => {
    const q = await asked();
    const [studentB, parent, admin, teacher2] = await Promise.all(['studentB', 'parent', 'admin', 'teacher2'].map((n) => w.world.actor(n as 'admin')));
    await expect(qa.list(studentB!, w.world.classA, w.world.math)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(qa.thread(studentB!, q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(qa.answer(studentB!, q.id, { body: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(qa.photo(studentB!, q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(qa.list(parent!, w.world.classA, w.world.math)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(qa.thread(parent!, q.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await qa.list(admin!, w.world.classA, w.world.math)).questions.map((x) => x.id)).toEqual([q.id]);
    await expect(qa.answer(admin!, q.id, { body: 'x' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(qa.ask(admin!, w.world.classA, w.world.math, { body: 'x' })).rejects.toBeInstanceOf(NotAuthorizedError);
    // teacher2 teaches physics to this class, not mathematics.
    await expect(qa.thread(teacher2!, q.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(qa.ask(await w.world.actor('teacher'), w.world.classA, w.world.math, { body: 'x' })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await qa.places(await w.world.actor('student'))).map((p) => p.subjectName).sort()).toEqual(['Toán', 'Vật lý']);
    expect(await qa.places(parent!)).toEqual([]);
    expect(await w.t.storage.classQa.unreadCount('u_studentB')).toBe(0);
  });

  it('the teacher hides an answer or a question and locks a thread; students no longer see or answer them', async () => {
    const q = await asked();
    const teacher = await w.world.actor('teacher');
    const student2 = await w.world.actor('student2');
    const spam = await qa.answer(student2, q.id, { body: 'quảng cáo' });
    await expect(qa.accept(student2, q.id, spam.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    await qa.moderateAnswer(teacher, spam.id, true);
    expect((await qa.thread(student2, q.id)).answers).toEqual([]);
    expect((await qa.thread(teacher, q.id)).answers.map((a) => a.hidden)).toEqual([true]);
    await expect(qa.accept(teacher, q.id, spam.id)).rejects.toBeInstanceOf(ConflictError);
    await qa.moderateQuestion(teacher, q.id, { locked: true });
    await expect(qa.answer(student2, q.id, { body: 'nữa' })).rejects.toBeInstanceOf(ConflictError);
    expect((await qa.thread(student2, q.id)).canAnswer).toBe(false);
    await qa.moderateQuestion(teacher, q.id, { hidden: true });
    await expect(qa.thread(student2, q.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await qa.list(student2, w.world.classA, w.world.math)).questions).toEqual([]);
    expect((await qa.list(teacher, w.world.classA, w.world.math)).questions.map((x) => x.hidden)).toEqual([true]);
  });

  it('the asker adds one photo, typed by its bytes, within the limit; the class sees it, nobody else adds one', async () => {
    const q = await asked();
    const student = await w.world.actor('student');
    await expect(qa.addPhoto(await w.world.actor('student2'), q.id, PNG)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(qa.addPhoto(student, q.id, Buffer.from('<svg onload=alert(1)>'))).rejects.toBeInstanceOf(ValidationError);
    await expect(qa.addPhoto(student, q.id, Buffer.alloc(QA_LIMITS.photoBytes + 1, 0xff))).rejects.toBeInstanceOf(TooLargeError);
    expect((await qa.addPhoto(student, q.id, PNG)).hasPhoto).toBe(true);
    await expect(qa.addPhoto(student, q.id, PNG)).rejects.toBeInstanceOf(ConflictError);
    const photo = await qa.photo(await w.world.actor('student2'), q.id);
    expect(photo.contentType).toBe('image/png');
    expect((await w.blobs.stat(photo.key))?.size).toBe(PNG.length);
  });

  it('a teacher’s answer marks the question answered once, for the statistics', async () => {
    const q = await asked();
    w.clock.advance(5000);
    await qa.answer(await w.world.actor('teacher'), q.id, { body: 'Đưa về $(x-2)(x+2)=0$' });
    const first = await w.t.storage.classQa.getQuestion(q.id);
    w.clock.advance(5000);
    await qa.answer(await w.world.actor('teacher'), q.id, { body: 'Thêm' });
    expect((await w.t.storage.classQa.getQuestion(q.id))!.answeredAt).toBe(first!.answeredAt);
    expect(await unread('student')).toBe(2);
  });

  it('erasing a student (R21) removes their questions with the answers under them, their answers, notifications, and lists the photo for deletion', async () => {
    const q = await asked();
    await qa.addPhoto(await w.world.actor('student'), q.id, PNG);
    await qa.answer(await w.world.actor('student2'), q.id, { body: 'trả lời' });
    const other = await qa.ask(await w.world.actor('student2'), w.world.classA, w.world.math, { body: 'Câu của bạn khác' });
    await qa.answer(await w.world.actor('student'), other.id, { body: 'em trả lời' });
    const photoKey = (await w.t.storage.classQa.getQuestion(q.id))!.photoKey!;
    expect(await w.t.storage.personalData.blobKeysOf('u_student')).toContain(photoKey);
    await w.t.storage.personalData.eraseStudent('u_student', []);
    expect(await w.t.storage.classQa.getQuestion(q.id)).toBeUndefined();
    expect(await w.t.storage.classQa.answersOf(other.id)).toEqual([]);
    expect(await w.t.storage.classQa.getQuestion(other.id)).toBeDefined();
    expect(await w.t.storage.db.all("SELECT 1 FROM qa_notifications WHERE user_id = 'u_student' OR actor_id = 'u_student'")).toEqual([]);
  });
});
