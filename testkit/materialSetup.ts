/**
 * Materials in the school world (issue 11): the duties of art. 7.3 (teacherB heads the Toán
 * group; the admin account, "Ban giám hiệu", holds the principal's duty), and materials in each
 * state of the approval, one of them approved and given to 8A and opened by its first student.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadActor, type Actor } from '../classroom/index.js';
import { newId } from '../platform/index.js';
import { pdfWithPages } from './pdf.js';
import type { Services } from '../signaling/services.js';
import type { SchoolWorld } from './schoolWorld.js';

export interface MaterialSetup {
  gradeId: string;
  /** A PDF file, approved and given to 8A. */
  approvedId: string;
  /** teacherA's draft. */
  draftId: string;
  /** Waiting for the head of the group. */
  submittedId: string;
  /** Waiting for the principal. */
  reviewedId: string;
  /** studentA's opening of the approved one. */
  viewId: string;
}

export async function setUpMaterials(services: Services, world: SchoolWorld): Promise<MaterialSetup> {
  const actor = (id: string, role: 'admin' | 'teacher' | 'student') => loadActor(services.storage.schools, { id, role, schoolId: world.schoolId });
  const admin = await actor(world.admin.userId, 'admin');
  await services.schools.setDuties(admin, world.teacherB.userId, [{ duty: 'subject_head', subjectId: world.subjectId }]);
  await services.schools.setDuties(admin, world.admin.userId, [{ duty: 'principal', subjectId: '' }]);
  const [gradeId] = (await services.storage.schools.listGrades(world.schoolId)).map((g) => g.id);
  const teacher = await actor(world.teacherA.userId, 'teacher');
  const head = await actor(world.teacherB.userId, 'teacher');
  const principal = await actor(world.admin.userId, 'admin');
  const page = async (t: Actor, title: string) =>
    (await services.materials.create(t, { subjectId: world.subjectId, gradeId: gradeId!, topic: 'Chương 1', kind: 'page', title, body: `${title}: $x + 1 = 2$` })).material.id;
  const fileId = await sendFile(services, teacher, world.subjectId, 'phuong-trinh.pdf', pdfWithPages(3));
  const approvedId = (
    await services.materials.create(teacher, { subjectId: world.subjectId, gradeId: gradeId!, topic: 'Chương 1', kind: 'file', title: 'Phương trình bậc nhất', fileId })
  ).material.id;
  const draftId = await page(teacher, 'Bản nháp');
  const submittedId = await page(teacher, 'Chờ tổ trưởng');
  const reviewedId = await page(teacher, 'Chờ hiệu trưởng');
  for (const id of [approvedId, submittedId, reviewedId]) await services.materials.submit(teacher, id);
  for (const id of [approvedId, reviewedId]) await services.materials.review(head, id, { version: 1, decision: 'approve' });
  await services.materials.review(principal, approvedId, { version: 1, decision: 'approve' });
  await services.materialAccess.share(teacher, approvedId, world.classA);
  const student = await actor(world.studentsA[0]!.userId, 'student');
  const view = await services.materialAccess.open(student, approvedId);
  return { gradeId: gradeId!, approvedId, draftId, submittedId, reviewedId, viewId: view.id };
}

/** Sends a file for a material as the tus endpoint does: begin, the bytes staged, finish. */
export async function sendFile(services: Services, actor: Actor, subjectId: string, fileName: string, bytes: Buffer): Promise<string> {
  const id = newId();
  await services.uploads.begin(actor, { id, purpose: 'material', targetId: subjectId, fileName, declaredSize: bytes.length });
  const dir = mkdtempSync(join(tmpdir(), 'material-'));
  try {
    const staged = join(dir, 'staged');
    writeFileSync(staged, bytes);
    await services.uploads.finish(id, staged);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return id;
}
