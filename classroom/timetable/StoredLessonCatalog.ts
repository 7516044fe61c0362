/**
 * The live room's LessonCatalog (../liveRoom) over the stored schedule: what a room shows about
 * its lesson, and the record of its end. A cancelled lesson counts as ended (nobody may join).
 */
import type { CatalogLesson, LessonCatalog } from '../liveRoom/index.js';
import type { Storage } from '../store/index.js';

export class StoredLessonCatalog implements LessonCatalog {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  async find(lessonId: string): Promise<CatalogLesson | undefined> {
    const lesson = await this.#storage.lessons.get(lessonId);
    if (!lesson) return undefined;
    const [cls, subject, teacher] = await Promise.all([
      this.#storage.schools.getClass(lesson.classId),
      this.#storage.schools.getSubject(lesson.subjectId),
      this.#storage.accounts.get(lesson.teacherId),
    ]);
    return {
      info: {
        id: lesson.id,
        title: lesson.title,
        className: cls?.name ?? '',
        subjectName: subject?.name ?? '',
        teacherName: teacher?.displayName ?? '',
        scheduledStartMs: lesson.scheduledStart,
        scheduledEndMs: lesson.scheduledEnd,
      },
      settings: { passwordRequired: lesson.passwordHash !== null },
      ended: lesson.endedAt !== null || lesson.cancelledAt !== null,
    };
  }

  async markStarted(lessonId: string, atMs: number): Promise<void> {
    await this.#storage.lessons.markStarted(lessonId, atMs);
  }

  async markEnded(lessonId: string, atMs: number): Promise<void> {
    await this.#storage.lessons.markEnded(lessonId, atMs);
  }
}
