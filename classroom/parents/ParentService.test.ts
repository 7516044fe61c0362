import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import type { Lesson } from '../timetable/index.js';
import { ParentService } from './ParentService.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 11, 7, 1, 0); // Monday 08:00 in Vietnam
let ts: TestStorage;
let world: World;
let clock: ManualClock;
let parents: ParentService;

async function lesson(id: string, start: number, over: Partial<Lesson> = {}): Promise<void> {
  await ts.storage.lessons.create({
    id, schoolId: world.schoolId, classId: world.classA, subjectId: world.math, teacherId: 'u_teacher', title: `Toán ${id}`,
    scheduledStart: start, scheduledEnd: start + 45 * MIN, startedAt: start, endedAt: start + 45 * MIN, cancelledAt: null, passwordHash: null, createdAt: 1, ...over,
  });
}

beforeEach(async () => {
  ts = await openTestStorage();
  clock = new ManualClock(T0 + 5 * H);
  world = await seedWorld(ts.storage, clock);
  parents = new ParentService(ts.storage, { clock });
  await lesson('on_time', T0);
  await lesson('late_and_early', T0 + H);
  await lesson('missed', T0 + 2 * H);
  await lesson('cancelled', T0 + 3 * H, { startedAt: null, endedAt: null, cancelledAt: T0 });
  await lesson('running', T0 + 4 * H + 30 * MIN, { endedAt: null });
  await lesson('tomorrow', T0 + 24 * H, { startedAt: null, endedAt: null });
  const me = 'u_student';
  await ts.storage.attendance.appendMany([
    { lessonId: 'on_time', userId: me, at: T0 + MIN, kind: 'join' },
    { lessonId: 'on_time', userId: me, at: T0 + 45 * MIN, kind: 'leave', reason: 'lesson_ended' },
    { lessonId: 'late_and_early', userId: me, at: T0 + H + 12 * MIN, kind: 'join' },
    { lessonId: 'late_and_early', userId: me, at: T0 + H + 30 * MIN, kind: 'leave', reason: 'left' },
    { lessonId: 'missed', userId: 'u_student2', at: T0 + 2 * H, kind: 'join' },
    { lessonId: 'running', userId: me, at: T0 + 4 * H + 31 * MIN, kind: 'join' },
  ]);
});
afterEach(async () => {
  await ts.dispose();
});

describe('ParentService.childOverview', () => {
  it('shows the parent each lesson of the child’s class with the child’s attendance and times', async () => {
    const o = await parents.childOverview(await world.actor('parent'), 'u_student');
    expect(o.child).toEqual({ id: 'u_student', displayName: 'Lê Văn Cường', classId: world.classA, className: '10A1' });
    const by = Object.fromEntries(o.lessons.map((l) => [l.lessonId, l]));
    expect(by.on_time).toMatchObject({ state: 'present', late: false, leftEarly: false, firstJoinAt: T0 + MIN, lastLeaveAt: T0 + 45 * MIN, presentMs: 44 * MIN, subjectName: 'Toán', teacherName: 'Trần Thị Bình' });
    expect(by.late_and_early).toMatchObject({ state: 'present', late: true, leftEarly: true, firstJoinAt: T0 + H + 12 * MIN, lastLeaveAt: T0 + H + 30 * MIN });
    expect(by.missed).toMatchObject({ state: 'absent', firstJoinAt: null });
    expect(by.cancelled!.state).toBe('cancelled');
    expect(by.running!.state).toBe('in_lesson');
    expect(by.tomorrow!.state).toBe('upcoming');
  });

  it('lets a parent reach only their own child: 403 for a classmate, 404 for an unknown id or a non-student', async () => {
    const parent = await world.actor('parent');
    await expect(parents.childOverview(parent, 'u_student2')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(parents.childOverview(parent, 'u_studentB')).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(parents.childOverview(parent, 'u_nobody')).rejects.toBeInstanceOf(NotFoundError);
    await expect(parents.childOverview(parent, 'u_teacher')).rejects.toBeInstanceOf(NotFoundError);
    // A student reads their own page, not a classmate's.
    expect((await parents.childOverview(await world.actor('student2'), 'u_student2')).lessons.find((l) => l.lessonId === 'missed')!.state).toBe('present');
    await expect(parents.childOverview(await world.actor('student2'), 'u_student')).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('refuses a period that is backwards or too long', async () => {
    const parent = await world.actor('parent');
    await expect(parents.childOverview(parent, 'u_student', { from: '2026-12-10', to: '2026-12-01' })).rejects.toBeInstanceOf(ValidationError);
    await expect(parents.childOverview(parent, 'u_student', { from: '2026-01-01', to: '2026-12-01' })).rejects.toBeInstanceOf(ValidationError);
    expect((await parents.childOverview(parent, 'u_student', { from: '2026-12-08', to: '2026-12-08' })).lessons.map((l) => l.lessonId)).toEqual(['tomorrow']);
  });
});

describe('class announcements', () => {
  it('a teacher of the class writes, the class’s parents and students read, newest first, as plain text', async () => {
    const teacher = await world.actor('teacher');
    await parents.announce(teacher, world.classA, { title: 'Họp phụ huynh', body: 'Thứ bảy 8:00\r\nphòng 12' });
    clock.advance(1000);
    await parents.announce(teacher, world.classA, { title: '<script>alert(1)</script>', body: 'Nghỉ học <b>thứ hai</b>' });
    const o = await parents.childOverview(await world.actor('parent'), 'u_student');
    expect(o.announcements.map((a) => [a.title, a.body, a.authorName])).toEqual([
      ['<script>alert(1)</script>', 'Nghỉ học <b>thứ hai</b>', 'Trần Thị Bình'],
      ['Họp phụ huynh', 'Thứ bảy 8:00\nphòng 12', 'Trần Thị Bình'],
    ]);
    expect((await parents.announcements(await world.actor('student'), world.classA)).length).toBe(2);
  });

  it('nobody else writes, and an empty or oversized message is refused with nothing stored', async () => {
    for (const who of ['parent', 'student'] as const) {
      await expect(parents.announce(await world.actor(who), world.classA, { title: 'x', body: 'y' })).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    await expect(parents.announce(await world.actor('teacher'), world.classB, { title: 'x', body: 'y' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(parents.announce(await world.actor('teacher'), 'cls_nope', { title: 'x', body: 'y' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(parents.announce(await world.actor('teacher'), world.classA, { title: ' \u0007 ', body: 'y' })).rejects.toBeInstanceOf(ValidationError);
    await expect(parents.announce(await world.actor('teacher'), world.classA, { title: 'x', body: 'y'.repeat(4001) })).rejects.toBeInstanceOf(ValidationError);
    await expect(parents.announcements(await world.actor('parent'), world.classB)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await parents.announcements(await world.actor('admin'), world.classA)).toEqual([]);
    await parents.announce(await world.actor('admin'), world.classA, { title: 'Nhà trường', body: 'Thông báo' });
    expect((await parents.announcements(await world.actor('parent'), world.classA)).map((a) => a.title)).toEqual(['Nhà trường']);
  });
});
