/** JSON shapes of the HTTP API (docs/http-api.md "Types"), built from domain objects. */
import { can, lessonRef, type Actor, type LessonView, type PublicAccount, type TimetableEntry } from '../../../classroom/index.js';
import type { Services } from '../../services.js';

export interface UserJson {
  id: string;
  role: PublicAccount['role'];
  displayName: string;
  code: string | null;
  username: string | null;
  schoolId: string;
  schoolName: string;
  className: string | null;
  /** May open the archive of teaching records (the admin, a teacher with the principal's duty: archive.export). */
  archive: boolean;
}

export async function userJson(services: Services, account: PublicAccount): Promise<UserJson> {
  const { schools } = services.storage;
  const [school, classId] = await Promise.all([
    schools.getSchool(account.schoolId),
    account.role === 'student' ? schools.classOfStudent(account.id) : Promise.resolve(undefined),
  ]);
  const cls = classId ? await schools.getClass(classId) : undefined;
  return {
    id: account.id,
    role: account.role,
    displayName: account.displayName,
    code: account.code,
    username: account.username,
    schoolId: account.schoolId,
    schoolName: school?.name ?? '',
    className: cls?.name ?? null,
    archive: account.role === 'admin' || (account.role === 'teacher' && (await schools.dutiesOf(account.id)).some((d) => d.duty === 'principal')),
  };
}

export function lessonJson(l: LessonView) {
  return {
    id: l.id,
    title: l.title,
    classId: l.classId,
    subjectId: l.subjectId,
    teacherId: l.teacherId,
    scheduledStart: l.scheduledStart,
    scheduledEnd: l.scheduledEnd,
    startedAt: l.startedAt,
    endedAt: l.endedAt,
    status: l.status,
    hasPassword: l.hasPassword,
  };
}

export function timetableJson(actor: Actor, e: TimetableEntry) {
  const ref = lessonRef(e.lesson);
  const open = e.lesson.status === 'scheduled' || e.lesson.status === 'live';
  return {
    lesson: lessonJson(e.lesson),
    className: e.className,
    subjectName: e.subjectName,
    teacherName: e.teacherName,
    canJoin: open && can(actor, 'lesson.join', ref),
    canManage: can(actor, 'lesson.manage', ref),
  };
}
