import { ConflictError, type Logger } from '../../platform/index.js';
import { EVERYONE, type ChatEntry, type LiveFeature, type RoomContext } from '../liveRoom/index.js';
import type { RecordingControl, RecordingEvent, RecordingFailure, RecordingStatus } from './RecordingTypes.js';

/** Whether the school records every lesson automatically (read when a lesson's first teacher media is published). */
export type AutoRecordSetting = (lessonId: string) => Promise<boolean>;

/**
 * Keeps a chat message of the main room sent while the lesson is recorded, with that recording
 * (its playback shows it; same access, retention and erasure as the recording). Resolves once stored.
 */
export type ChatKeeper = (message: { recordingId: string; userId: string; displayName: string; text: string; sentAt: number }) => Promise<void>;

type State =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'recording'; recordingId: string; startedAtMs: number }
  | { kind: 'stopping' };

/**
 * The recording of one live lesson (R5, R21): the teacher starts and stops it; everyone in the
 * lesson is told whether it records (and a newcomer's snapshot says so). The recorder works
 * outside the room's queue (starting processes takes a moment and must not hold up the lesson);
 * the state changes and what is told go through it. A recording that stops by itself
 * (recorder died, disk full) is told to everyone with its reason; the lesson goes on.
 */
export class LiveRecording implements LiveFeature<RecordingStatus> {
  readonly #ctx: RoomContext<RecordingEvent>;
  readonly #control: RecordingControl;
  readonly #autoRecord: AutoRecordSetting;
  #state: State = { kind: 'idle' };
  #failure: RecordingFailure | null = null;
  /** Automatic recording was considered in this room (it starts once: a teacher who stops it is not overruled). */
  #autoConsidered = false;

  readonly #keepChat: ChatKeeper | undefined;

  constructor(ctx: RoomContext<RecordingEvent>, control: RecordingControl, autoRecord: AutoRecordSetting = () => Promise.resolve(false), keepChat?: ChatKeeper) {
    this.#ctx = ctx;
    this.#control = control;
    this.#autoRecord = autoRecord;
    this.#keepChat = keepChat;
  }

  /**
   * A chat message sent while recording, in the main room (breakout groups are not recorded),
   * is kept with the recording. Called on the room's queue, so a message is kept exactly when it
   * was sent between the recording's start and stop as everyone saw them. A failed write is
   * logged: the lesson goes on, the message was delivered.
   */
  chatSent(entry: ChatEntry): void {
    const s = this.#state;
    if (s.kind !== 'recording' || entry.groupId !== '' || !this.#keepChat) return;
    const userId = this.#ctx.presence.get(entry.participantId)?.userId ?? entry.participantId;
    this.#keepChat({ recordingId: s.recordingId, userId, displayName: entry.displayName, text: entry.text, sentAt: entry.sentAtMs }).catch((err: unknown) =>
      this.#log.warn({ err }, 'recording: a chat message could not be kept with the recording'),
    );
  }

  /**
   * A participant's media was published (signaling's produce). When the school records every
   * lesson (R17) and this is the first teacher media of the room, recording starts as if that
   * teacher had pressed the button; the teacher can still stop it. Never rejects: a recorder
   * that cannot start is logged and the lesson goes on (students were told before entering
   * that the lesson may be recorded, R21).
   */
  async mediaPublished(participantId: string): Promise<void> {
    if (this.#autoConsidered || this.#ctx.presence.get(participantId)?.role !== 'teacher') return;
    this.#autoConsidered = true;
    try {
      if (!(await this.#autoRecord(this.#ctx.lesson.id)) || this.#ctx.closed || this.#state.kind !== 'idle') return;
      await this.start(participantId);
    } catch (err) {
      if (!(err instanceof ConflictError)) this.#log.warn({ err }, 'recording: automatic start failed');
    }
  }

  get #log(): Logger {
    return this.#ctx.logger;
  }

  /** Teacher only. Resolves once recording runs; a ConflictError when it already does. */
  async start(actorId: string): Promise<void> {
    await this.#ctx.run(() => {
      this.#ctx.presence.requireTeacher(actorId, 'record the lesson');
      if (this.#state.kind !== 'idle') throw new ConflictError('The lesson is already being recorded', 'CONFLICT');
      this.#state = { kind: 'starting' };
    });
    let started: { recordingId: string; startedAtMs: number };
    try {
      started = await this.#control.start({
        lessonId: this.#ctx.lesson.id,
        startedBy: this.#ctx.presence.get(actorId)?.userId ?? actorId,
        isTeacher: (participantId) => this.#ctx.presence.get(participantId)?.role === 'teacher',
        onFailed: (reason) => void this.#failed(reason),
      });
    } catch (err) {
      await this.#ctx.run(() => {
        this.#state = { kind: 'idle' };
      }).catch(() => undefined);
      throw err;
    }
    if (this.#ctx.closed) {
      await this.#control.stop(started.recordingId);
      return;
    }
    await this.#ctx.run(() => {
      this.#state = { kind: 'recording', ...started };
      this.#failure = null;
      this.#told();
    });
  }

  /** Teacher only. A no-op when not recording. */
  async stop(actorId: string): Promise<void> {
    const recordingId = await this.#ctx.run(() => {
      this.#ctx.presence.requireTeacher(actorId, 'stop the recording');
      if (this.#state.kind !== 'recording') return null;
      const id = this.#state.recordingId;
      this.#state = { kind: 'stopping' };
      return id;
    });
    if (recordingId === null) return;
    try {
      await this.#control.stop(recordingId);
    } finally {
      if (!this.#ctx.closed) {
        await this.#ctx.run(() => {
          this.#state = { kind: 'idle' };
          this.#told();
        });
      }
    }
  }

  status(): RecordingStatus {
    const s = this.#state;
    return { recording: s.kind === 'recording', startedAtMs: s.kind === 'recording' ? s.startedAtMs : 0, failure: this.#failure };
  }

  snapshotFor(): RecordingStatus {
    return this.status();
  }

  lessonEnded(): void {
    this.#stopQuietly();
  }

  roomClosed(): void {
    this.#stopQuietly();
  }

  #stopQuietly(): void {
    const s = this.#state;
    this.#state = { kind: 'idle' };
    if (s.kind === 'recording') {
      this.#control.stop(s.recordingId).catch((err: unknown) => this.#log.warn({ err }, 'recording: stop at the end of the lesson failed'));
    }
  }

  async #failed(reason: RecordingFailure): Promise<void> {
    if (this.#ctx.closed) return;
    await this.#ctx
      .run(() => {
        if (this.#state.kind !== 'recording') return;
        this.#state = { kind: 'idle' };
        this.#failure = reason;
        this.#told();
      })
      .catch(() => undefined); // the room closed meanwhile: nobody left to tell
  }

  #told(): void {
    this.#ctx.tell(EVERYONE, { type: 'recordingUpdated', status: this.status() });
  }
}
