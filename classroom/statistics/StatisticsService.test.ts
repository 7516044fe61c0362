import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { localToEpochMs } from '../timetable/index.js';
import { StatisticsService } from './StatisticsService.js';

const MIN = 60_000;
let ts: TestStorage;
let world: World;
let service: StatisticsService;
const clock = new ManualClock(Date.UTC(2026, 11, 20));
const at = (date: string, time: string) => localToEpochMs(date, time, 420);

beforeEach(async () => {
  ts = await openTestStorage();
  world = await seedWorld(ts.storage, clock);
  service = new StatisticsService(ts.storage, { clock });
  const s = ts.storage;
  const lesson = (id: string, teacherId: string, subjectId: string, date: string, minutes: number, held: boolean) => {
    const start = at(date, '07:00');
    return s.lessons.create({
      id, schoolId: world.schoolId, classId: world.classA, subjectId, teacherId, title: id, scheduledStart: start, scheduledEnd: start + minutes * MIN,
      startedAt: held ? start : null, endedAt: held ? start + minutes * MIN : null, cancelledAt: null, passwordHash: null, createdAt: 1,
    });
  };
  await lesson('les_math1', 'u_teacher', world.math, '2026-12-01', 45, true);
  await lesson('les_math2', 'u_teacher', world.math, '2026-12-02', 90, true);
  await lesson('les_phys', 'u_teacher2', world.physics, '2026-12-02', 45, true);
  await lesson('les_outside', 'u_teacher', world.math, '2026-11-30', 45, true);
  await lesson('les_cancel', 'u_teacher', world.math, '2026-12-03', 45, false);
  expect(await s.lessons.cancel('les_cancel', 2)).toBe(true);
  await s.attendance.appendMany([
    { lessonId: 'les_math1', userId: 'u_student', at: at('2026-12-01', '07:01'), kind: 'join' },
    { lessonId: 'les_math1', userId: 'u_student2', at: at('2026-12-01', '07:20'), kind: 'join' },
  ]);
});
afterEach(async () => {
  await ts.dispose();
});

const december = { from: '2026-12-01', to: '2026-12-31' };

describe('StatisticsService', () => {
  it('gives the admin the whole school: periods per teacher for the period, cancelled and outside lessons left out', async () => {
    const r = await service.report(await world.actor('admin'), december);
    expect(r.scope).toEqual({ kind: 'school', schoolId: world.schoolId });
    const periods = Object.fromEntries(r.tables.teacher.map((t) => [t.name, t.figures.periodsTaught]));
    expect(periods).toEqual({ 'Trần Thị Bình': 3, 'Ngô Văn Lý': 1 });
    expect(r.total).toMatchObject({ lessonsHeld: 3, lessonsCancelled: 1, periodsTaught: 4, expected: 6, attended: 2, absences: 4, late: 1 });
    expect(r.from).toBe(at('2026-12-01', '00:00'));
    expect(r.to).toBe(at('2027-01-01', '00:00'));
  });

  it('lets the admin narrow to one teacher of the school, and says so for anyone else', async () => {
    const admin = await world.actor('admin');
    const r = await service.report(admin, { ...december, teacherId: 'u_teacher2' });
    expect(r.scope).toEqual({ kind: 'teacher', schoolId: world.schoolId, teacherId: 'u_teacher2' });
    expect(r.total.periodsTaught).toBe(1);
    await expect(service.report(admin, { ...december, teacherId: 'u_student' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.report(admin, { ...december, teacherId: 'u_nobody' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives a teacher only their own teaching, never a colleague’s nor the school’s', async () => {
    const teacher = await world.actor('teacher');
    const own = await service.report(teacher, december);
    expect(own.scope).toEqual({ kind: 'teacher', schoolId: world.schoolId, teacherId: 'u_teacher' });
    expect(own.tables.teacher.map((t) => t.id)).toEqual(['u_teacher']);
    expect(own.tables.subject.map((t) => t.id)).toEqual([world.math]);
    expect(own.total.periodsTaught).toBe(3);
    expect((await service.report(teacher, { ...december, teacherId: 'u_teacher' })).total.periodsTaught).toBe(3);
    await expect(service.report(teacher, { ...december, teacherId: 'u_teacher2' })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('refuses students and parents', async () => {
    for (const who of ['student', 'parent'] as const) await expect(service.report(await world.actor(who), december)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('refuses a period that is not one: bad dates, backwards, longer than the limit', async () => {
    const admin = await world.actor('admin');
    for (const q of [
      { from: '2026-13-01', to: '2026-12-31' },
      { from: '2026-12-01', to: 'tomorrow' },
      { from: '2026-12-31', to: '2026-12-01' },
      { from: '2025-01-01', to: '2026-12-31' },
    ]) {
      await expect(service.report(admin, q)).rejects.toBeInstanceOf(ValidationError);
    }
    expect((await service.report(admin, { from: '2026-12-02', to: '2026-12-02' })).total.lessonsHeld).toBe(2);
  });
});
