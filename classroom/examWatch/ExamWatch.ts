/**
 * An exam run inside a live lesson (issue 7, R11): "the teacher watches the students' cameras at
 * the same time". The students of the lesson see which exams run in it and open them there; the
 * lesson's teachers see, beside each student's camera, the student's state (not started, in
 * progress with the answered count, submitted) and the proctor's flags as they happen. Saves and
 * reports go over HTTP (classroom/exams); the exam domain tells this room after each commit
 * (ExamActivity) and the room reads the student's row back from the store, on its queue.
 *
 * Rules: a row (a student's progress and flags) is told to TEACHERS only, never to a student, not
 * even its own student; the list of bound exams (title, times) goes to everyone.
 */
import type { BoundExam, ExamActivityEvent, LiveExamRow } from '../exams/index.js';
import { EVERYONE, FeatureKey, TEACHERS, liveFeature, type LiveFeature, type LiveFeatureFactory, type ParticipantView, type RoomContext } from '../liveRoom/index.js';


/** What a participant's snapshot holds: every participant the exams, only a teacher the rows. */
export interface ExamWatchState {
  exams: BoundExam[];
  rows: LiveExamRow[];
}

export type ExamWatchEvent =
  | { type: 'lessonExamsUpdated'; exams: BoundExam[] }
  /** `flag`: the suspicious event that caused this update, '' for progress. */
  | { type: 'lessonExamRow'; row: LiveExamRow; flag: string };

/** How the room reaches the exams (signaling/features/examWatch builds it from the services). */
export interface ExamWatchPort {
  boundTo(lessonId: string): Promise<BoundExam[]>;
  rows(examId: string, studentId?: string): Promise<LiveExamRow[]>;
  subscribe(lessonId: string, listener: (event: ExamActivityEvent) => void): () => void;
}

const FLAGS: ReadonlySet<string> = new Set(['page_hidden', 'blur', 'fullscreen_exit', 'copy', 'paste', 'second_session', 'ip_change']);
/** A lesson is short; more bound exams than this would be a mistake, not a need. */
const MAX_EXAMS = 20;

export class ExamWatch implements LiveFeature<ExamWatchState> {
  readonly #ctx: RoomContext<ExamWatchEvent>;
  readonly #port: ExamWatchPort;
  #exams: BoundExam[] = [];
  /** examId → studentId → row. */
  readonly #rows = new Map<string, Map<string, LiveExamRow>>();
  readonly #unsubscribe: () => void;

  constructor(ctx: RoomContext<ExamWatchEvent>, port: ExamWatchPort) {
    this.#ctx = ctx;
    this.#port = port;
    this.#unsubscribe = port.subscribe(ctx.lesson.id, (e) => this.#heard(e));
    // First on the room's queue, before anyone joins: exams bound before the room opened (or
    // before a restart) and every student's state in them.
    ctx.run(() => this.#loadAll()).catch((err: unknown) => this.#lost(err));
  }

  snapshotFor(participant: ParticipantView): ExamWatchState {
    const rows = participant.role === 'teacher' ? [...this.#rows.values()].flatMap((m) => [...m.values()]) : [];
    return { exams: this.#exams, rows };
  }

  roomClosed(): void {
    this.#unsubscribe();
  }

  lessonEnded(): void {
    this.#rows.clear();
  }

  #heard(e: ExamActivityEvent): void {
    if (this.#ctx.closed) return;
    const change = e.studentId === null || !this.#exams.some((x) => x.examId === e.examId) ? () => this.#loadAll(true) : () => this.#loadRow(e.examId, e.studentId!, FLAGS.has(e.kind) ? e.kind : '');
    this.#ctx.run(change).catch((err: unknown) => this.#lost(err));
  }

  async #loadAll(tell = false): Promise<void> {
    const exams = (await this.#port.boundTo(this.#ctx.lesson.id)).slice(0, MAX_EXAMS);
    const rows = await Promise.all(exams.map((x) => this.#port.rows(x.examId)));
    if (this.#ctx.closed) return;
    this.#exams = exams;
    this.#rows.clear();
    exams.forEach((x, i) => this.#rows.set(x.examId, new Map(rows[i]!.map((r) => [r.studentId, r]))));
    if (!tell) return;
    this.#ctx.tell(EVERYONE, { type: 'lessonExamsUpdated', exams });
    for (const r of rows.flat()) this.#ctx.tell(TEACHERS, { type: 'lessonExamRow', row: r, flag: '' });
  }

  async #loadRow(examId: string, studentId: string, flag: string): Promise<void> {
    const [row] = await this.#port.rows(examId, studentId);
    if (this.#ctx.closed || !row) return;
    this.#rows.get(examId)?.set(studentId, row);
    this.#ctx.tell(TEACHERS, { type: 'lessonExamRow', row, flag });
  }

  #lost(err: unknown): void {
    if (this.#ctx.closed) return;
    this.#ctx.logger.warn({ err }, 'exam watch: could not read the exams of the lesson');
  }
}

/** `room.feature(EXAM_WATCH)`: the exams running in a room. */
export const EXAM_WATCH = new FeatureKey<ExamWatch>('examWatch');

export function examWatchFeature(port: ExamWatchPort): LiveFeatureFactory {
  return liveFeature(EXAM_WATCH, (ctx) => new ExamWatch(ctx, port));
}
