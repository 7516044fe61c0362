/**
 * Lessons for the fuzzers: one school, `classes` classes with a teacher each and a lesson
 * running now in each, built through the real services (before a server starts on the
 * same data, or in-process). Returns the lesson ids and a signed-in-able admin.
 */
import { loadActor } from '../classroom/index.js';
import type { Services } from '../signaling/services.js';

export interface FuzzWorld {
  lessonIds: string[];
  teacherId: string;
  admin: { login: string; initialPassword: string };
  teacher: { login: string; initialPassword: string };
}

export async function buildFuzzWorld(services: Services, classes: number): Promise<FuzzWorld> {
  const { schoolId, admin } = await services.schools.bootstrapSchool({ schoolName: 'THCS Kiểm Thử', adminUsername: 'fuzz.admin', adminDisplayName: 'Quản trị kiểm thử' });
  const adminActor = await loadActor(services.storage.schools, { id: admin.userId, role: 'admin', schoolId });
  const grade = await services.schools.addGrade(adminActor, { name: 'Khối 9', level: 9 });
  const names = Array.from({ length: classes }, (_, i) => `9F${i + 1}`);
  const classIds: string[] = [];
  for (const name of names) classIds.push((await services.schools.addClass(adminActor, { gradeId: grade.id, name })).id);
  const subject = await services.schools.addSubject(adminActor, { name: 'Tin học' });
  // One teacher per class: a teacher cannot have two lessons at the same time.
  const letters = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : letters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));
  const rows = names.map((n, i) => `0099${String(i + 1).padStart(8, '0')},Giáo viên ${letters(i)},${n}:Tin học`);
  const roster = await services.roster.apply(adminActor, `Mã định danh,Họ và tên,Phân công\n${rows.join('\n')}\n`, 'teachers');
  const lessonIds: string[] = [];
  for (const [i, classId] of classIds.entries()) {
    const code = `0099${String(i + 1).padStart(8, '0')}`;
    const teacher = roster.created.find((c) => c.code === code)!;
    const actor = await loadActor(services.storage.schools, { id: teacher.userId, role: 'teacher', schoolId });
    lessonIds.push((await services.lessons.startNow(actor, { classId, subjectId: subject.id, title: 'Kiểm thử', durationMinutes: 240 })).id);
  }
  const t = roster.created[0]!;
  return {
    lessonIds,
    teacherId: t.userId,
    admin: { login: admin.username ?? 'fuzz.admin', initialPassword: admin.initialPassword },
    teacher: { login: t.code ?? '', initialPassword: t.initialPassword },
  };
}
