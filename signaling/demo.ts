/**
 * The demo class of a fresh server: one lesson of class "Lớp Demo", and join links for a teacher
 * and a few students, printed at start-up so that a newcomer can try a live lesson at once.
 */
import type { InMemoryLessonCatalog } from '../classroom/index.js';
import type { JoinLinks } from './auth/JoinLinks.js';

export const DEMO_LESSON_ID = 'demo';

export interface DemoLinks {
  teacher: string;
  students: string[];
}

export function createDemoLesson(catalog: InMemoryLessonCatalog, links: JoinLinks, publicUrl: string, students: number): DemoLinks {
  catalog.add(
    {
      id: DEMO_LESSON_ID,
      title: 'Tiết học thử',
      className: 'Lớp Demo',
      subjectName: 'Tin học',
      teacherName: 'Giáo viên Demo',
      scheduledStartMs: 0,
      scheduledEndMs: 0,
    },
    // The demo lets class members straight in; real lessons use the lobby (see the lesson settings).
    { autoAdmit: true },
  );
  return {
    teacher: links.url(publicUrl, { lessonId: DEMO_LESSON_ID, userId: 'demo-teacher', name: 'Giáo viên Demo', role: 'teacher' }),
    students: Array.from({ length: students }, (_, i) =>
      links.url(publicUrl, { lessonId: DEMO_LESSON_ID, userId: `demo-student-${i + 1}`, name: `Học sinh ${i + 1}`, role: 'student' }),
    ),
  };
}
