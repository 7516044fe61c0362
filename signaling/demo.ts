/**
 * The demo school of a fresh server: a school with an admin, class 8A with a teacher of "Tin học"
 * and a few students (imported through the real roster import), and a lesson running now, with
 * join links printed at start-up so that a newcomer can try a live lesson at once. Seeded once
 * (ids kept in <dataDir>/demo.json); the lesson is reused while it runs, else started again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadActor, type CatalogLesson, type LessonCatalog } from '../classroom/index.js';
import type { Clock } from '../platform/index.js';
import type { JoinLinks } from './auth/JoinLinks.js';
import type { Services } from './services.js';

export interface DemoSetup {
  lessonId: string;
  teacher: string;
  students: string[];
  /** Set only when the school was created by this start: the admin's one-time password. */
  admin: { username: string; initialPassword: string } | undefined;
}

interface DemoIds {
  schoolId: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  studentIds: string[];
  /** The demo lesson last started (only this one is reused: never a real lesson of the class). */
  lessonId?: string;
}

const DEMO_CLASS = '8A';
const DEMO_SUBJECT = 'Tin học';
const LESSON_MINUTES = 240;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Gia', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hòa', 'Hùng', 'Huyền', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Ngọc', 'Nhung', 'Phúc', 'Quân', 'Quỳnh', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn'];

/** A plausible, distinct Vietnamese name for demo student `i` (names may not contain digits). */
function studentName(i: number): string {
  return `${FAMILY[i % FAMILY.length]} ${MIDDLE[i % MIDDLE.length]} ${GIVEN[i % GIVEN.length]}`;
}

function code(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(6, '0')}`;
}

async function seed(services: Services, students: number): Promise<{ ids: DemoIds; admin: DemoSetup['admin'] }> {
  const { schoolId, admin } = await services.schools.bootstrapSchool({
    schoolName: 'Trường THCS Demo',
    adminUsername: 'admin',
    adminDisplayName: 'Quản trị trường Demo',
  });
  const adminActor = await loadActor(services.storage.schools, { id: admin.userId, role: 'admin', schoolId });
  const grade = await services.schools.addGrade(adminActor, { name: 'Khối 8', level: 8 });
  const cls = await services.schools.addClass(adminActor, { gradeId: grade.id, name: DEMO_CLASS });
  const subject = await services.schools.addSubject(adminActor, { name: DEMO_SUBJECT });
  const teachers = await services.roster.apply(adminActor, `Mã định danh,Họ và tên,Phân công\n${code('079100', 1)},Nguyễn Thị Demo,${DEMO_CLASS}:${DEMO_SUBJECT}\n`, 'teachers');
  const rows = Array.from({ length: students }, (_, i) => `${code('079200', i + 1)},${studentName(i)},${DEMO_CLASS}`);
  const pupils = await services.roster.apply(adminActor, `Mã định danh,Họ và tên,Lớp\n${rows.join('\n')}\n`, 'students');
  const teacherId = teachers.created[0]?.userId;
  if (!teacherId) throw new Error('demo teacher was not created');
  return {
    ids: { schoolId, classId: cls.id, subjectId: subject.id, teacherId, studentIds: pupils.created.map((c) => c.userId) },
    admin: { username: 'admin', initialPassword: admin.initialPassword },
  };
}

async function loadIds(services: Services, file: string): Promise<DemoIds | undefined> {
  if (!existsSync(file)) return undefined;
  const ids = JSON.parse(readFileSync(file, 'utf8')) as DemoIds;
  return (await services.storage.schools.getSchool(ids.schoolId)) ? ids : undefined;
}

/** The demo lesson if it still runs, or a new one. */
async function currentLesson(services: Services, ids: DemoIds, clock: Clock): Promise<string> {
  const previous = ids.lessonId ? await services.storage.lessons.get(ids.lessonId) : undefined;
  if (previous && previous.endedAt === null && previous.cancelledAt === null && previous.scheduledEnd > clock.now()) return previous.id;
  const teacher = await loadActor(services.storage.schools, { id: ids.teacherId, role: 'teacher', schoolId: ids.schoolId });
  const lesson = await services.lessons.startNow(teacher, { classId: ids.classId, subjectId: ids.subjectId, title: 'Tiết học thử', durationMinutes: LESSON_MINUTES });
  return lesson.id;
}

export async function setUpDemo(services: Services, links: JoinLinks, deps: { publicUrl: string; dataDir: string; students: number; clock: Clock }): Promise<DemoSetup> {
  const file = join(deps.dataDir, 'demo.json');
  let ids = await loadIds(services, file);
  let admin: DemoSetup['admin'];
  if (!ids) ({ ids, admin } = await seed(services, deps.students));
  // May be refused (409) when a real lesson of the demo class runs now: then no demo links.
  const lessonId = await currentLesson(services, ids, deps.clock);
  writeFileSync(file, JSON.stringify({ ...ids, lessonId }, null, 2) + '\n');
  const name = async (userId: string) => (await services.storage.accounts.get(userId))?.displayName ?? 'Demo';
  return {
    lessonId,
    teacher: links.url(deps.publicUrl, { lessonId, userId: ids.teacherId, name: await name(ids.teacherId), role: 'teacher' }),
    students: await Promise.all(
      ids.studentIds.map(async (id) => links.url(deps.publicUrl, { lessonId, userId: id, name: await name(id), role: 'student' })),
    ),
    admin,
  };
}

/** The demo lesson lets its class straight in (real lessons start with the lobby on). */
export class DemoAwareCatalog implements LessonCatalog {
  readonly #inner: LessonCatalog;
  readonly #demoLessons = new Set<string>();

  constructor(inner: LessonCatalog) {
    this.#inner = inner;
  }

  markDemo(lessonId: string): void {
    this.#demoLessons.add(lessonId);
  }

  async find(lessonId: string): Promise<CatalogLesson | undefined> {
    const lesson = await this.#inner.find(lessonId);
    if (!lesson || !this.#demoLessons.has(lessonId)) return lesson;
    return { ...lesson, settings: { ...lesson.settings, autoAdmit: true } };
  }

  markStarted(lessonId: string, atMs: number): Promise<void> {
    return this.#inner.markStarted(lessonId, atMs);
  }

  markEnded(lessonId: string, atMs: number): Promise<void> {
    return this.#inner.markEnded(lessonId, atMs);
  }
}
