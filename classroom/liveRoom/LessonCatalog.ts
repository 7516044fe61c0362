import type { LessonInfo, LessonSettings } from './LiveRoomTypes.js';

/** A lesson as the live room needs it: what to show, its initial settings, whether it is over. */
export interface CatalogLesson {
  info: LessonInfo;
  /** Initial settings of the live room (e.g. lobby or auto-admit chosen when scheduling). */
  settings: Partial<LessonSettings>;
  ended: boolean;
}

/** Where the live rooms find their lessons (the schedule in the store, or the demo lessons). */
export interface LessonCatalog {
  /** The lesson, or undefined when there is no such lesson. */
  find(lessonId: string): Promise<CatalogLesson | undefined>;
  /** Records that the lesson started (its teacher arrived); idempotent. */
  markStarted(lessonId: string, atMs: number): Promise<void>;
  /** Records that the lesson ended; later joins are refused. */
  markEnded(lessonId: string, atMs: number): Promise<void>;
}

/** Lessons held in memory: the demo class of a fresh server, and tests. */
export class InMemoryLessonCatalog implements LessonCatalog {
  readonly #lessons = new Map<string, CatalogLesson>();

  add(info: LessonInfo, settings: Partial<LessonSettings> = {}): void {
    this.#lessons.set(info.id, { info, settings, ended: false });
  }

  async find(lessonId: string): Promise<CatalogLesson | undefined> {
    const l = this.#lessons.get(lessonId);
    return l ? { ...l } : undefined;
  }

  async markStarted(): Promise<void> {
    // Nothing to record: in-memory lessons have no schedule to update.
  }

  async markEnded(lessonId: string): Promise<void> {
    const l = this.#lessons.get(lessonId);
    if (l) l.ended = true;
  }
}
