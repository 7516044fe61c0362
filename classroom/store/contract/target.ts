/**
 * The storage contract suite: written once, run against every engine (conventions §8).
 * `storage.sqlite.test.ts` and `storage.postgres.int.test.ts` call `describeStorageContract`
 * with a factory of fresh, empty databases of their engine.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Database } from '../DatabaseTypes.js';
import { migrate } from '../migrations.js';
import { storageOver } from '../openStorage.js';
import { MIGRATIONS } from '../schema.js';
import type { Storage } from '../StorageTypes.js';

export interface ContractTarget {
  /** A new, empty, unmigrated database, used by one test only. */
  freshDatabase(): Promise<Database>;
}

/** Registers hooks giving each test of the enclosing describe a fresh, migrated Storage. */
export function useStorage(target: ContractTarget): { readonly storage: Storage } {
  const holder: { storage?: Storage } = {};
  beforeEach(async () => {
    const db = await target.freshDatabase();
    await migrate(db, MIGRATIONS);
    holder.storage = storageOver(db);
  });
  afterEach(async () => {
    await holder.storage?.close();
    holder.storage = undefined;
  });
  return {
    get storage(): Storage {
      if (!holder.storage) throw new Error('storage used outside a test');
      return holder.storage;
    },
  };
}

/** Makes a school with a grade, two classes and two subjects; returns their ids. */
export async function seedSchool(s: Storage, at = 1_000): Promise<{ schoolId: string; gradeId: string; classA: string; classB: string; math: string; physics: string }> {
  const ids = { schoolId: 'sch_1', gradeId: 'grd_10', classA: 'cls_10a1', classB: 'cls_10a2', math: 'sub_math', physics: 'sub_phys' };
  await s.schools.createSchool({ id: ids.schoolId, name: 'THPT Chu Văn An', createdAt: at });
  await s.schools.addGrade({ id: ids.gradeId, schoolId: ids.schoolId, name: 'Khối 10', level: 10 });
  await s.schools.addClass({ id: ids.classA, schoolId: ids.schoolId, gradeId: ids.gradeId, name: '10A1' });
  await s.schools.addClass({ id: ids.classB, schoolId: ids.schoolId, gradeId: ids.gradeId, name: '10A2' });
  await s.schools.addSubject({ id: ids.math, schoolId: ids.schoolId, name: 'Toán' });
  await s.schools.addSubject({ id: ids.physics, schoolId: ids.schoolId, name: 'Vật lý' });
  return ids;
}
