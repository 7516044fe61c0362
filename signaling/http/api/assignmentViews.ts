/** JSON of assignments, files, versions and grades (proto/http/assignments.ts), from domain objects. */
import type { Assignment, AssignmentGrade, StoredFile, Submission } from '../../../classroom/index.js';
import { NameLookup } from '../../../classroom/index.js';
import type { assignmentsHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';

export function fileJson(f: StoredFile): assignmentsHttp.FileJson {
  return { id: f.id, fileName: f.fileName, size: f.size, mediaType: f.mediaType, sha256: f.sha256, url: `/api/files/${f.id}` };
}

export async function assignmentJson(names: NameLookup, a: Assignment): Promise<assignmentsHttp.AssignmentJson> {
  return {
    id: a.id,
    classId: a.classId,
    className: (await names.className(a.classId)) ?? '',
    subjectId: a.subjectId,
    subjectName: (await names.subjectName(a.subjectId)) ?? '',
    teacherId: a.teacherId,
    title: a.title,
    instructions: a.instructions,
    openAt: a.openAt,
    dueAt: a.dueAt,
    acceptLate: a.acceptLate,
    latePenaltyTenths: a.latePenaltyTenths,
    studentIds: [...a.studentIds],
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function gradeJson(g: AssignmentGrade): assignmentsHttp.GradeJson {
  return { scoreTenths: g.scoreTenths, feedback: g.feedback, returnedAt: g.returnedAt, revision: g.revision, gradedBy: g.gradedBy, updatedAt: g.updatedAt };
}

export function submissionJson(s: Submission, files: readonly StoredFile[]): assignmentsHttp.SubmissionJson {
  return { id: s.id, version: s.version, text: s.text, submittedAt: s.submittedAt, late: s.late, files: files.map(fileJson) };
}

/** The stored files of some versions, by id. */
export async function filesOf(services: Services, versions: readonly Submission[]): Promise<Map<string, StoredFile>> {
  const records = await services.storage.uploads.getMany(versions.flatMap((v) => v.fileIds));
  return new Map(records.filter((r): r is StoredFile => r.blobKey !== null).map((r) => [r.id, r]));
}
