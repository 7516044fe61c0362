import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { AccountService } from '../accounts/index.js';
import { SessionService } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { SchoolService } from './SchoolService.js';

let t: TestStorage;
let clock: ManualClock;
let world: World;
let admin: Actor;
let school: SchoolService;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  admin = await world.actor('admin');
  school = new SchoolService(t.storage, { clock, hasher });
});
afterEach(() => t.dispose());

describe('SchoolService', () => {
  it('bootstraps a school whose first admin logs in with a generated password and must change it', async () => {
    const { schoolId, admin: created } = await school.bootstrapSchool({ schoolName: 'THCS Nguyễn Du', adminUsername: 'HieuTruong', adminDisplayName: 'Võ Thị Hiệu' });
    expect((await t.storage.schools.getSchool(schoolId))?.name).toBe('THCS Nguyễn Du');
    const sessions = new SessionService(t.storage, clock);
    const login = await new AccountService(t.storage, { clock, hasher, sessions }).login({ login: 'hieutruong', password: created.initialPassword, ip: null });
    expect(login).toMatchObject({ mustChangePassword: true, account: { role: 'admin', schoolId } });
  });

  it('an admin builds the structure of their school; others may not', async () => {
    const grade = await school.addGrade(admin, { name: 'Khối 11', level: 11 });
    const cls = await school.addClass(admin, { gradeId: grade.id, name: '11B2' });
    const subject = await school.addSubject(admin, { name: 'Tin học' });
    await school.assignTeacher(admin, { teacherId: 'u_teacher', classId: cls.id, subjectId: subject.id });
    expect(await t.storage.schools.teaches('u_teacher', cls.id, subject.id)).toBe(true);
    await expect(school.addClass(admin, { gradeId: grade.id, name: '11b2' })).rejects.toBeInstanceOf(ConflictError);
    await expect(school.addGrade(admin, { name: 'Khối 13', level: 13 })).rejects.toBeInstanceOf(ValidationError);
    await expect(school.addSubject(await world.actor('teacher'), { name: 'Mỹ thuật' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(school.assignTeacher(admin, { teacherId: 'u_student', classId: cls.id, subjectId: subject.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates a parent linked to children by ID code, and refuses children of another school', async () => {
    const parent = await school.createParent(admin, { username: 'me.an', displayName: 'Trần Thị Mẹ', childCodes: ['0791000102'] });
    expect(await t.storage.schools.childrenOf(parent.userId)).toEqual(['u_student2']);
    expect(parent).toMatchObject({ code: null, username: 'me.an' });
    await expect(school.createParent(admin, { username: 'x.y', displayName: 'Ai Đó', childCodes: ['0799999999'] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(school.createParent(admin, { username: 'a', displayName: 'Ai Đó', childCodes: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(school.createParent(admin, { username: 'me.an', displayName: 'Ai Đó', childCodes: [] })).rejects.toBeInstanceOf(ConflictError);
  });
});
