import { NotFoundError } from '../../platform/index.js';
import type { AccountStore } from '../accounts/index.js';
import { plainText } from '../assessment/index.js';
import type { AttendanceStore } from '../attendance/index.js';
import type { Actor } from '../authz/index.js';
import type { LiveQuizStore } from '../liveQuiz/index.js';
import { mayWatch, type RecordingStore, type StoredRecording } from '../recording/index.js';
import type { Lesson, LessonStore } from '../timetable/index.js';
import type { RecordedChatStore, Timeline, TimelineItem, TimelineKind } from './PlaybackTypes.js';

export interface PlaybackSources {
  recordings: RecordingStore;
  lessons: LessonStore;
  attendance: AttendanceStore;
  liveQuiz: LiveQuizStore;
  accounts: AccountStore;
  recordedChat: RecordedChatStore;
}

const EVENT_KINDS: Partial<Record<string, TimelineKind>> = { join: 'join', leave: 'leave', hand_raised: 'hand', screen_on: 'share_start', screen_off: 'share_end' };
/** A quiz question's text on the timeline: enough to recognise it. */
const QUIZ_TEXT_CHARS = 140;

/**
 * The playback timeline of a recording (issue 9): who joined and left, raised hands, screen
 * shares starting and stopping (the MP4's chapters are cut at the same moments), live quiz
 * questions opened, closed and revealed in the main room, and the chat kept with the recording —
 * each placed on the video. Who may see it: the lesson's teacher, the school's admin and
 * principal, and the class's students once the teacher published the recording; anyone else is
 * told the recording does not exist (404), whether it does or not.
 */
export class PlaybackTimeline {
  readonly #src: PlaybackSources;

  constructor(src: PlaybackSources) {
    this.#src = src;
  }

  /** The recording and its lesson for someone who may watch it; NotFoundError for anyone else. */
  async viewable(actor: Actor, recordingId: string): Promise<{ recording: StoredRecording; lesson: Lesson }> {
    const recording = await this.#src.recordings.recording(recordingId);
    const lesson = recording ? await this.#src.lessons.get(recording.lessonId) : undefined;
    if (!recording || !lesson || !mayWatch(actor, lesson, recording)) throw new NotFoundError('No such recording');
    if (!recording.videoBlob || recording.durationMs === null) throw new NotFoundError('The video of this recording is not ready yet');
    return { recording, lesson };
  }

  async forRecording(actor: Actor, recordingId: string): Promise<Timeline> {
    const { recording: r, lesson } = await this.viewable(actor, recordingId);
    const durationMs = r.durationMs ?? 0;
    const origin = await this.#origin(r);
    const end = origin + durationMs;
    // What happened while recording was on: from the moment it was started (the first frame
    // follows by the recorder's start-up, tens of ms to a second; a moment in between is placed
    // at the start). A fixed tolerance before the first frame let in, or not, the join of a
    // teacher who started recording right after entering, depending on the recorder's speed.
    const from = Math.min(r.startedAt, origin);
    const items: TimelineItem[] = [];
    const place = (at: number, kind: TimelineKind, who: string | null, text: string | null) => {
      if (at < from || at > end) return;
      items.push({ offsetMs: Math.max(0, at - origin), at, kind, who, text });
    };
    const names = new Map<string, Promise<string>>();
    const nameOf = (userId: string) => {
      if (!names.has(userId)) names.set(userId, this.#src.accounts.get(userId).then((a) => a?.displayName ?? '—'));
      return names.get(userId)!;
    };
    for (const e of await this.#src.attendance.eventsForLesson(lesson.id)) {
      const kind = EVENT_KINDS[e.kind];
      if (kind && e.at >= from && e.at <= end) place(e.at, kind, await nameOf(e.userId), null);
    }
    for (const q of await this.#src.liveQuiz.quizzesOfLesson(lesson.id)) {
      if (q.targetGroupId !== '') continue; // a breakout group's quiz: breakout groups are not recorded
      // The question's words only: its key never leaves the server here.
      const text = plainText(q.body.stem).slice(0, QUIZ_TEXT_CHARS);
      place(q.startedAt, 'quiz_open', null, text);
      if (q.closedAt !== null) place(q.closedAt, 'quiz_close', null, text);
      if (q.revealedAt !== null) place(q.revealedAt, 'quiz_reveal', null, text);
    }
    for (const m of await this.#src.recordedChat.ofRecording(r.id)) place(m.sentAt, 'chat', m.displayName, m.text);
    // Stable: events of one moment keep the order they were stored in.
    items.sort((a, b) => a.at - b.at);
    return { recordingId: r.id, lessonId: lesson.id, lessonTitle: lesson.title, startedAt: origin, durationMs, items };
  }

  /**
   * The wall-clock moment of the video's first frame: the MP4 starts at the earliest recorded
   * segment (recorder/compose.ts `originSec`), whose writer started a few tens of ms before its
   * first packet (the tap starts once ffmpeg listens). The recording's start when no segment is kept.
   */
  async #origin(r: StoredRecording): Promise<number> {
    const segments = await this.#src.recordings.segments(r.id);
    return segments.length > 0 ? Math.min(...segments.map((s) => s.startedAt)) : r.startedAt;
  }
}

