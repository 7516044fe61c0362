import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../platform/index.js';
import type { ParticipationEvent } from '../../attendance/index.js';
import type { Lesson } from '../../timetable/index.js';
import type { Storage } from '../StorageTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const H = 3_600_000;

/** The school of seedSchool, teacher u_t1, and lesson les_1 of 10A1 in Toán, 10:00 to 11:00. */
export async function seedLesson(s: Storage, over: Partial<Lesson> = {}): Promise<Lesson> {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' })).catch(() => undefined);
  const lesson: Lesson = {
    id: 'les_1',
    schoolId: ids.schoolId,
    classId: ids.classA,
    subjectId: ids.math,
    teacherId: 'u_t1',
    title: 'Hàm số bậc hai',
    scheduledStart: 10 * H,
    scheduledEnd: 11 * H,
    startedAt: null,
    endedAt: null,
    cancelledAt: null,
    passwordHash: null,
    createdAt: 1_000,
    ...over,
  };
  await s.lessons.create(lesson);
  return lesson;
}

export function lessonsAttendanceContract(target: ContractTarget): void {
  describe('LessonStore', () => {
    const ctx = useStorage(target);

    it('round-trips a lesson, starts it once and ends it once', async () => {
      const s = ctx.storage;
      const lesson = await seedLesson(s);
      expect(await s.lessons.get('les_1')).toEqual(lesson);
      expect((await s.lessons.markStarted('les_1', 10 * H + 5))?.startedAt).toBe(10 * H + 5);
      expect((await s.lessons.markStarted('les_1', 10 * H + 9))?.startedAt).toBe(10 * H + 5);
      expect((await s.lessons.markEnded('les_1', 11 * H))?.endedAt).toBe(11 * H);
      expect((await s.lessons.markEnded('les_1', 12 * H))?.endedAt).toBe(11 * H);
      expect(await s.lessons.cancel('les_1', 12 * H)).toBe(false);
      expect(await s.lessons.get('nope')).toBeUndefined();
    });

    it('lockTimetables serializes check-then-insert: of concurrent bookings of one slot, one lands', async () => {
      const s = ctx.storage;
      const first = await seedLesson(s, { scheduledStart: 1 * H, scheduledEnd: 2 * H });
      const book = (i: number) =>
        s.transaction(async (tx) => {
          await tx.lessons.lockTimetables(first.classId, 'u_t1');
          if ((await tx.lessons.forClass(first.classId, { from: 10 * H, to: 11 * H })).length > 0) return false;
          // Give the other transactions every chance to run their check in between.
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.lessons.create({ ...first, id: `les_c${i}`, scheduledStart: 10 * H, scheduledEnd: 11 * H });
          return true;
        });
      const booked = await Promise.all([0, 1, 2, 3, 4].map(book));
      expect(booked.filter(Boolean)).toHaveLength(1);
      expect(await s.lessons.forClass(first.classId, { from: 10 * H, to: 11 * H })).toHaveLength(1);
    });

    it('lists the lessons of a class, of classes and of a teacher that overlap a range, cancelled ones only when asked', async () => {
      const s = ctx.storage;
      const first = await seedLesson(s);
      const second = { ...first, id: 'les_2', scheduledStart: 12 * H, scheduledEnd: 13 * H };
      const cancelled = { ...first, id: 'les_3', scheduledStart: 14 * H, scheduledEnd: 15 * H };
      await s.lessons.create(second);
      await s.lessons.create(cancelled);
      expect(await s.lessons.cancel('les_3', 1)).toBe(true);
      expect((await s.lessons.forClass(first.classId, { from: 0, to: 24 * H })).map((l) => l.id)).toEqual(['les_1', 'les_2']);
      expect((await s.lessons.forClass(first.classId, { from: 11 * H, to: 24 * H })).map((l) => l.id)).toEqual(['les_2']);
      expect((await s.lessons.forClasses([first.classId, 'cls_other'], { from: 10 * H + 1, to: 12 * H })).map((l) => l.id)).toEqual(['les_1']);
      expect((await s.lessons.forClass(first.classId, { from: 0, to: 24 * H, includeCancelled: true })).map((l) => l.id)).toEqual(['les_1', 'les_2', 'les_3']);
      expect((await s.lessons.forTeacher('u_t1', { from: 13 * H, to: 24 * H, includeCancelled: true })).map((l) => l.id)).toEqual(['les_3']);
      expect(await s.lessons.forTeacher('u_t1', { from: 13 * H, to: 24 * H })).toEqual([]);
      expect(await s.lessons.forClasses([], { from: 0, to: 24 * H })).toEqual([]);
      expect((await s.lessons.forTeacher('u_t1', { from: 0, to: 24 * H })).map((l) => l.id)).toEqual(['les_1', 'les_2']);
    });

    it('refuses a lesson that ends before it starts', async () => {
      const s = ctx.storage;
      await expect(seedLesson(s, { scheduledEnd: 9 * H })).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('AttendanceStore', () => {
    const ctx = useStorage(target);
    const base = { lessonId: 'les_1', userId: 'u_s1' };

    it('returns the events of a lesson in time order, and same-millisecond events in arrival order', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.attendance.append({ ...base, kind: 'join', at: 100 });
      await s.attendance.append({ ...base, kind: 'camera_on', at: 100 });
      await s.attendance.append({ ...base, kind: 'leave', reason: 'disconnected', at: 300 });
      await s.attendance.append({ ...base, kind: 'chat_message', at: 200 });
      const events = await s.attendance.eventsForLesson('les_1');
      expect(events.map((e) => e.kind)).toEqual(['join', 'camera_on', 'chat_message', 'leave']);
      expect(events[3]).toMatchObject({ ...base, kind: 'leave', reason: 'disconnected', at: 300 });
      expect(events[0]?.seq).toBeLessThan(events[1]?.seq ?? 0);
      expect(await s.attendance.eventsForLesson('other')).toEqual([]);
    });

    it('appendMany stores a batch atomically, and rejects it whole when one event is invalid', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      const batch: ParticipationEvent[] = Array.from({ length: 450 }, (_, i) => ({ ...base, userId: `u_${i}`, kind: 'join', at: i }));
      await s.attendance.appendMany(batch);
      expect(await s.attendance.eventsForLesson('les_1')).toHaveLength(450);
      const bad = [{ ...base, kind: 'join', at: 1_000 }, { ...base, kind: 'leave', at: 1_001 }] as ParticipationEvent[];
      await expect(s.attendance.appendMany(bad)).rejects.toBeInstanceOf(ValidationError);
      const unknownLesson: ParticipationEvent[] = [{ ...base, kind: 'join', at: 1 }, { ...base, lessonId: 'les_missing', kind: 'join', at: 2 }];
      await expect(s.attendance.appendMany(unknownLesson)).rejects.toBeInstanceOf(ConflictError);
      expect(await s.attendance.eventsForLesson('les_1')).toHaveLength(450);
    });

    it('concurrent appends are all stored in call order; an event for an unknown lesson fails alone', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      const calls = Array.from({ length: 300 }, (_, i) =>
        s.attendance.append(i === 150 ? { ...base, lessonId: 'les_missing', kind: 'join', at: 5 } : { ...base, userId: `u_${i}`, kind: 'chat_message', at: 5 }),
      );
      const outcomes = await Promise.allSettled(calls);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([expect.any(ConflictError)]);
      expect(outcomes.findIndex((o) => o.status === 'rejected')).toBe(150);
      const stored = await s.attendance.eventsForLesson('les_1');
      expect(stored.map((e) => e.userId)).toEqual(Array.from({ length: 300 }, (_, i) => `u_${i}`).filter((_, i) => i !== 150));
    });

    it('rejects malformed events with a ValidationError and stores nothing', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      const bad = [
        { ...base, kind: 'teleport', at: 1 },
        { ...base, kind: 'join', at: -1 },
        { ...base, kind: 'join', at: 1.5 },
        { ...base, kind: 'join', at: 1, reason: 'left' },
        { ...base, kind: 'leave', reason: 'bored', at: 1 },
        { ...base, userId: '', kind: 'join', at: 1 },
      ] as unknown as ParticipationEvent[];
      for (const e of bad) await expect(s.attendance.append(e)).rejects.toBeInstanceOf(ValidationError);
      expect(await s.attendance.eventsForLesson('les_1')).toEqual([]);
    });
  });

  describe('Storage.transaction', () => {
    const ctx = useStorage(target);

    it('writes of several stores commit together or not at all', async () => {
      const s = ctx.storage;
      await seedSchool(s);
      await expect(
        s.transaction(async (tx) => {
          await tx.accounts.create(account({ id: 'u_a', role: 'student', code: '0790000201' }));
          await tx.schools.enrol('u_a', 'cls_10a1');
          await tx.accounts.create(account({ id: 'u_b', role: 'student', code: '0790000201' }));
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await s.accounts.get('u_a')).toBeUndefined();
      expect(await s.schools.rosterOfClass('cls_10a1')).toEqual([]);
    });
  });
}
