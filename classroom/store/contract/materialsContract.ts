import { describe, expect, it } from 'vitest';
import type { Material, MaterialVersion, MaterialView } from '../../materials/index.js';
import { migrate } from '../migrations.js';
import { storageOver } from '../openStorage.js';
import { MIGRATIONS } from '../schema.js';
import type { Storage } from '../StorageTypes.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

async function seedPeople(s: Storage): Promise<Awaited<ReturnType<typeof seedSchool>>> {
  const ids = await seedSchool(s);
  for (const [id, role, code] of [
    ['u_t1', 'teacher', '079000000001'],
    ['u_h1', 'teacher', '079000000002'],
    ['u_s1', 'student', '0790000101'],
  ] as const) {
    await s.accounts.create({
      id,
      schoolId: ids.schoolId,
      role,
      code,
      username: null,
      displayName: id,
      passwordHash: 'x',
      mustChangePassword: false,
      disabled: false,
      createdAt: 1,
      updatedAt: 1,
      passwordChangedAt: null,
    });
  }
  return ids;
}

const material = (ids: { schoolId: string; math: string; gradeId: string }, over: Partial<Material> = {}): Material => ({
  id: 'mat_1',
  schoolId: ids.schoolId,
  subjectId: ids.math,
  gradeId: ids.gradeId,
  topic: 'Chương 1: Mệnh đề',
  ownerId: 'u_t1',
  source: 'school',
  latestVersion: 1,
  approvedVersion: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

const version = (over: Partial<MaterialVersion> = {}): MaterialVersion => ({
  materialId: 'mat_1',
  version: 1,
  kind: 'page',
  title: 'Mệnh đề',
  description: '',
  uploadId: null,
  url: null,
  body: 'Cho $x^2 = 4$',
  state: 'draft',
  createdBy: 'u_t1',
  createdAt: 1_000,
  ...over,
});

export function materialsContract(target: ContractTarget): void {
  describe('MaterialStore and staff duties', () => {
    const ctx = useStorage(target);

    it('keeps duties per person, replaced whole', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      await s.schools.replaceDuties(ids.schoolId, 'u_h1', [
        { duty: 'subject_head', subjectId: ids.math },
        { duty: 'subject_head', subjectId: ids.physics },
      ]);
      await s.schools.replaceDuties(ids.schoolId, 'u_t1', [{ duty: 'principal', subjectId: '' }]);
      await s.schools.replaceDuties(ids.schoolId, 'u_h1', [{ duty: 'subject_head', subjectId: ids.physics }]);
      expect(await s.schools.dutiesOf('u_h1')).toEqual([{ schoolId: ids.schoolId, userId: 'u_h1', duty: 'subject_head', subjectId: ids.physics }]);
      expect((await s.schools.dutiesInSchool(ids.schoolId)).map((d) => d.duty)).toEqual(['principal', 'subject_head']);
    });

    it('keeps every version; the approved one stays while a newer one waits; queues and the log follow the latest', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      await s.materials.create(material(ids), version());
      await s.materials.setState('mat_1', 1, 'approved', 2_000, true);
      await s.materials.addVersion(version({ version: 2, body: 'Cho $x^3$', createdAt: 3_000 }));
      await s.materials.setState('mat_1', 2, 'submitted', 3_500, false);
      await s.materials.addReview({ materialId: 'mat_1', version: 2, actorId: 'u_t1', step: 'submitted', comment: '', at: 3_500 });
      await s.materials.addReview({ materialId: 'mat_1', version: 2, actorId: 'u_h1', step: 'head_returned', comment: 'Thiếu ví dụ', at: 3_600 });
      const m = await s.materials.get('mat_1');
      expect(m).toMatchObject({ latestVersion: 2, approvedVersion: 1, updatedAt: 3_500 });
      expect((await s.materials.versions('mat_1')).map((v) => [v.version, v.state, v.body])).toEqual([
        [1, 'approved', 'Cho $x^2 = 4$'],
        [2, 'submitted', 'Cho $x^3$'],
      ]);
      expect((await s.materials.withLatestIn(ids.schoolId, 'submitted')).map((x) => x.id)).toEqual(['mat_1']);
      expect(await s.materials.withLatestIn(ids.schoolId, 'approved')).toEqual([]);
      expect((await s.materials.reviews('mat_1')).map((r) => [r.step, r.comment])).toEqual([
        ['submitted', ''],
        ['head_returned', 'Thiếu ví dụ'],
      ]);
      expect((await s.materials.list(ids.schoolId, { topic: 'MỆNH' })).map((x) => x.id)).toEqual(['mat_1']);
      expect(await s.materials.list(ids.schoolId, { subjectId: ids.physics })).toEqual([]);
    });

    it('gives a material to a class once (a later hand-out in a lesson records the lesson)', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      await s.materials.create(material(ids), version());
      await s.materials.share({ materialId: 'mat_1', classId: ids.classA, subjectId: ids.math, sharedBy: 'u_t1', lessonId: null, sharedAt: 5_000 });
      await s.materials.share({ materialId: 'mat_1', classId: ids.classA, subjectId: ids.math, sharedBy: 'u_t1', lessonId: 'les_9', sharedAt: 6_000 });
      expect(await s.materials.sharesOfClass(ids.classA)).toEqual([{ materialId: 'mat_1', classId: ids.classA, subjectId: ids.math, sharedBy: 'u_t1', lessonId: 'les_9', sharedAt: 5_000 }]);
      expect(await s.materials.getShare('mat_1', ids.classB)).toBeUndefined();
    });

    it('records openings with pages and watched share, reminders, and reads them by material and by school period', async () => {
      const s = ctx.storage;
      const ids = await seedPeople(s);
      await s.materials.create(material(ids), version());
      const view: MaterialView = {
        id: 'mv_1',
        schoolId: ids.schoolId,
        materialId: 'mat_1',
        version: 1,
        studentId: 'u_s1',
        classId: ids.classA,
        openedAt: 10_000,
        lastSeenAt: 10_000,
        seconds: 0,
        pageCount: 0,
        pages: [],
        watchedPermille: 0,
      };
      await s.materialUsage.openView(view);
      await s.materialUsage.updateView('mv_1', { lastSeenAt: 40_000, seconds: 30, pageCount: 12, pages: [1, 2, 5], watchedPermille: 0 });
      expect(await s.materialUsage.getView('mv_1')).toEqual({ ...view, lastSeenAt: 40_000, seconds: 30, pageCount: 12, pages: [1, 2, 5] });
      expect(await s.materialUsage.viewsInSchool(ids.schoolId, 10_000, 10_001)).toHaveLength(1);
      expect(await s.materialUsage.viewsInSchool(ids.schoolId, 10_001, 99_000)).toHaveLength(0);
      await s.materialUsage.remind('mat_1', ['u_s1'], 'u_t1', 50_000);
      await s.materialUsage.remind('mat_1', ['u_s1'], 'u_t1', 60_000);
      expect(await s.materialUsage.remindersOf('mat_1')).toEqual([{ studentId: 'u_s1', sentAt: 60_000 }]);
      expect(await s.materialUsage.remindersFor('u_s1')).toEqual([{ materialId: 'mat_1', sentAt: 60_000 }]);
      // Erasing the student (R21) takes their openings and reminders with them.
      await s.personalData.eraseStudent('u_s1', []);
      expect(await s.materialUsage.viewsOf('mat_1')).toEqual([]);
      expect(await s.materialUsage.remindersOf('mat_1')).toEqual([]);
    });
  });

  describe('migration 10 (materials) over existing uploads', () => {
    it('keeps uploads and handed-in files, accepts material uploads, and still refuses a file that is not an upload', async () => {
      const db = await target.freshDatabase();
      try {
        await migrate(db, MIGRATIONS.slice(0, 9));
        const s = storageOver(db);
        const ids = await seedPeople(s);
        await db.run(
          "INSERT INTO uploads (id, school_id, owner_id, purpose, target_id, file_name, declared_size, created_at, blob_key, size, sha256, media_type, finished_at, removed_at) VALUES ('up_1', ?, 'u_s1', 'submission', 'as_1', 'a.pdf', 3, 1, 'submissions/AAAAAAAAAAAAAAAAAAAAAA', 3, 'x', 'application/pdf', 2, NULL)",
          [ids.schoolId],
        );
        await db.run("INSERT INTO assignments VALUES ('as_1', ?, ?, ?, 'u_t1', 'T', '', 1, 100, 0, 0, 1, 1, 1)", [ids.schoolId, ids.classA, ids.math]);
        await db.run("INSERT INTO submissions VALUES ('sb_1', 'as_1', 'u_s1', 1, '', 50, 0)");
        await db.run("INSERT INTO submission_files VALUES ('sb_1', 0, 'up_1')");
        await migrate(db, MIGRATIONS);
        expect((await s.uploads.get('up_1'))?.blobKey).toBe('submissions/AAAAAAAAAAAAAAAAAAAAAA');
        expect(await db.all('SELECT submission_id, upload_id FROM submission_files')).toEqual([{ submission_id: 'sb_1', upload_id: 'up_1' }]);
        await s.uploads.create({ ...(await s.uploads.get('up_1'))!, id: 'up_2', purpose: 'material', targetId: ids.math, blobKey: null, size: null, sha256: null, mediaType: null, finishedAt: null });
        expect((await s.uploads.get('up_2'))?.purpose).toBe('material');
        await expect(db.run("INSERT INTO submission_files VALUES ('sb_1', 1, 'up_missing')")).rejects.toThrow();
      } finally {
        await db.close();
      }
    });
  });
}
