import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import type { Actor } from '../authz/index.js';
import { localToEpochMs } from './localTime.js';
import { LessonService } from './LessonService.js';
import { StoredLessonCatalog } from './StoredLessonCatalog.js';

const MIN = 60_000;
let t: TestStorage;
let clock: ManualClock;
let world: World;
let lessons: LessonService;
let teacher: Actor;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock(localToEpochMs('2026-09-07', '06:50', 420));
  world = await seedWorld(t.storage, clock);
  lessons = new LessonService(t.storage, { clock, hasher });
  teacher = await world.actor('teacher');
});
afterEach(() => t.dispose());

const math = () => ({ classId: world.classA, subjectId: world.math });

describe('LessonService.schedule', () => {
  it('schedules a lesson in school time (UTC+7) with a default title and no password', async () => {
    const lesson = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '07:00', end: '07:45' });
    expect(lesson).toMatchObject({
      scheduledStart: Date.UTC(2026, 8, 7, 0, 0),
      scheduledEnd: Date.UTC(2026, 8, 7, 0, 45),
      title: 'Toán – 10A1',
      teacherId: 'u_teacher',
      status: 'scheduled',
      hasPassword: false,
    });
    expect(lesson).not.toHaveProperty('passwordHash');
  });

  it('a teacher schedules only for a class + subject they teach', async () => {
    await expect(lessons.schedule(teacher, { classId: world.classA, subjectId: world.physics, date: '2026-09-07', start: '08:00', end: '08:45' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(lessons.schedule(teacher, { classId: world.classB, subjectId: world.math, date: '2026-09-07', start: '08:00', end: '08:45' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(lessons.schedule(await world.actor('admin'), { ...math(), date: '2026-09-07', start: '08:00', end: '08:45' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(lessons.schedule(teacher, { classId: 'cls_nope', subjectId: world.math, date: '2026-09-07', start: '08:00', end: '08:45' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    [{ date: '2026-09-07', start: '08:00', end: '08:00' }, 'ends after it starts'],
    [{ date: '2026-09-07', start: '08:00', end: '07:00' }, 'ends after it starts'],
    [{ date: '2026-09-07', start: '06:49', end: '07:30' }, 'in the past'],
    [{ date: '2026-09-06', start: '08:00', end: '08:45' }, 'in the past'],
    [{ date: '2026-02-30', start: '08:00', end: '08:45' }, 'not a date'],
    [{ date: '07/09/2026', start: '08:00', end: '08:45' }, 'YYYY-MM-DD'],
    [{ date: '2026-09-07', start: '8h', end: '08:45' }, 'HH:MM'],
    [{ date: '2026-09-07', start: '07:00', end: '12:00' }, 'at most 240 minutes'],
    [{ date: '2028-09-07', start: '07:00', end: '07:45' }, 'too far ahead'],
  ])('refuses %j (%s)', async (when, message) => {
    const error = await lessons.schedule(teacher, { ...math(), ...when }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
  });

  it('accepts a start in the current minute', async () => {
    clock.advance(40_000); // 06:50:40
    await expect(lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '06:50', end: '07:30' })).resolves.toBeDefined();
  });

  it('refuses a lesson overlapping another of the class or of the teacher', async () => {
    await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '07:00', end: '07:45' });
    const teacher2 = await world.actor('teacher2');
    await expect(lessons.schedule(teacher2, { classId: world.classA, subjectId: world.physics, date: '2026-09-07', start: '07:30', end: '08:15' })).rejects.toBeInstanceOf(ConflictError);
    await expect(lessons.schedule(teacher2, { classId: world.classA, subjectId: world.physics, date: '2026-09-07', start: '07:45', end: '08:30' })).resolves.toBeDefined();
    await t.storage.schools.assignTeacher({ teacherId: 'u_teacher', classId: world.classB, subjectId: world.math });
    await expect(lessons.schedule(await world.actor('teacher'), { classId: world.classB, subjectId: world.math, date: '2026-09-07', start: '07:15', end: '07:30' })).rejects.toThrow(/You already have/);
  });

  it('stores an optional lesson password hashed, and checks it', async () => {
    const lesson = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '07:00', end: '07:45', password: 'toán10' });
    expect(lesson.hasPassword).toBe(true);
    expect((await t.storage.lessons.get(lesson.id))?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await lessons.checkPassword(lesson.id, 'toán10')).toBe(true);
    expect(await lessons.checkPassword(lesson.id, 'toan10')).toBe(false);
    await expect(lessons.schedule(teacher, { ...math(), date: '2026-09-08', start: '07:00', end: '07:45', password: 'abc' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('LessonService.startNow and the live room hooks', () => {
  it('starts a lesson now for 45 minutes, live at once; the room marks its end once', async () => {
    const lesson = await lessons.startNow(teacher, math());
    expect(lesson).toMatchObject({ scheduledStart: clock.now(), scheduledEnd: clock.now() + 45 * MIN, startedAt: clock.now(), status: 'live' });
    clock.advance(40 * MIN);
    expect((await lessons.markEnded(lesson.id)).status).toBe('ended');
    clock.advance(MIN);
    expect((await lessons.markEnded(lesson.id)).endedAt).toBe(clock.now() - MIN);
    await expect(lessons.cancel(teacher, lesson.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('of several requests for one slot at the same instant (a double click, two tabs), exactly one wins', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '10:00', end: '10:45' })),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason).toBeInstanceOf(ConflictError);
  });

  it('only its teacher or the admin cancels a scheduled lesson', async () => {
    const lesson = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '09:00', end: '09:45' });
    await expect(lessons.cancel(await world.actor('teacher2'), lesson.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    await lessons.cancel(await world.actor('admin'), lesson.id);
    expect((await lessons.get(lesson.id)).status).toBe('cancelled');
    await expect(lessons.markStarted(lesson.id)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('timetables', () => {
  it('students and parents see the upcoming, running and cancelled lessons of the class, with names, in order', async () => {
    const second = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '09:00', end: '09:45' });
    const first = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '07:00', end: '07:45' });
    const cancelled = await lessons.schedule(teacher, { ...math(), date: '2026-09-08', start: '07:00', end: '07:45' });
    await lessons.cancel(teacher, cancelled.id);
    await lessons.schedule(await world.actor('teacher2'), { classId: world.classA, subjectId: world.physics, date: '2026-09-30', start: '07:00', end: '07:45' });

    const forStudent = await lessons.timetableForStudent('u_student');
    // The cancelled lesson stays, marked: nobody waits for it.
    expect(forStudent.map((e) => [e.lesson.id, e.lesson.status])).toEqual([
      [first.id, 'scheduled'],
      [second.id, 'scheduled'],
      [cancelled.id, 'cancelled'],
    ]);
    expect(forStudent[0]).toMatchObject({ className: '10A1', subjectName: 'Toán', teacherName: 'Trần Thị Bình' });
    expect((await lessons.timetableForParent('u_parent')).map((e) => e.lesson.id)).toEqual([first.id, second.id, cancelled.id]);
    // Its slot is free again.
    const instead = await lessons.schedule(teacher, { ...math(), date: '2026-09-08', start: '07:00', end: '07:45' });
    expect((await lessons.timetableForStudent('u_student')).map((e) => e.lesson.id)).toEqual([first.id, second.id, instead.id, cancelled.id]); // at the same time, the one that happens first
    expect(await lessons.timetableForStudent('u_studentB')).toEqual([]);

    clock.set(localToEpochMs('2026-09-07', '07:50', 420));
    expect((await lessons.timetableForStudent('u_student')).map((e) => e.lesson.id)).toEqual([second.id, instead.id, cancelled.id]);
    expect((await lessons.timetableForTeacher('u_teacher')).map((e) => e.lesson.id)).toEqual([second.id, instead.id, cancelled.id]);
  });

  it('a class timetable is for members of the class only', async () => {
    await expect(lessons.timetableForClass(await world.actor('studentB'), world.classA)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(lessons.timetableForClass(await world.actor('parent'), world.classA)).resolves.toEqual([]);
  });
});

describe('StoredLessonCatalog (for the live room)', () => {
  it('describes a stored lesson with names and password setting, and records its end', async () => {
    const catalog = new StoredLessonCatalog(t.storage);
    const lesson = await lessons.schedule(teacher, { ...math(), date: '2026-09-07', start: '07:00', end: '07:45', password: 'bí mật' });
    expect(await catalog.find(lesson.id)).toEqual({
      info: { id: lesson.id, title: 'Toán – 10A1', className: '10A1', subjectName: 'Toán', teacherName: 'Trần Thị Bình', scheduledStartMs: lesson.scheduledStart, scheduledEndMs: lesson.scheduledEnd },
      settings: { passwordRequired: true },
      ended: false,
    });
    await catalog.markEnded(lesson.id, clock.now());
    expect((await catalog.find(lesson.id))?.ended).toBe(true);
    expect(await catalog.find('les_nope')).toBeUndefined();
  });
});
