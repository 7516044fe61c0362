import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotAuthorizedError, NotFoundError, TooLargeError, ValidationError, newId } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import { EXE_STUB, JPEG_1PX, PDF_SMALL, PNG_1PX } from '../../testkit/sampleFiles.js';
import { DUE, openAssignmentWorld, type AssignmentWorld } from '../__fixtures__/assignmentWorld.js';

let w: AssignmentWorld;
let teacher: Actor;
let student: Actor;

beforeEach(async () => {
  w = await openAssignmentWorld({ maxFileBytes: 1_000_000, maxSubmissionBytes: 1_500_000 });
  teacher = await w.world.actor('teacher');
  student = await w.world.actor('student');
});
afterEach(() => w.t.dispose());

const give = (over: Record<string, unknown> = {}) =>
  w.assignments.create(teacher, { classId: w.world.classA, subjectId: w.world.math, title: ' Bài tập  chương 1 ', instructions: 'Giải $x^2 = 4$\r\nTrình bày rõ.', due: DUE, acceptLate: false, ...over });

async function reason(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err instanceof AppError ? (err.details?.reason ?? err.code) : err;
  }
  return 'accepted';
}

describe('giving assignments', () => {
  it('a teacher of the class + subject gives one; its text is cleaned', async () => {
    const a = await give();
    expect(a).toMatchObject({ title: 'Bài tập chương 1', instructions: 'Giải $x^2 = 4$\nTrình bày rõ.', teacherId: 'u_teacher', studentIds: [], openAt: w.clock.now() });
    // Instructions are rich text: math and emphasis kept, HTML and link-making TeX removed.
    const rich = await give({ instructions: '<img src=x onerror=alert(1)>[b]Bài 1[/b]: $\\frac{1}{2}$ và $\\href{http://x}{y}$' });
    expect(rich.instructions).toBe('[b]Bài 1[/b]: $\\frac{1}{2}$ và ${http://x}{y}$');
    expect(a.dueAt).toBe(Date.UTC(2026, 8, 8, 14, 0));
  });

  it('a teacher of another subject, a student and the admin may not', async () => {
    for (const who of ['teacher2', 'student', 'admin', 'parent'] as const) {
      await expect(w.assignments.create(await w.world.actor(who), { classId: w.world.classA, subjectId: w.world.math, title: 'x', instructions: '', due: DUE, acceptLate: false })).rejects.toBeInstanceOf(NotAuthorizedError);
      // Nor read the class list to choose students from.
      await expect(w.assignments.studentsFor(await w.world.actor(who), w.world.classA, w.world.math)).rejects.toBeInstanceOf(NotAuthorizedError);
    }
    expect((await w.assignments.studentsFor(teacher, w.world.classA, w.world.math)).map((r) => r.userId)).toEqual((await w.t.storage.schools.rosterOfClass(w.world.classA)).map((r) => r.userId));
  });

  it('refuses a due time before the opening, and chosen students from another class', async () => {
    expect(await reason(give({ open: { date: '2026-09-09', time: '07:00' } }))).toBe('due_before_open');
    expect(await reason(give({ studentIds: ['u_studentB'] }))).toBe('student_not_in_class');
  });

  it('an assignment for chosen students is theirs only', async () => {
    const a = await give({ studentIds: ['u_student2'] });
    await expect(w.assignments.getFor(student, a.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await w.assignments.getFor(await w.world.actor('student2'), a.id)).assignment.id).toBe(a.id);
    expect(await w.assignments.listForStudent(student, 'u_student')).toEqual([]);
  });
});

describe('handing in', () => {
  it('keeps every version, in order, with its files', async () => {
    const a = await give();
    const photo = await w.send(student, a.id, 'Ảnh trang 1.jpg', JPEG_1PX);
    const v1 = await w.assignments.handIn(student, a.id, { text: 'Bài làm lần 1', fileIds: [photo.id] });
    const pdf = await w.send(student, a.id, 'bai-lam.pdf', PDF_SMALL);
    const v2 = await w.assignments.handIn(student, a.id, { text: 'Bài làm lần 2', fileIds: [photo.id, pdf.id] });
    expect([v1.version, v2.version, v1.late]).toEqual([1, 2, false]);
    const work = await w.grading.work(teacher, a.id, 'u_student');
    expect(work.versions.map((v) => [v.version, v.text, v.files.map((f) => f.fileName)])).toEqual([
      [1, 'Bài làm lần 1', ['Ảnh trang 1.jpg']],
      [2, 'Bài làm lần 2', ['Ảnh trang 1.jpg', 'bai-lam.pdf']],
    ]);
    const [row] = await w.assignments.listForStudent(student, 'u_student');
    expect(row).toMatchObject({ state: 'handed_in', latest: { version: 2 } });
  });

  it('locks at the due time unless late work is accepted, and marks late work', async () => {
    const strict = await give();
    const lenient = await give({ acceptLate: true, latePenaltyTenths: 10 });
    const photo = await w.send(student, strict.id, 'a.jpg', JPEG_1PX);
    w.clock.set(Date.UTC(2026, 8, 8, 14, 0, 1));
    expect(await reason(w.assignments.handIn(student, strict.id, { text: 'muộn', fileIds: [photo.id] }))).toBe('locked');
    expect(await reason(w.send(student, strict.id, 'b.jpg', JPEG_1PX))).toBe('locked'); // no upload either
    expect(await w.grading.work(teacher, strict.id, 'u_student')).toMatchObject({ versions: [] });
    const late = await w.assignments.handIn(student, lenient.id, { text: 'em nộp muộn', fileIds: [] });
    expect(late.late).toBe(true);
    const states = Object.fromEntries((await w.assignments.listForStudent(student, 'u_student')).map((r) => [r.assignment.id, r.state]));
    expect(states).toEqual({ [strict.id]: 'missing', [lenient.id]: 'late' });
  });

  it('refuses an empty hand-in, a file of another student, another assignment or unfinished', async () => {
    const a = await give();
    const b = await give();
    expect(await reason(w.assignments.handIn(student, a.id, { text: '  ', fileIds: [] }))).toBe('empty');
    const theirs = await w.send(await w.world.actor('student2'), a.id, 'a.jpg', JPEG_1PX);
    expect(await reason(w.assignments.handIn(student, a.id, { text: 'x', fileIds: [theirs.id] }))).toBe('file_owner');
    const other = await w.send(student, b.id, 'a.jpg', JPEG_1PX);
    expect(await reason(w.assignments.handIn(student, a.id, { text: 'x', fileIds: [other.id] }))).toBe('file_target');
    const unfinished = newId();
    await w.uploads.begin(student, { id: unfinished, purpose: 'submission', targetId: a.id, fileName: 'c.jpg', declaredSize: 10 });
    expect(await reason(w.assignments.handIn(student, a.id, { text: 'x', fileIds: [unfinished] }))).toBe('file_unfinished');
    expect(await reason(w.assignments.handIn(await w.world.actor('studentB'), a.id, { text: 'x', fileIds: [] }))).toBe('FORBIDDEN');
    expect((await w.grading.work(teacher, a.id, 'u_student')).versions).toEqual([]);
  });
});

describe('uploads', () => {
  it('refuses a declared 2 GB file at once, and a submission whose files add up past the limit', async () => {
    const a = await give();
    const big = w.uploads.begin(student, { id: newId(), purpose: 'submission', targetId: a.id, fileName: 'phim.mp4', declaredSize: 2 * 1024 ** 3 });
    await expect(big).rejects.toBeInstanceOf(TooLargeError);
    await w.uploads.begin(student, { id: newId(), purpose: 'submission', targetId: a.id, fileName: 'a.pdf', declaredSize: 900_000 });
    expect(await reason(w.uploads.begin(student, { id: newId(), purpose: 'submission', targetId: a.id, fileName: 'b.pdf', declaredSize: 700_000 }))).toBe('submission_too_large');
  });

  it('refuses a name with path separators, a lying extension and an unknown kind; nothing is stored', async () => {
    const a = await give();
    expect(await reason(w.send(student, a.id, '../../etc/passwd.jpg', JPEG_1PX))).toBe('file_name');
    expect(await reason(w.send(student, a.id, 'bai-lam.pdf', EXE_STUB))).toBe('file_type');
    expect(await reason(w.send(student, a.id, 'anh.pdf', PNG_1PX))).toBe('type_mismatch');
    const ok = await w.send(student, a.id, 'anh', PNG_1PX);
    expect(ok).toMatchObject({ fileName: 'anh.png', mediaType: 'image/png', size: PNG_1PX.length });
  });

  it('finishing twice is harmless (a retried last request)', async () => {
    const a = await give();
    const id = newId();
    await w.uploads.begin(student, { id, purpose: 'submission', targetId: a.id, fileName: 'a.jpg', declaredSize: JPEG_1PX.length });
    const { writeFileSync } = await import('node:fs');
    const staged = `${w.t.dir}/s-${id}`;
    writeFileSync(staged, JPEG_1PX);
    const [one, two] = await Promise.all([w.uploads.finish(id, staged), w.uploads.finish(id, staged)]);
    expect(one.blobKey).toBe(two.blobKey);
    expect(await w.blobs.stat(one.blobKey)).toMatchObject({ size: JPEG_1PX.length });
  });

  it('only the owner continues an upload', async () => {
    const a = await give();
    const id = newId();
    await w.uploads.begin(student, { id, purpose: 'submission', targetId: a.id, fileName: 'a.jpg', declaredSize: 10 });
    await expect(w.uploads.ownUpload(await w.world.actor('student2'), id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await w.uploads.ownUpload(student, id)).id).toBe(id);
  });
});

describe('reading files', () => {
  it('handed-in work: its author, the class + subject teachers, the parent; not a classmate, nor a teacher of another subject', async () => {
    const a = await give();
    const f = await w.send(student, a.id, 'a.jpg', JPEG_1PX);
    for (const who of ['student', 'teacher', 'parent', 'admin'] as const) expect((await w.assignments.fileFor(await w.world.actor(who), f.id)).id).toBe(f.id);
    for (const who of ['student2', 'teacher2', 'studentB'] as const) await expect(w.assignments.fileFor(await w.world.actor(who), f.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attachments: whoever may read the assignment', async () => {
    const a = await give();
    const f = await w.send(teacher, a.id, 'de-bai.pdf', PDF_SMALL, 'attachment');
    expect((await w.assignments.getFor(student, a.id)).attachments.map((x) => x.fileName)).toEqual(['de-bai.pdf']);
    expect((await w.assignments.fileFor(await w.world.actor('student2'), f.id)).id).toBe(f.id);
    await expect(w.assignments.fileFor(await w.world.actor('studentB'), f.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(w.send(student, a.id, 'x.pdf', PDF_SMALL, 'attachment')).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('a picture in the instructions is one of its own image attachments; any other id is removed', async () => {
    const a = await give();
    const photo = await w.send(teacher, a.id, 'hinh.jpg', JPEG_1PX, 'attachment');
    const sheet = await w.send(teacher, a.id, 'de-bai.pdf', PDF_SMALL, 'attachment');
    const other = await w.send(student, a.id, 'bai.jpg', JPEG_1PX);
    const changed = await w.assignments.update(teacher, a.id, { title: 'Bài', instructions: `Xem hình [img:${photo.id}] [img:${sheet.id}] [img:${other.id}]`, due: DUE, acceptLate: false });
    expect(changed.instructions).toBe(`Xem hình [img:${photo.id}]`);
  });
});

describe('errors carry codes', () => {
  it('locked is a CONFLICT, a bad name a BAD_REQUEST', async () => {
    const a = await give();
    w.clock.set(Date.UTC(2026, 8, 9));
    await expect(w.assignments.handIn(student, a.id, { text: 'x', fileIds: [] })).rejects.toBeInstanceOf(ConflictError);
    await expect(w.uploads.begin(student, { id: newId(), purpose: 'submission', targetId: a.id, fileName: 'a/b', declaredSize: 1 })).rejects.toBeInstanceOf(ValidationError);
  });
});
