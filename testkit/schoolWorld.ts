/**
 * A small school for authorization and end-to-end tests, built through the real services:
 * classes 8A and 8B, subject Toán, a teacher for each class, students in each, a parent of an 8A
 * student, the school admin, and a lesson of 8A running now. Every account signs in through the
 * real HTTP API (first-login password change included).
 */
import { loadActor, type LessonView } from '../classroom/index.js';
import type { Services } from '../signaling/services.js';
import { ApiClient } from './apiClient.js';

export const WORLD_PASSWORD = 'Lop-hoc-2026!';

export interface WorldAccount {
  userId: string;
  login: string;
  displayName: string;
  initialPassword: string;
}

export interface SchoolWorld {
  schoolId: string;
  classA: string;
  classB: string;
  subjectId: string;
  admin: WorldAccount;
  teacherA: WorldAccount;
  teacherB: WorldAccount;
  studentsA: WorldAccount[];
  studentB: WorldAccount;
  parentA: WorldAccount;
  /** A lesson of class 8A running now, taught by teacherA. */
  lessonA: LessonView;
}

export async function buildSchoolWorld(services: Services, options: { studentsInA?: number } = {}): Promise<SchoolWorld> {
  const { schoolId, admin } = await services.schools.bootstrapSchool({ schoolName: 'THCS Thử Nghiệm', adminUsername: 'bgh', adminDisplayName: 'Ban giám hiệu' });
  const actor = await loadActor(services.storage.schools, { id: admin.userId, role: 'admin', schoolId });
  const grade = await services.schools.addGrade(actor, { name: 'Khối 8', level: 8 });
  const a = await services.schools.addClass(actor, { gradeId: grade.id, name: '8A' });
  const b = await services.schools.addClass(actor, { gradeId: grade.id, name: '8B' });
  const subject = await services.schools.addSubject(actor, { name: 'Toán' });
  const teachers = await services.roster.apply(actor, 'Mã định danh,Họ và tên,Phân công\n001100000001,Trần Thu Hà,8A:Toán\n001100000002,Lê Quốc Bảo,8B:Toán\n', 'teachers');
  const n = options.studentsInA ?? 2;
  // Distinct names: tests find students on the page by name.
  const names = ['Nguyễn Văn An', 'Phạm Thị Bình', 'Hoàng Minh Châu', 'Đỗ Gia Dũng', 'Vũ Ngọc Hân', 'Lý Thu Hằng', 'Trương Quốc Khánh', 'Mai Phương Linh'];
  const rows = Array.from({ length: n }, (_, i) => `0012${String(i + 1).padStart(8, '0')},${names[i % names.length]}${i >= names.length ? ` ${String.fromCharCode(65 + Math.floor(i / names.length))}` : ''},8A`);
  const students = await services.roster.apply(actor, `Mã định danh,Họ và tên,Lớp\n${rows.join('\n')}\n001200000099,Bùi Thị Giang,8B\n`, 'students');
  const acc = (c: { userId: string; code: string | null; username: string | null; displayName: string; initialPassword: string }): WorldAccount => ({
    userId: c.userId,
    login: c.code ?? c.username ?? '',
    displayName: c.displayName,
    initialPassword: c.initialPassword,
  });
  const byCode = (code: string) => students.created.find((c) => c.code === code) ?? teachers.created.find((c) => c.code === code);
  const studentsA = rows.map((r) => acc(byCode(r.split(',')[0] ?? '')!));
  const parent = await services.schools.createParent(actor, { username: 'phuhuynh.an', displayName: 'Nguyễn Văn Bố', childCodes: ['001200000001'] });
  const teacherA = acc(byCode('001100000001')!);
  const teacherActor = await loadActor(services.storage.schools, { id: teacherA.userId, role: 'teacher', schoolId });
  const lessonA = await services.lessons.startNow(teacherActor, { classId: a.id, subjectId: subject.id, title: 'Phương trình bậc nhất', durationMinutes: 45 });
  return {
    schoolId,
    classA: a.id,
    classB: b.id,
    subjectId: subject.id,
    admin: acc(admin),
    teacherA,
    teacherB: acc(byCode('001100000002')!),
    studentsA,
    studentB: acc(byCode('001200000099')!),
    parentA: acc(parent),
    lessonA,
  };
}

/** A browser-like API client signed in as `account` (password changed at first login). */
export async function signedIn(baseUrl: string, account: WorldAccount): Promise<ApiClient> {
  const c = new ApiClient(baseUrl);
  await c.login(account.login, account.initialPassword, WORLD_PASSWORD);
  return c;
}
