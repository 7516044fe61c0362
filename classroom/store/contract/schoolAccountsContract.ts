import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../platform/index.js';
import type { Account } from '../../accounts/index.js';
import type { Storage } from '../StorageTypes.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

export function account(over: Partial<Account> & Pick<Account, 'id' | 'role'>): Account {
  return {
    schoolId: 'sch_1',
    code: null,
    username: null,
    displayName: 'Nguyễn Văn An',
    passwordHash: '$argon2id$fake',
    mustChangePassword: true,
    disabled: false,
    createdAt: 1_000,
    updatedAt: 1_000,
    passwordChangedAt: null,
    ...over,
  };
}

async function seedPeople(s: Storage) {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001', displayName: 'Trần Thị Bình' }));
  await s.accounts.create(account({ id: 'u_s1', role: 'student', code: '0790000101', displayName: 'Lê Văn Cường' }));
  await s.accounts.create(account({ id: 'u_s2', role: 'student', code: '0790000102', displayName: 'Phạm Thị An' }));
  await s.accounts.create(account({ id: 'u_s3', role: 'student', code: '0790000103', displayName: 'Đỗ Minh An' }));
  await s.accounts.create(account({ id: 'u_p1', role: 'parent', username: 'PhuHuynh1', displayName: 'Lê Văn Dũng' }));
  return ids;
}

export function schoolAccountsContract(target: ContractTarget): void {
  describe('SchoolDirectory', () => {
    const ctx = useStorage(target);

    it('finds classes and subjects by name regardless of case, spacing and Unicode form', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      expect((await s.schools.findClassByName(ids.schoolId, ' 10a1 '))?.id).toBe(ids.classA);
      expect((await s.schools.findSubjectByName(ids.schoolId, 'TOÁN'))?.id).toBe(ids.math);
      expect((await s.schools.findSubjectByName(ids.schoolId, 'Vật lý'.normalize('NFD')))?.id).toBe(ids.physics);
      expect(await s.schools.findClassByName('other', '10A1')).toBeUndefined();
      expect((await s.schools.listClasses(ids.schoolId)).map((c) => c.name)).toEqual(['10A1', '10A2']);
      expect((await s.schools.listGrades(ids.schoolId)).map((g) => g.level)).toEqual([10]);
    });

    it('refuses a second class with the same name in a school', async () => {
      const s = ctx.storage;
      const ids = await seedSchool(s);
      await expect(s.schools.addClass({ id: 'cls_x', schoolId: ids.schoolId, gradeId: ids.gradeId, name: '10a1' })).rejects.toBeInstanceOf(ConflictError);
    });

    it('teaching assignments are idempotent and can be replaced as a whole', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      const a = { teacherId: 'u_t1', classId: ids.classA, subjectId: ids.math };
      await s.schools.assignTeacher(a);
      await s.schools.assignTeacher(a);
      expect(await s.schools.assignmentsOfTeacher('u_t1')).toEqual([a]);
      expect(await s.schools.teaches('u_t1', ids.classA, ids.math)).toBe(true);
      expect(await s.schools.teaches('u_t1', ids.classA, ids.physics)).toBe(false);
      await s.schools.replaceAssignments('u_t1', [{ classId: ids.classB, subjectId: ids.physics }]);
      expect(await s.schools.assignmentsOfTeacher('u_t1')).toEqual([{ teacherId: 'u_t1', classId: ids.classB, subjectId: ids.physics }]);
      expect(await s.schools.assignmentsOfClass(ids.classA)).toEqual([]);
      await s.schools.unassignTeacher({ teacherId: 'u_t1', classId: ids.classB, subjectId: ids.physics });
      expect(await s.schools.assignmentsOfTeacher('u_t1')).toEqual([]);
    });

    it('a student is in one class at a time, and the roster is in class-list order', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      for (const id of ['u_s1', 'u_s2', 'u_s3']) await s.schools.enrol(id, ids.classB);
      await s.schools.enrol('u_s1', ids.classA);
      expect(await s.schools.classOfStudent('u_s1')).toBe(ids.classA);
      expect(await s.schools.rosterOfClass(ids.classA)).toEqual([{ userId: 'u_s1', code: '0790000101', displayName: 'Lê Văn Cường' }]);
      // Sorted by given name (An, An) then full name (Đỗ before Phạm).
      expect((await s.schools.rosterOfClass(ids.classB)).map((r) => r.displayName)).toEqual(['Đỗ Minh An', 'Phạm Thị An']);
    });

    it('links parents to children, idempotently', async () => {
      const s = ctx.storage;
      await seedPeople(s);
      await s.schools.linkParent('u_p1', 'u_s1');
      await s.schools.linkParent('u_p1', 'u_s1');
      await s.schools.linkParent('u_p1', 'u_s2');
      expect(await s.schools.childrenOf('u_p1')).toEqual(['u_s1', 'u_s2']);
      expect(await s.schools.parentsOf('u_s1')).toEqual(['u_p1']);
    });
  });

  describe('AccountStore', () => {
    const ctx = useStorage(target);

    it('finds an account by code and by username (any case), without duplicates', async () => {
      const s = ctx.storage;
      await seedPeople(s);
      expect((await s.accounts.findByCode('0790000101'))?.id).toBe('u_s1');
      expect((await s.accounts.findByUsername('phuhuynh1'))?.id).toBe('u_p1');
      expect((await s.accounts.findByUsername('PHUHUYNH1'))?.username).toBe('phuhuynh1');
      const found = await s.accounts.findByCodes(['0790000101', '0790000103', '9999999999']);
      expect(found.map((a) => a.id).sort()).toEqual(['u_s1', 'u_s3']);
      await expect(s.accounts.create(account({ id: 'u_dup', role: 'student', code: '0790000101' }))).rejects.toBeInstanceOf(ConflictError);
      await expect(s.accounts.create(account({ id: 'u_dup2', role: 'parent', username: 'phuhuynh1' }))).rejects.toBeInstanceOf(ConflictError);
    });

    it('round-trips every field, and updates profile and password', async () => {
      const s = ctx.storage;
      await seedPeople(s);
      const before = await s.accounts.get('u_s1');
      expect(before).toEqual(account({ id: 'u_s1', role: 'student', code: '0790000101', displayName: 'Lê Văn Cường' }));
      await s.accounts.updateProfile('u_s1', { displayName: 'Lê Văn Cương' }, 2_000);
      await s.accounts.setPassword('u_s1', '$argon2id$new', false, 3_000);
      expect(await s.accounts.get('u_s1')).toMatchObject({
        displayName: 'Lê Văn Cương',
        disabled: false,
        passwordHash: '$argon2id$new',
        mustChangePassword: false,
        passwordChangedAt: 3_000,
        updatedAt: 3_000,
      });
      await s.accounts.updateProfile('u_s1', { disabled: true }, 4_000);
      expect((await s.accounts.get('u_s1'))?.disabled).toBe(true);
      expect((await s.accounts.listBySchool('sch_1', 'student')).map((a) => a.id).sort()).toEqual(['u_s1', 'u_s2', 'u_s3']);
    });
  });

  describe('SessionStore', () => {
    const ctx = useStorage(target);

    it('creates, touches, revokes one or all sessions of a user, and purges ended ones', async () => {
      const s = ctx.storage;
      await seedPeople(s);
      const base = { userId: 'u_s1', createdAt: 1_000, expiresAt: 10_000, lastSeenAt: 1_000, passwordChangeOnly: true, ip: '10.0.0.1', userAgent: 'UA', revokedAt: null };
      await s.sessions.create({ ...base, tokenHash: 'h1' });
      await s.sessions.create({ ...base, tokenHash: 'h2' });
      await s.sessions.create({ ...base, tokenHash: 'h3' });
      expect(await s.sessions.get('h1')).toEqual({ ...base, tokenHash: 'h1' });
      await s.sessions.touch('h1', 2_000, 12_000);
      await s.sessions.markPasswordChanged('h1');
      expect(await s.sessions.get('h1')).toMatchObject({ lastSeenAt: 2_000, expiresAt: 12_000, passwordChangeOnly: false });
      expect(await s.sessions.revoke('h2', 3_000)).toBe(true);
      expect(await s.sessions.revoke('h2', 3_000)).toBe(false);
      expect(await s.sessions.revokeAllForUser('u_s1', 3_000, 'h1')).toBe(1);
      expect((await s.sessions.get('h3'))?.revokedAt).toBe(3_000);
      expect((await s.sessions.get('h1'))?.revokedAt).toBeNull();
      expect(await s.sessions.purgeEnded(11_000)).toBe(2);
      expect(await s.sessions.get('h1')).toBeDefined();
    });
  });

  describe('LoginThrottleStore', () => {
    const ctx = useStorage(target);

    it('concurrent updates of one counter lose none', async () => {
      const s = ctx.storage;
      const bump = () => s.loginThrottle.update('account', 'u_x', 5_000, (st) => ({ ...st, failures: st.failures + 1 }));
      await Promise.all(Array.from({ length: 20 }, bump));
      expect(await s.loginThrottle.get('account', 'u_x')).toEqual({ failures: 20, windowStart: 5_000, lockedUntil: 0, lockLevel: 0 });
      expect(await s.loginThrottle.get('ip', 'u_x')).toBeUndefined();
      await s.loginThrottle.clear('account', 'u_x');
      expect(await s.loginThrottle.get('account', 'u_x')).toBeUndefined();
    });

    it('concurrent updates of several counters at once (in either order) lose none and never deadlock', async () => {
      const s = ctx.storage;
      const a = ['account', 'u_y'] as const;
      const b = ['ip', '203.0.113.9'] as const;
      const bump = (keys: (typeof a | typeof b)[]) => s.loginThrottle.updateMany(keys, 5_000, (states) => states.map((st) => ({ ...st, failures: st.failures + 1 })));
      await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 === 0 ? [a, b] : [b, a])));
      expect((await s.loginThrottle.get(...a))?.failures).toBe(20);
      expect((await s.loginThrottle.get(...b))?.failures).toBe(20);
    });
  });

  describe('AuthEventLog and PersonalDataAuditLog', () => {
    const ctx = useStorage(target);

    it('read newest first, within a time window and a limit', async () => {
      const s = ctx.storage;
      const ev = { userId: 'u_s1', schoolId: 'sch_1', login: '0790000101', ip: '10.0.0.1', userAgent: null, detail: null };
      await s.authEvents.record({ ...ev, at: 1, kind: 'login_failed', detail: 'bad_password' });
      await s.authEvents.record({ ...ev, at: 2, kind: 'login_succeeded' });
      await s.authEvents.record({ ...ev, at: 3, kind: 'logout' });
      await s.authEvents.record({ ...ev, at: 4, kind: 'login_failed', userId: null, schoolId: null, login: 'ai-do' });
      expect((await s.authEvents.forUser('u_s1')).map((e) => e.kind)).toEqual(['logout', 'login_succeeded', 'login_failed']);
      expect((await s.authEvents.forUser('u_s1', { since: 2, until: 3 })).map((e) => e.at)).toEqual([2]);
      expect((await s.authEvents.forSchool('sch_1', { limit: 1 })).map((e) => e.at)).toEqual([3]);

      const acc = { actorId: 'u_t1', schoolId: 'sch_1', ip: null, detail: null };
      await s.personalDataAudit.record({ ...acc, at: 10, action: 'view', subjectUserId: 'u_s1', resource: 'attendance:student:u_s1' });
      await s.personalDataAudit.record({ ...acc, at: 11, action: 'export', subjectUserId: null, resource: 'attendance:lesson:les_1' });
      expect(await s.personalDataAudit.forSubject('u_s1')).toEqual([{ ...acc, at: 10, action: 'view', subjectUserId: 'u_s1', resource: 'attendance:student:u_s1' }]);
      expect((await s.personalDataAudit.forActor('u_t1')).map((a) => a.action)).toEqual(['export', 'view']);
      expect(await s.personalDataAudit.forSchool('sch_1', { since: 11 })).toHaveLength(1);
    });
  });
}
