import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { openMaterialWorld, PDF_BYTES, type MaterialWorld } from '../__fixtures__/materialWorld.js';
import type { Actor } from '../authz/index.js';

let w: MaterialWorld;
beforeEach(async () => {
  w = await openMaterialWorld();
});
afterEach(() => w.t.dispose());

const pageInput = (w: MaterialWorld, body = 'Giải $x^2 - 4 = 0$') => ({ subjectId: w.world.math, gradeId: w.world.gradeId, topic: 'Chương 1', kind: 'page' as const, title: 'Phương trình bậc hai', body });

async function approved(w: MaterialWorld, teacher: Actor): Promise<string> {
  const { material } = await w.library.create(teacher, pageInput(w));
  await w.library.submit(teacher, material.id);
  await w.library.review(await w.head(), material.id, { version: 1, decision: 'approve' });
  await w.library.review(await w.principalActor(), material.id, { version: 1, decision: 'approve' });
  return material.id;
}

describe('materials library and approval (art. 7.3)', () => {
  it('teacher submits, the head of the group reviews, the principal approves; every step recorded', async () => {
    const teacher = await w.world.actor('teacher');
    const id = await approved(w, teacher);
    const d = await w.library.detail(teacher, id);
    expect(d.material.approvedVersion).toBe(1);
    expect(d.versions[0]!.state).toBe('approved');
    expect(d.reviews.map((r) => [r.step, r.actorId])).toEqual([
      ['submitted', 'u_teacher'],
      ['head_approved', 'u_teacher2'],
      ['principal_approved', 'u_principal'],
    ]);
  });

  it('the principal cannot skip the head; the head cannot give the final approval; a return needs a comment', async () => {
    const teacher = await w.world.actor('teacher');
    const { material } = await w.library.create(teacher, pageInput(w));
    await w.library.submit(teacher, material.id);
    await expect(w.library.review(await w.principalActor(), material.id, { version: 1, decision: 'approve' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await w.library.review(await w.head(), material.id, { version: 1, decision: 'approve' });
    await expect(w.library.review(await w.head(), material.id, { version: 1, decision: 'approve' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.library.review(await w.principalActor(), material.id, { version: 1, decision: 'return' })).rejects.toBeInstanceOf(ValidationError);
    await w.library.review(await w.principalActor(), material.id, { version: 1, decision: 'return', comment: 'Bổ sung ví dụ' });
    const d = await w.library.detail(teacher, material.id);
    expect(d.versions[0]!.state).toBe('returned');
    expect(d.material.approvedVersion).toBeNull();
    expect(d.reviews.at(-1)).toMatchObject({ step: 'principal_returned', comment: 'Bổ sung ví dụ' });
  });

  it('an approved material edited needs approval again; students keep seeing the approved version meanwhile', async () => {
    const teacher = await w.world.actor('teacher');
    const student = await w.world.actor('student');
    const id = await approved(w, teacher);
    await w.access.share(teacher, id, w.world.classA);
    await w.library.edit(teacher, id, { kind: 'page', title: 'Phương trình bậc hai (sửa)', body: 'Bản mới $x^3$' });
    await w.library.submit(teacher, id);
    await expect(w.library.edit(teacher, id, { kind: 'page', title: 'x', body: 'y' })).rejects.toBeInstanceOf(ConflictError);
    const seen = await w.access.forStudent(student, id);
    expect(seen.version).toMatchObject({ version: 1, title: 'Phương trình bậc hai', body: 'Giải $x^2 - 4 = 0$' });
    await w.library.review(await w.head(), id, { version: 2, decision: 'approve' });
    await w.library.review(await w.principalActor(), id, { version: 2, decision: 'approve' });
    expect((await w.access.forStudent(student, id)).version.version).toBe(2);
  });

  it('a review of a version the owner replaced meanwhile is refused', async () => {
    const teacher = await w.world.actor('teacher');
    const id = await approved(w, teacher);
    await w.library.edit(teacher, id, { kind: 'page', title: 'v2', body: 'v2' });
    await w.library.submit(teacher, id);
    await expect(w.library.review(await w.head(), id, { version: 1, decision: 'approve' })).rejects.toMatchObject({ details: { reason: 'stale_version' } });
  });

  it('a ministry material is imported as approved (principal); a teacher may not import', async () => {
    const input = { ...pageInput(w), source: 'ministry' as const };
    await expect(w.library.importApproved(await w.world.actor('teacher'), input)).rejects.toBeInstanceOf(NotAuthorizedError);
    const d = await w.library.importApproved(await w.principalActor(), input);
    expect(d.material).toMatchObject({ source: 'ministry', approvedVersion: 1 });
    expect(d.reviews.map((r) => r.step)).toEqual(['imported']);
  });

  it('bad input gets a clear error and stores nothing', async () => {
    const teacher = await w.world.actor('teacher');
    await expect(w.library.create(teacher, { ...pageInput(w), kind: 'link', url: 'javascript:alert(1)' })).rejects.toThrow(/http/);
    await expect(w.library.create(teacher, { ...pageInput(w), title: '   ' })).rejects.toThrow(/title is required/);
    await expect(w.library.create(teacher, { ...pageInput(w), gradeId: 'grd_x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(w.library.create(teacher, { ...pageInput(w), subjectId: w.world.physics })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.library.create(teacher, { ...pageInput(w), body: '<p> </p>' })).rejects.toThrow(/empty/);
    // A file of someone else, or one sent for an assignment, is not a material's.
    const other = await w.send(await w.world.actor('teacher2'), w.world.math, 'x.pdf', PDF_BYTES, 'material');
    await expect(w.library.create(teacher, { ...pageInput(w), kind: 'file', fileId: other.id })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await w.t.storage.materials.list(w.world.schoolId, {})).toEqual([]);
  });

  it('a page keeps $…$ math and loses any HTML', async () => {
    const teacher = await w.world.actor('teacher');
    const d = await w.library.create(teacher, pageInput(w, 'Xem <img src=x onerror=alert(1)> $\\frac{1}{2}$ <script>alert(2)</script>'));
    expect(d.versions[0]!.body).toBe('Xem  $\\frac{1}{2}$ alert(2)');
  });

  it('uploads of the wrong type or over the limit are refused for materials; a video is accepted', async () => {
    const teacher = await w.world.actor('teacher');
    await expect(w.send(teacher, w.world.math, 'virus.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'), 'material')).rejects.toMatchObject({ details: { reason: 'file_type' } });
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4), Buffer.from('mp42isom'), Buffer.alloc(64)]);
    const video = await w.send(teacher, w.world.math, 'bai-giang.mp4', mp4, 'material');
    expect(video.mediaType).toBe('video/mp4');
    await expect(w.uploads.begin(teacher, { id: 'big', purpose: 'material', targetId: w.world.math, fileName: 'a.mp4', declaredSize: 1024 ** 3 })).rejects.toMatchObject({
      details: { reason: 'file_too_large' },
    });
    await expect(w.uploads.begin(await w.world.actor('student'), { id: 's1', purpose: 'material', targetId: w.world.math, fileName: 'a.pdf', declaredSize: 10 })).rejects.toBeInstanceOf(
      NotAuthorizedError,
    );
  });
});

describe('materials given to a class and their use (R12)', () => {
  it('students see only approved materials given to their class; another class or an unapproved one is "no such material"', async () => {
    const teacher = await w.world.actor('teacher');
    const id = await approved(w, teacher);
    const { material: draft } = await w.library.create(teacher, pageInput(w));
    await expect(w.access.share(teacher, draft.id, w.world.classA)).rejects.toMatchObject({ details: { reason: 'not_approved' } });
    await expect(w.access.share(teacher, id, w.world.classB)).rejects.toBeInstanceOf(NotAuthorizedError);
    await w.access.share(teacher, id, w.world.classA);
    const student = await w.world.actor('student');
    expect((await w.access.ofClass(student, w.world.classA)).map((c) => c.material.id)).toEqual([id]);
    await expect(w.access.forStudent(student, draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(w.access.forStudent(await w.world.actor('studentB'), id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(w.access.ofClass(await w.world.actor('studentB'), w.world.classA)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(w.library.detail(student, id)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('records who opened what, how long and which pages; lists who has not; reminds them', async () => {
    const teacher = await w.world.actor('teacher');
    const id = await approved(w, teacher);
    await w.access.share(teacher, id, w.world.classA);
    const student = await w.world.actor('student');
    const view = await w.access.open(student, id);
    w.clock.advance(40_000);
    await w.access.progress(student, view.id, { seconds: 35, pageCount: 3, pages: [1, 2] });
    // A claim past the wall clock is cut to it; pages out of the document are refused.
    await w.access.progress(student, view.id, { seconds: 9_999, pages: [2] });
    await expect(w.access.progress(student, view.id, { seconds: 1, pages: [7] })).rejects.toBeInstanceOf(ValidationError);
    await expect(w.access.progress(await w.world.actor('student2'), view.id, { seconds: 1 })).rejects.toBeInstanceOf(NotFoundError);
    const { rows } = await w.access.usage(teacher, id, w.world.classA);
    const mine = rows.find((r) => r.studentId === 'u_student')!;
    expect(mine).toMatchObject({ opens: 1, seconds: 45, pagesSeen: 2, pageCount: 3 });
    expect(rows.find((r) => r.studentId === 'u_student2')).toMatchObject({ opens: 0, firstOpenedAt: null });
    expect(await w.access.remind(teacher, id, w.world.classA)).toBe(1);
    const student2 = await w.world.actor('student2');
    expect((await w.access.ofClass(student2, w.world.classA))[0]).toMatchObject({ opened: false, reminded: true });
    expect((await w.access.ofClass(student, w.world.classA))[0]).toMatchObject({ opened: true, reminded: false });
    await expect(w.access.usage(await w.world.actor('teacher2'), id, w.world.classA)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});
