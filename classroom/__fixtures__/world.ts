/**
 * Test fixtures: a SQLite storage in a temp folder, and a small school with one of each role.
 * Services are built with the cheapest argon2 parameters and a ManualClock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../platform/index.js';
import type { Account, Role } from '../accounts/AccountTypes.js';
import { Argon2PasswordHasher, TEST_ARGON2 } from '../accounts/passwords.js';
import type { Actor } from '../authz/AuthzTypes.js';
import { loadActor } from '../authz/loadActor.js';
import { openStorage } from '../store/openStorage.js';
import type { Storage } from '../store/StorageTypes.js';

export const hasher = new Argon2PasswordHasher(TEST_ARGON2);

export interface TestStorage {
  storage: Storage;
  dir: string;
  dispose(): Promise<void>;
}

export async function openTestStorage(): Promise<TestStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'classroom-test-'));
  // Sign-in rules are tested with sequences of attempts: no commit spacing (see StorageOverOptions).
  const storage = await openStorage({ engine: 'sqlite', sqlite: { dataDir: dir } }, { signInCommitIntervalMs: 0 });
  return {
    storage,
    dir,
    dispose: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'mat-khau-bi-mat';

export interface World {
  schoolId: string;
  otherSchoolId: string;
  gradeId: string;
  classA: string;
  classB: string;
  math: string;
  physics: string;
  accounts: Record<'admin' | 'teacher' | 'teacher2' | 'student' | 'student2' | 'studentB' | 'parent', Account>;
  actor(name: keyof World['accounts']): Promise<Actor>;
}

/**
 * School "sch_1": grade 10, classes 10A1 (classA) and 10A2 (classB), subjects Toán and Vật lý.
 * teacher teaches Toán to 10A1; teacher2 teaches Vật lý to 10A1; student and student2 are in
 * 10A1, studentB in 10A2; parent is student's parent. Every password is PASSWORD.
 */
export async function seedWorld(storage: Storage, clock: ManualClock): Promise<World> {
  const ids = { schoolId: 'sch_1', otherSchoolId: 'sch_2', gradeId: 'grd_10', classA: 'cls_10a1', classB: 'cls_10a2', math: 'sub_toan', physics: 'sub_ly' };
  const now = clock.now();
  await storage.schools.createSchool({ id: ids.schoolId, name: 'THPT Chu Văn An', createdAt: now });
  await storage.schools.createSchool({ id: ids.otherSchoolId, name: 'THPT Lê Quý Đôn', createdAt: now });
  await storage.schools.addGrade({ id: ids.gradeId, schoolId: ids.schoolId, name: 'Khối 10', level: 10 });
  await storage.schools.addClass({ id: ids.classA, schoolId: ids.schoolId, gradeId: ids.gradeId, name: '10A1' });
  await storage.schools.addClass({ id: ids.classB, schoolId: ids.schoolId, gradeId: ids.gradeId, name: '10A2' });
  await storage.schools.addSubject({ id: ids.math, schoolId: ids.schoolId, name: 'Toán' });
  await storage.schools.addSubject({ id: ids.physics, schoolId: ids.schoolId, name: 'Vật lý' });
  const passwordHash = await hasher.hash(PASSWORD);
  const make = async (id: string, role: Role, displayName: string, code: string | null, username: string | null = null): Promise<Account> => {
    const a: Account = { id, schoolId: ids.schoolId, role, code, username, displayName, passwordHash, mustChangePassword: false, disabled: false, createdAt: now, updatedAt: now, passwordChangedAt: null };
    await storage.accounts.create(a);
    return a;
  };
  const accounts: World['accounts'] = {
    admin: await make('u_admin', 'admin', 'Hoàng Văn Quản', null, 'quantri'),
    teacher: await make('u_teacher', 'teacher', 'Trần Thị Bình', '079100000001'),
    teacher2: await make('u_teacher2', 'teacher', 'Ngô Văn Lý', '079100000002'),
    student: await make('u_student', 'student', 'Lê Văn Cường', '0791000101'),
    student2: await make('u_student2', 'student', 'Phạm Thị An', '0791000102'),
    studentB: await make('u_studentB', 'student', 'Đỗ Minh Khôi', '0791000201'),
    parent: await make('u_parent', 'parent', 'Lê Văn Dũng', null, 'phuhuynh.cuong'),
  };
  await storage.schools.assignTeacher({ teacherId: 'u_teacher', classId: ids.classA, subjectId: ids.math });
  await storage.schools.assignTeacher({ teacherId: 'u_teacher2', classId: ids.classA, subjectId: ids.physics });
  await storage.schools.enrol('u_student', ids.classA);
  await storage.schools.enrol('u_student2', ids.classA);
  await storage.schools.enrol('u_studentB', ids.classB);
  await storage.schools.linkParent('u_parent', 'u_student');
  return { ...ids, accounts, actor: (name) => loadActor(storage.schools, accounts[name]) };
}
