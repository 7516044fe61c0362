/**
 * The recorder of this server (RecordingControl for classroom/recording): starts a LessonRecording
 * on the lesson's main media room, keeps the store in step with its segments, and, when a
 * recording ends (stopped, failed, or found open after a crash), queues its post-processing.
 *
 * What is recorded (issue 9): the teachers' cameras, every microphone (a student's is paused in
 * the SFU unless allowed to speak, so it sends nothing then) and any screen share. Breakout
 * groups are not recorded: only the main room.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingControl, RecordingFailure, RecordingStore } from '../../../classroom/index.js';
import { Counter, Gauge, newId, type Clock, type Logger, type Registry } from '../../../platform/index.js';
import { LessonRecording, type RecordedSegment } from '../../../recorder/index.js';
import type { MediaEngine } from '../../../sfu/index.js';
import { recordableRoom } from './recordableRoom.js';

export interface RecordingsOptions {
  /** Folder under which each recording gets its own folder of segments. */
  directory: string;
  /** Default "ffmpeg". */
  ffmpegPath?: string;
  /** Recording stops ('disk_full') under this much free space. Default 200 MiB. */
  minFreeBytes?: number;
}

export interface RecordingsDeps {
  store: RecordingStore;
  engine: MediaEngine;
  clock: Clock;
  logger: Logger;
  registry: Registry;
  /** Called when a recording ended and its segments are final (post-processing queue). */
  ended(recordingId: string): Promise<void>;
}

export class Recordings implements RecordingControl {
  readonly #options: RecordingsOptions;
  readonly #deps: RecordingsDeps;
  readonly #active = new Map<string, { recording: LessonRecording; writes: Promise<void> }>();
  readonly #failures: Counter<string>;
  readonly #activeGauge: Gauge<string>;
  #closed = false;

  constructor(options: RecordingsOptions, deps: RecordingsDeps) {
    this.#options = options;
    this.#deps = deps;
    this.#failures = new Counter({
      name: 'classroom_recording_failures_total',
      help: 'Recordings that stopped by themselves (alert on any increase), by reason',
      labelNames: ['reason'],
      registers: [deps.registry],
    });
    for (const reason of ['recorder_died', 'disk_full', 'interrupted']) this.#failures.inc({ reason }, 0);
    this.#activeGauge = new Gauge({ name: 'classroom_recording_active', help: 'Recordings running on this node', registers: [deps.registry] });
  }

  async start(request: Parameters<RecordingControl['start']>[0]): Promise<{ recordingId: string; startedAtMs: number }> {
    if (this.#closed) throw new Error('the recorder is shutting down');
    const id = newId('rec');
    const startedAtMs = this.#deps.clock.now();
    await this.#deps.store.createRecording({
      id, lessonId: request.lessonId, startedBy: request.startedBy, state: 'recording', failure: null, directory: id,
      startedAt: startedAtMs, stoppedAt: null, published: false, hold: false, videoBlob: null, durationMs: null,
    });
    let recording: LessonRecording;
    try {
      recording = await LessonRecording.start(
        {
          id,
          directory: join(this.#options.directory, id),
          room: recordableRoom(this.#deps.engine, request.lessonId),
          select: (s) => s.label === 'microphone' || s.label === 'screen' || (s.label === 'camera' && request.isTeacher(s.peerId)),
          ffmpegPath: this.#options.ffmpegPath ?? 'ffmpeg',
          ...(this.#options.minFreeBytes !== undefined ? { minFreeBytes: this.#options.minFreeBytes } : {}),
        },
        this.#deps.logger.child({ recording: id, lesson: request.lessonId }),
      );
    } catch (err) {
      const reason: RecordingFailure = (err as { reason?: string }).reason === 'disk_full' ? 'disk_full' : 'recorder_died';
      this.#failures.inc({ reason });
      await this.#deps.store.finishRecording(id, 'failed', reason, this.#deps.clock.now());
      throw Object.assign(new Error(reason === 'disk_full' ? 'Not enough disk space to record' : 'The recorder could not start'), { cause: err });
    }
    const entry = { recording, writes: Promise.resolve() };
    const write = (what: string, fn: () => Promise<void>): void => {
      entry.writes = entry.writes.then(fn).catch((err: unknown) => this.#deps.logger.error({ err, recording: id }, `recording: ${what} not stored`));
    };
    recording.on('segmentStarted', (s) => write('segment start', () => this.#deps.store.saveSegment(toStored(id, s))));
    recording.on('segmentEnded', (s) => write('segment end', () => this.#deps.store.endSegment(id, s.id, s.endedAt ?? this.#deps.clock.now(), s.bytes ?? 0)));
    // Segments started before the listeners were attached (LessonRecording.start taps at once).
    for (const s of recording.segments()) write('segment start', () => this.#deps.store.saveSegment(toStored(id, s)));
    recording.on('failed', (reason) => {
      this.#failures.inc({ reason });
      void this.#finish(id, 'failed', reason).then(() => request.onFailed(reason));
    });
    this.#active.set(id, entry);
    this.#activeGauge.set(this.#active.size);
    return { recordingId: id, startedAtMs };
  }

  async stop(recordingId: string): Promise<void> {
    const entry = this.#active.get(recordingId);
    if (!entry) return;
    await entry.recording.stop();
    await this.#finish(recordingId, 'stopped', null);
  }

  /**
   * Recordings left open by a crash ('interrupted'): their segments are ended as they are on disk
   * (a segment's end is its file's last write: the recorder writes every 250 ms), the recording
   * ends when its last segment did — at the crash, not at this restart — and it is post-processed.
   */
  async recover(): Promise<number> {
    const open = await this.#deps.store.openRecordings();
    for (const r of open) {
      let endedAt = r.startedAt;
      for (const s of await this.#deps.store.segments(r.id)) {
        if (s.endedAt === null) {
          const st = await stat(join(this.#options.directory, r.directory, s.file)).catch(() => undefined);
          s.endedAt = st ? Math.max(s.startedAt, Math.round(st.mtimeMs)) : s.startedAt;
          await this.#deps.store.endSegment(r.id, s.id, s.endedAt, st?.size ?? 0);
        }
        endedAt = Math.max(endedAt, s.endedAt);
      }
      await this.#deps.store.finishRecording(r.id, 'failed', 'interrupted', endedAt);
      this.#failures.inc({ reason: 'interrupted' });
      await this.#deps.ended(r.id);
    }
    return open.length;
  }

  /** Server shutdown: every running recording is stopped (its files finished) and queued. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#active.keys()].map((id) => this.stop(id)));
  }

  async #finish(id: string, state: 'stopped' | 'failed', failure: string | null): Promise<void> {
    const entry = this.#active.get(id);
    if (!entry) return;
    this.#active.delete(id);
    this.#activeGauge.set(this.#active.size);
    await entry.writes;
    await this.#deps.store.finishRecording(id, state, failure, this.#deps.clock.now());
    await this.#deps.ended(id).catch((err: unknown) => this.#deps.logger.error({ err, recording: id }, 'recording: post-processing not queued'));
  }
}

function toStored(recordingId: string, s: RecordedSegment) {
  return { recordingId, id: s.id, peerId: s.peerId, label: s.label, kind: s.kind, file: s.file, startedAt: s.startedAt, endedAt: s.endedAt ?? null, bytes: s.bytes ?? null };
}
