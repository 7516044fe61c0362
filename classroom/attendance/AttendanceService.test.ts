import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { LessonService } from '../timetable/index.js';
import { AttendanceService, participationFromActivity } from './AttendanceService.js';

const MIN = 60_000;
let t: TestStorage;
let clock: ManualClock;
let world: World;
let attendance: AttendanceService;
let lessonId: string;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  attendance = new AttendanceService(t.storage, { clock });
  const lessons = new LessonService(t.storage, { clock, hasher });
  lessonId = (await lessons.startNow(await world.actor('teacher'), { classId: world.classA, subjectId: world.math })).id;
  const at = clock.now();
  await t.storage.attendance.appendMany([
    { lessonId, userId: 'u_teacher', kind: 'join', at },
    { lessonId, userId: 'u_student', kind: 'join', at: at + MIN },
    { lessonId, userId: 'u_student', kind: 'leave', reason: 'left', at: at + 30 * MIN },
  ]);
  clock.advance(45 * MIN);
  await lessons.markEnded(lessonId);
});
afterEach(() => t.dispose());

describe('AttendanceService', () => {
  it('gives the lesson teacher the table from stored events, and records the access', async () => {
    const table = await attendance.tableFor(await world.actor('teacher'), lessonId, { ip: '10.1.1.1' });
    expect(table.rows.map((r) => [r.userId, r.presentMs, r.attended])).toEqual([
      ['u_student2', 0, false],
      ['u_student', 29 * MIN, true],
    ]);
    expect(table.notOnRoster).toEqual(['u_teacher']);
    const [audit] = await t.storage.personalDataAudit.forActor('u_teacher');
    expect(audit).toMatchObject({ action: 'view', resource: `attendance:lesson:${lessonId}`, ip: '10.1.1.1', schoolId: 'sch_1' });
  });

  it('exports a CSV file named after the class and day, and records the export', async () => {
    const { fileName, bytes } = await attendance.csvFor(await world.actor('admin'), lessonId, { ip: null });
    expect(fileName).toMatch(/^diem-danh_10A1_\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows.map((r) => r[2])).toEqual(['Họ và tên', 'Phạm Thị An', 'Lê Văn Cường']);
    expect((await t.storage.personalDataAudit.forActor('u_admin'))[0]?.action).toBe('export');
  });

  it('students, parents and other teachers may not read it', async () => {
    for (const who of ['student', 'parent', 'teacher2'] as const) {
      await expect(attendance.tableFor(await world.actor(who), lessonId, { ip: null })).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    expect(await t.storage.personalDataAudit.forSchool('sch_1')).toEqual([]);
  });

  it('turns live-room activities into participation events', () => {
    expect(participationFromActivity({ lessonId: 'l', userId: 'u', kind: 'leave', reason: 'removed', atMs: 5 })).toEqual({ lessonId: 'l', userId: 'u', kind: 'leave', reason: 'removed', at: 5 });
    expect(participationFromActivity({ lessonId: 'l', userId: 'u', kind: 'hand_raised', atMs: 6 })).toEqual({ lessonId: 'l', userId: 'u', kind: 'hand_raised', at: 6 });
    expect(() => participationFromActivity({ lessonId: 'l', userId: 'u', kind: 'leave', atMs: 7 })).toThrow(ValidationError);
  });
});
