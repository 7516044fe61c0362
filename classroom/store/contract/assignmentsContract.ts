import { describe, expect, it } from 'vitest';
import type { UploadRecord } from '../../files/index.js';
import type { Storage } from '../StorageTypes.js';
import { ConstraintViolationError } from '../DatabaseTypes.js';
import { account } from './schoolAccountsContract.js';
import { seedSchool, useStorage, type ContractTarget } from './target.js';

const H = 3_600_000;

async function seed(s: Storage) {
  const ids = await seedSchool(s);
  await s.accounts.create(account({ id: 'u_t1', role: 'teacher', code: '079000000001' }));
  await s.accounts.create(account({ id: 'u_s1', role: 'student', code: '0790000101' }));
  await s.accounts.create(account({ id: 'u_s2', role: 'student', code: '0790000102' }));
  await s.schools.enrol('u_s1', ids.classA);
  await s.schools.enrol('u_s2', ids.classA);
  const base = { schoolId: ids.schoolId, classId: ids.classA, subjectId: ids.math, teacherId: 'u_t1', instructions: '', openAt: 0, dueAt: 10 * H, acceptLate: false, latePenaltyTenths: 0, createdAt: 0, updatedAt: 0 };
  await s.assignments.create({ ...base, id: 'asg_all', title: 'Cho cả lớp', studentIds: [] });
  await s.assignments.create({ ...base, id: 'asg_s2', title: 'Chỉ em 2', studentIds: ['u_s2'], dueAt: 5 * H });
  return ids;
}

const upload = (over: Partial<UploadRecord>): UploadRecord => ({
  id: 'up_1', schoolId: 'sch_1', ownerId: 'u_s1', purpose: 'submission', targetId: 'asg_all', fileName: 'anh.jpg', declaredSize: 100, createdAt: 1_000,
  blobKey: null, size: null, sha256: null, mediaType: null, finishedAt: null, removedAt: null, ...over,
});
const done = (key: string) => ({ blobKey: key, size: 100, sha256: 'a'.repeat(64), mediaType: 'image/jpeg', fileName: 'anh.jpg', finishedAt: 2_000 });

export function assignmentsContract(target: ContractTarget): void {
  describe('UploadStore', () => {
    const ctx = useStorage(target);

    it('completes an upload once; pending bytes count unfinished and not-handed-in files only', async () => {
      const s = ctx.storage;
      await seed(s);
      await s.uploads.create(upload({ id: 'up_1', declaredSize: 100 }));
      await s.uploads.create(upload({ id: 'up_2', declaredSize: 200 }));
      await s.uploads.create(upload({ id: 'up_old', declaredSize: 400, createdAt: 10 }));
      expect(await s.uploads.pendingBytes('u_s1', 'asg_all', 500)).toBe(300);
      expect(await s.uploads.complete('up_1', done('submissions/AAAAAAAAAAAAAAAAAAAAAA'))).toBe(true);
      expect(await s.uploads.complete('up_1', done('submissions/BBBBBBBBBBBBBBBBBBBBBB'))).toBe(false);
      expect((await s.uploads.get('up_1'))?.blobKey).toBe('submissions/AAAAAAAAAAAAAAAAAAAAAA');
      await s.assignments.addSubmission({ id: 'sub_1', assignmentId: 'asg_all', studentId: 'u_s1', version: 1, text: '', fileIds: ['up_1'], submittedAt: 3_000, late: false });
      expect(await s.uploads.pendingBytes('u_s1', 'asg_all', 500)).toBe(200);
      await s.uploads.markRemoved('up_2', 4_000);
      expect(await s.uploads.pendingBytes('u_s1', 'asg_all', 500)).toBe(0);
    });
  });

  describe('AssignmentStore', () => {
    const ctx = useStorage(target);

    it('lists a student’s assignments: the whole class’s and those naming them', async () => {
      const s = ctx.storage;
      const ids = await seed(s);
      expect((await s.assignments.listForStudent('u_s1', ids.classA)).map((a) => a.id)).toEqual(['asg_all']);
      expect((await s.assignments.listForStudent('u_s2', ids.classA)).map((a) => a.id)).toEqual(['asg_s2', 'asg_all']);
      const a = (await s.assignments.get('asg_s2'))!;
      await s.assignments.update({ ...a, studentIds: ['u_s1'], title: 'Đổi' });
      expect(await s.assignments.get('asg_s2')).toMatchObject({ title: 'Đổi', studentIds: ['u_s1'] });
    });

    it('keeps every version; a version number is used once', async () => {
      const s = ctx.storage;
      await seed(s);
      const v = { assignmentId: 'asg_all', studentId: 'u_s1', text: 'bài', fileIds: [], submittedAt: 1, late: false };
      await s.assignments.addSubmission({ ...v, id: 'sub_1', version: 1 });
      await s.assignments.addSubmission({ ...v, id: 'sub_2', version: 2, late: true });
      await expect(s.assignments.addSubmission({ ...v, id: 'sub_3', version: 2 })).rejects.toBeInstanceOf(ConstraintViolationError);
      expect((await s.assignments.submissionsOf('asg_all', 'u_s1')).map((x) => [x.version, x.late])).toEqual([[1, false], [2, true]]);
      expect((await s.assignments.latestSubmissions('asg_all')).map((x) => x.id)).toEqual(['sub_2']);
    });

    it('saves a grade only from the revision it started from', async () => {
      const s = ctx.storage;
      await seed(s);
      const g = { assignmentId: 'asg_all', studentId: 'u_s1', scoreTenths: 75, feedback: 'Tốt', returnedAt: null, revision: 1, gradedBy: 'u_t1', updatedAt: 1 };
      expect(await s.assignments.saveGrade(g, 0)).toBe(true);
      expect(await s.assignments.saveGrade({ ...g, scoreTenths: 50 }, 0)).toBe(false);
      expect(await s.assignments.saveGrade({ ...g, revision: 2, scoreTenths: 80 }, 1)).toBe(true);
      expect(await s.assignments.saveGrade({ ...g, revision: 2, scoreTenths: 10 }, 1)).toBe(false);
      expect(await s.assignments.getGrade('asg_all', 'u_s1')).toMatchObject({ scoreTenths: 80, revision: 2 });
      await expect(s.assignments.saveGrade({ ...g, studentId: 'u_s2', scoreTenths: 101 }, 0)).rejects.toBeInstanceOf(ConstraintViolationError);
    });
  });

  describe('GradebookStore', () => {
    const ctx = useStorage(target);

    it('stores cells with revisions, settings, and the change log newest first', async () => {
      const s = ctx.storage;
      const ids = await seed(s);
      const key = { classId: ids.classA, subjectId: ids.math, schoolYear: '2026-2027', term: 1 as const };
      const e = { ...key, studentId: 'u_s1', slot: 'tx1' as const, scoreTenths: 80, verdict: null, source: 'manual', revision: 1, updatedBy: 'u_t1', updatedAt: 1 };
      expect(await s.gradebook.saveEntry(e, 0)).toBe(true);
      expect(await s.gradebook.saveEntry(e, 0)).toBe(false);
      expect(await s.gradebook.saveEntry({ ...e, scoreTenths: 90, revision: 2 }, 1)).toBe(true);
      expect((await s.gradebook.entriesOf(ids.classA, ids.math, '2026-2027')).map((x) => x.scoreTenths)).toEqual([90]);
      expect((await s.gradebook.entriesOfStudent('u_s1', '2026-2027')).map((x) => x.slot)).toEqual(['tx1']);
      await s.gradebook.saveSettings({ schoolId: ids.schoolId, subjectId: ids.math, mode: 'comment', regularCount: 2 });
      await s.gradebook.saveSettings({ schoolId: ids.schoolId, subjectId: ids.math, mode: 'score', regularCount: 4 });
      expect(await s.gradebook.settingsOf(ids.schoolId, ids.math)).toMatchObject({ mode: 'score', regularCount: 4 });
      const c = { at: 1, actorId: 'u_t1', schoolId: ids.schoolId, kind: 'gradebook' as const, classId: ids.classA, subjectId: ids.math, studentId: 'u_s1', ref: '2026-2027/1/tx1', oldValue: null, newValue: '8', source: 'manual' };
      await s.gradebook.recordChange(c);
      await s.gradebook.recordChange({ ...c, at: 1, oldValue: '8', newValue: '9' });
      expect((await s.gradebook.changesOf({ classId: ids.classA, subjectId: ids.math })).map((x) => x.newValue)).toEqual(['9', '8']);
      await expect(s.gradebook.saveEntry({ ...e, studentId: 'u_s2', scoreTenths: 80, verdict: 'pass' }, 0)).rejects.toBeInstanceOf(ConstraintViolationError);
    });
  });

  describe('erasing a student’s school work', () => {
    const ctx = useStorage(target);

    it('removes their uploads, versions, grades, cells and log rows, and lists their blobs first', async () => {
      const s = ctx.storage;
      const ids = await seed(s);
      for (const [id, owner] of [['up_1', 'u_s1'], ['up_2', 'u_s2']] as const) {
        await s.uploads.create(upload({ id, ownerId: owner }));
        await s.uploads.complete(id, done(`submissions/${id.replace('_', '').padEnd(22, 'X')}`));
        await s.assignments.addSubmission({ id: `sub_${owner}`, assignmentId: 'asg_all', studentId: owner, version: 1, text: 'bài', fileIds: [id], submittedAt: 1, late: false });
        await s.assignments.saveGrade({ assignmentId: 'asg_all', studentId: owner, scoreTenths: 70, feedback: '', returnedAt: 2, revision: 1, gradedBy: 'u_t1', updatedAt: 2 }, 0);
        await s.gradebook.saveEntry({ classId: ids.classA, subjectId: ids.math, schoolYear: '2026-2027', term: 1, studentId: owner, slot: 'gk', scoreTenths: 70, verdict: null, source: 'manual', revision: 1, updatedBy: 'u_t1', updatedAt: 2 }, 0);
        await s.gradebook.recordChange({ at: 2, actorId: 'u_t1', schoolId: ids.schoolId, kind: 'grade', classId: ids.classA, subjectId: ids.math, studentId: owner, ref: 'asg_all', oldValue: null, newValue: '7', source: 'manual' });
      }
      expect(await s.personalData.blobKeysOf('u_s1')).toEqual(['submissions/up1XXXXXXXXXXXXXXXXXXX']);
      expect((await s.personalData.schoolWorkOf('u_s1')).submissions).toMatchObject([{ assignmentTitle: 'Cho cả lớp', files: [{ fileName: 'anh.jpg', size: 100 }] }]);
      const counts = await s.personalData.eraseStudent('u_s1', ['0790000101']);
      expect(counts).toMatchObject({ account: 1, submissions: 1, uploads: 1, grades: 1, gradebookEntries: 1, scoreChanges: 1 });
      expect(await s.personalData.schoolWorkOf('u_s1')).toEqual({ submissions: [], grades: [], gradebook: [] });
      expect(await s.uploads.get('up_1')).toBeUndefined();
      expect((await s.personalData.schoolWorkOf('u_s2')).submissions).toHaveLength(1);
      expect(await s.assignments.getGrade('asg_all', 'u_s2')).toBeDefined();
    });
  });
}
