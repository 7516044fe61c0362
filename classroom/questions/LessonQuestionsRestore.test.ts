import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import { migrate, MIGRATIONS, SqliteDatabase } from '../store/index.js';
import { QUESTIONS, questionsFeature, SqlLessonQuestionStore, type LessonQuestion, type SeenQuestion } from './index.js';

/**
 * The questions of a lesson are kept with it (R13): when the lesson's room goes away (everyone
 * left, a crash, a server restart on the same data) its next room reads them back, with their
 * upvotes, answered marks and who may see them. Participant ids are new in the next room.
 */
let db: SqliteDatabase;
let store: SqlLessonQuestionStore;

beforeEach(async () => {
  db = new SqliteDatabase({ file: ':memory:' });
  await migrate(db, MIGRATIONS);
  store = new SqlLessonQuestionStore(db);
});
afterEach(async () => {
  await db.close();
});

function roomOn() {
  const { room, clock } = makeRoom({ autoAdmit: true }, [questionsFeature(store)]);
  clock.advance(60_000);
  const seen = async (participantId: string) => (QUESTIONS.snapshotIn(await room.snapshot(participantId)) ?? []) as LessonQuestion[];
  return { room, clock, questions: room.feature(QUESTIONS), seen };
}

/** Student 1 asks a public and a hidden question; student 2 upvotes the public one; the teacher answers it. Then the room closes. */
async function askThenClose(): Promise<{ publicId: string; hiddenId: string }> {
  const { room, questions, clock } = roomOn();
  const t = await admittedId(room, teacher);
  const s1 = await admittedId(room, student(1));
  const s2 = await admittedId(room, student(2));
  const pub = await questions.ask(s1, { text: 'Vì sao x nhân 0 bằng 0?', hiddenFromClassmates: false });
  clock.advance(1_000); // asked one after the other: the stored order is the asking order
  const hidden = await questions.ask(s1, { text: 'Em hỏi riêng cô ạ', hiddenFromClassmates: true });
  await questions.upvote(s2, pub.id);
  await questions.markAnswered(t, pub.id);
  room.close();
  return { publicId: pub.id, hiddenId: hidden.id };
}

describe('lesson questions after the room went away', () => {
  it('come back in the next room as they were: the teacher sees both, a classmate the public one, the asker both as theirs', async () => {
    const { publicId, hiddenId } = await askThenClose();
    const { room, seen } = roomOn();
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    const byTeacher = await seen(t);
    expect(byTeacher.map((q) => [q.id, q.upvoters.length, q.answeredAt !== null])).toEqual([
      [publicId, 1, true],
      [hiddenId, 0, false],
    ]);
    expect((await seen(s2)).map((q) => q.id)).toEqual([publicId]);
    // Each person is told whether they upvoted (the page shows "upvoted" after a reload); nobody learns who else did.
    expect((await seen(s2)).map((q) => (q as SeenQuestion).upvotedByYou)).toEqual([true]);
    expect(byTeacher.map((q) => (q as SeenQuestion).upvotedByYou)).toEqual([false, false]);
    expect((await seen(s1)).map((q) => (q as SeenQuestion).upvotedByYou)).toEqual([false, false]);
    // The asker has a new participant id: the questions are listed under it (the page shows them as its own).
    expect((await seen(s1)).map((q) => [q.id, q.authorId])).toEqual([
      [publicId, s1],
      [hiddenId, s1],
    ]);
  });

  it('an upvote of the earlier room counts: the same classmate cannot upvote again, the asker never; the teacher can mark the restored one answered', async () => {
    const { publicId, hiddenId } = await askThenClose();
    const { room, questions, seen } = roomOn();
    const t = await admittedId(room, teacher);
    const s1 = await admittedId(room, student(1));
    const s2 = await admittedId(room, student(2));
    const s3 = await admittedId(room, student(3));
    await questions.upvote(s2, publicId);
    await questions.upvote(s1, publicId);
    await questions.upvote(s3, publicId);
    await expect(questions.upvote(s3, hiddenId)).rejects.toMatchObject({ name: 'NotFoundError' });
    await questions.markAnswered(t, hiddenId);
    expect((await seen(t)).map((q) => [q.upvoters.length, q.answeredAt !== null])).toEqual([
      [2, true],
      [0, true],
    ]);
    expect((await store.ofLesson((await seen(t))[0]!.lessonId)).map((q) => q.upvoters)).toEqual([['u-s2', 'u-s3'], []]);
  });
});
