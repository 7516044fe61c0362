import { NotAuthorizedError, NotFoundError, type Clock } from '../../platform/index.js';
import { can, lessonRef, type Actor } from '../authz/index.js';
import type { Lesson, LessonStore } from '../timetable/index.js';
import type { MediaJob, RecordingStore, StoredRecording } from './RecordingTypes.js';

/** A recording as a page shows it, with its post-processing job. */
export interface RecordingView {
  id: string;
  lessonId: string;
  state: StoredRecording['state'];
  failure: string | null;
  startedAt: number;
  stoppedAt: number | null;
  durationMs: number | null;
  published: boolean;
  /** Kept by retention whatever its age (R17); false for students. */
  hold: boolean;
  /** The MP4 exists. */
  ready: boolean;
  /** The latest job (managers only; null for students). */
  job: Pick<MediaJob, 'id' | 'state' | 'progress' | 'etaMs' | 'error' | 'attempts'> | null;
}

/** How far a caller reaches into a lesson's recordings. */
type Access = 'manage' | 'oversee' | 'student';

/**
 * Who may watch a recording: the lesson's teacher and the admin (lesson.manage), the principal
 * (archive.export: the school's archive), a student of the class once the teacher published it.
 */
export function mayWatch(actor: Actor, lesson: Lesson, recording: Pick<StoredRecording, 'published'>): boolean {
  const ref = lessonRef(lesson);
  if (can(actor, 'lesson.manage', ref) || can(actor, 'archive.export', { kind: 'school', schoolId: lesson.schoolId })) return true;
  return actor.role === 'student' && recording.published && can(actor, 'lesson.join', ref);
}

/**
 * Who sees which recording (issue 9): the lesson's teacher and the school's admin see every one
 * of the lesson (with its job) and publish them; the principal sees every one (read-only); the
 * class's students see those published, once made. Every viewing is recorded (R12).
 */
export class RecordingLibrary {
  readonly #recordings: RecordingStore;
  readonly #lessons: LessonStore;
  readonly #clock: Clock;

  constructor(recordings: RecordingStore, lessons: LessonStore, clock: Clock) {
    this.#recordings = recordings;
    this.#lessons = lessons;
    this.#clock = clock;
  }

  /** `canHold`: the caller may put a recording on hold (the admin, the principal: archive.export). */
  async listFor(actor: Actor, lessonId: string): Promise<{ canManage: boolean; canHold: boolean; recordings: RecordingView[] }> {
    const access = await this.#access(actor, lessonId);
    const manager = access === 'manage';
    const out: RecordingView[] = [];
    for (const r of await this.#recordings.recordingsOfLesson(lessonId)) {
      if (access === 'student' && !(r.published && r.videoBlob)) continue;
      out.push(await this.#view(r, manager, access !== 'student'));
    }
    return { canManage: manager, canHold: can(actor, 'archive.export', { kind: 'school', schoolId: actor.schoolId }), recordings: out };
  }

  /** Whether the lesson records right now, for anyone who may join it (told before entering, R21). */
  async isRecording(actor: Actor, lessonId: string): Promise<boolean> {
    await this.#access(actor, lessonId);
    return (await this.#recordings.recordingsOfLesson(lessonId)).some((r) => r.state === 'recording');
  }

  /** The recording, for a manager (teacher of its lesson, admin); NotFound/NotAuthorized otherwise. */
  async requireManaged(actor: Actor, recordingId: string): Promise<StoredRecording> {
    const r = await this.#recordings.recording(recordingId);
    if (!r) throw new NotFoundError('No such recording');
    if ((await this.#access(actor, r.lessonId)) !== 'manage') throw new NotAuthorizedError('Only the teacher of the lesson can manage its recordings');
    return r;
  }

  async publish(actor: Actor, recordingId: string, published: boolean): Promise<RecordingView> {
    const r = await this.requireManaged(actor, recordingId);
    await this.#recordings.setPublished(r.id, published);
    return this.#view({ ...r, published }, true, true);
  }

  /**
   * The video's blob key for someone who may watch it (mayWatch); the viewing is recorded (R12).
   * Anyone else is told the recording does not exist, whether it does or not.
   */
  async watch(actor: Actor, recordingId: string): Promise<{ recording: StoredRecording; blobKey: string }> {
    const r = await this.#recordings.recording(recordingId);
    const lesson = r ? await this.#lessons.get(r.lessonId) : undefined;
    if (!r || !lesson || !mayWatch(actor, lesson, r)) throw new NotFoundError('No such recording');
    if (!r.videoBlob) throw new NotFoundError('The video of this recording is not ready yet');
    await this.#recordings.recordView(r.id, actor.userId, this.#clock.now());
    return { recording: r, blobKey: r.videoBlob };
  }

  /** 'manage': the teacher of the lesson, the admin; 'oversee': the principal; 'student': of its class; throws otherwise. */
  async #access(actor: Actor, lessonId: string): Promise<Access> {
    const lesson = await this.#lessons.get(lessonId);
    if (!lesson) throw new NotFoundError('No such lesson');
    const ref = lessonRef(lesson);
    if (can(actor, 'lesson.manage', ref)) return 'manage';
    if (can(actor, 'archive.export', { kind: 'school', schoolId: lesson.schoolId })) return 'oversee';
    if (actor.role === 'student' && can(actor, 'lesson.join', ref)) return 'student';
    throw new NotAuthorizedError('You may not see the recordings of this lesson');
  }

  /** `staff`: the teacher, the admin or the principal (they see the hold). */
  async #view(r: StoredRecording, manager: boolean, staff: boolean): Promise<RecordingView> {
    const jobs = manager ? await this.#recordings.jobsOfRecording(r.id) : [];
    const j = jobs[jobs.length - 1];
    return {
      id: r.id,
      lessonId: r.lessonId,
      state: r.state,
      failure: r.failure,
      startedAt: r.startedAt,
      stoppedAt: r.stoppedAt,
      durationMs: r.durationMs,
      published: r.published,
      hold: staff && r.hold,
      ready: r.videoBlob !== null,
      job: j ? { id: j.id, state: j.state, progress: j.progress, etaMs: j.etaMs, error: j.error, attempts: j.attempts } : null,
    };
  }
}
