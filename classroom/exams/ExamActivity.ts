/**
 * What happens in exams bound to a live lesson, told to that lesson's room as it happens (issue 7:
 * "the exam can run inside a live lesson so the teacher watches the students' cameras at the same
 * time"). Saves and reports arrive over HTTP (an exam need not run in a lesson); the room of the
 * lesson, if one is open on this server, subscribes here and shows the teacher each student's
 * progress and flags beside their camera. Told only after the change is committed, so what the
 * room reads back is what is stored. A listener never throws into the exam's request.
 */
import type { ExamEventKind } from './ExamTypes.js';

export interface ExamActivityEvent {
  examId: string;
  lessonId: string;
  /** The student concerned; null for the exam itself (bound to the lesson). */
  studentId: string | null;
  kind: ExamEventKind;
}

export type ExamActivityListener = (event: ExamActivityEvent) => void;

export class ExamActivity {
  readonly #byLesson = new Map<string, Set<ExamActivityListener>>();
  readonly #onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void = () => undefined) {
    this.#onError = onError;
  }

  /** Listens to the exams bound to one lesson; returns the unsubscribe. */
  subscribe(lessonId: string, listener: ExamActivityListener): () => void {
    let set = this.#byLesson.get(lessonId);
    if (!set) this.#byLesson.set(lessonId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#byLesson.get(lessonId) === set) this.#byLesson.delete(lessonId);
    };
  }

  /** Tells the lesson's listeners; an exam without a lesson tells nobody. */
  publish(exam: { id: string; lessonId: string | null }, studentId: string | null, kind: ExamEventKind): void {
    if (!exam.lessonId) return;
    const set = this.#byLesson.get(exam.lessonId);
    if (!set) return;
    const event: ExamActivityEvent = { examId: exam.id, lessonId: exam.lessonId, studentId, kind };
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err);
      }
    }
  }

  /** Lessons listened to now (tests, metrics). */
  get lessons(): number {
    return this.#byLesson.size;
  }
}
