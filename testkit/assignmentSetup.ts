/**
 * An assignment of 8A (Toán) in the school world, with the first student's work handed in
 * (text and one photo sent through tus): the fixture of the authorization matrix and the
 * end-to-end tests of issue 8.
 */
import { JPEG_1PX } from './sampleFiles.js';
import type { ApiClient } from './apiClient.js';
import type { SchoolWorld } from './schoolWorld.js';
import { uploadWithTusJs } from './tusRaw.js';

export interface AssignmentSetup {
  assignmentId: string;
  /** The first student's handed-in photo. */
  fileId: string;
  studentId: string;
}

/** A local date `offsetDays` from today, in school time (UTC+7). */
export function schoolDate(offsetDays: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export async function setUpAssignment(world: SchoolWorld, teacher: ApiClient, student: ApiClient): Promise<AssignmentSetup> {
  const created = await teacher.post<{ assignment: { id: string } }>('/api/assignments', {
    classId: world.classA, subjectId: world.subjectId, title: 'Bài tập tuần 1', instructions: 'Làm bài 1, 2, 3', due: { date: schoolDate(3), time: '21:00' }, acceptLate: true,
  });
  if (created.status !== 201) throw new Error(`create assignment: ${created.status} ${created.text}`);
  const assignmentId = created.json.assignment.id;
  const fileId = await uploadWithTusJs(student, JPEG_1PX, { filename: 'vo-trang-1.jpg', purpose: 'submission', targetId: assignmentId });
  const handIn = await student.post(`/api/assignments/${assignmentId}/submissions`, { text: 'Em nộp bài', fileIds: [fileId] });
  if (handIn.status !== 201) throw new Error(`hand in: ${handIn.status} ${handIn.text}`);
  return { assignmentId, fileId, studentId: world.studentsA[0]!.userId };
}
