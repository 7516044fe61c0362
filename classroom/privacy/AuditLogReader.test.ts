import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError } from '../../platform/index.js';
import { openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { AuditLogReader } from './AuditLogReader.js';

let t: TestStorage;
let clock: ManualClock;
let world: World;
let reader: AuditLogReader;
const origin = { ip: '10.9.9.9' };

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  reader = new AuditLogReader(t.storage, { clock });
  const login = { ip: '10.0.0.7', userAgent: null, detail: null };
  await t.storage.authEvents.record({ ...login, at: 1, kind: 'login_succeeded', userId: 'u_student', schoolId: 'sch_1', login: '0791000101' });
  await t.storage.authEvents.record({ ...login, at: 2, kind: 'login_failed', userId: 'u_student2', schoolId: 'sch_1', login: '0791000102', detail: 'bad_password' });
  await t.storage.authEvents.record({ ...login, at: 3, kind: 'login_succeeded', userId: 'u_elsewhere', schoolId: world.otherSchoolId, login: 'x' });
  await t.storage.personalDataAudit.record({ at: 4, actorId: 'u_teacher', schoolId: 'sch_1', action: 'view', subjectUserId: 'u_student', resource: 'attendance:student:u_student', ip: null, detail: null });
  clock.advance(1_000);
});
afterEach(() => t.dispose());

describe('AuditLogReader', () => {
  it("shows the admin their school's logins, newest first, with names, and records the reading", async () => {
    const page = await reader.read(await world.actor('admin'), { log: 'logins' }, origin);
    if (page.log !== 'logins') throw new Error('expected the login log');
    expect(page.entries.map((e) => [e.at, e.kind, e.userName])).toEqual([
      [2, 'login_failed', 'Phạm Thị An'],
      [1, 'login_succeeded', 'Lê Văn Cường'],
    ]);
    const [reading] = await t.storage.personalDataAudit.forActor('u_admin');
    expect(reading).toMatchObject({ action: 'view', resource: 'audit:logins', ip: '10.9.9.9', detail: '2 entries' });
  });

  it('filters the access log by the person whose data was accessed', async () => {
    const page = await reader.read(await world.actor('admin'), { log: 'access', userId: 'u_student' }, origin);
    expect(page.entries).toEqual([expect.objectContaining({ actorName: 'Trần Thị Bình', subjectName: 'Lê Văn Cường', resource: 'attendance:student:u_student' })]);
  });

  it('never shows another school’s entries, even asked by user id', async () => {
    const page = await reader.read(await world.actor('admin'), { log: 'logins', userId: 'u_elsewhere' }, origin);
    expect(page.entries).toEqual([]);
  });

  it('is for the admin only', async () => {
    for (const who of ['teacher', 'student', 'parent'] as const) {
      await expect(reader.read(await world.actor(who), { log: 'logins' }, origin)).rejects.toBeInstanceOf(NotAuthorizedError);
    }
  });
});
