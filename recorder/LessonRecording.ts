/**
 * One recording of one media room (see RecorderTypes.ts): keeps one recorder process per selected
 * stream, following the room as it changes. Every change of the set of writers goes through one
 * serial queue (conventions §12); after each await a task re-checks `closed` (§3).
 *
 * Failures: a recorder process that dies, or free disk under `minFreeBytes`, stops the whole
 * recording ('failed'): what was written stays playable, and the lesson is not touched.
 */
import { mkdir, statfs } from 'node:fs/promises';
import { ClosedError, SerialQueue, TypedEmitter, type Logger } from '../platform/index.js';
import type {
  RecordedKind,
  TapDescription,
  LessonRecordingApi,
  LessonRecordingEvents,
  LessonRecordingOptions,
  RecordableStream,
  RecordableTap,
  RecordedSegment,
  RecordingFailure,
} from './RecorderTypes.js';
import { freePortPair, SegmentWriter } from './SegmentWriter.js';
import { tapSdp } from './sdp.js';

interface Active {
  segment: RecordedSegment;
  tap: RecordableTap;
  writer: SegmentWriter;
}

/**
 * A writer started ahead for the next new stream of a kind (a screen share, a camera or a
 * microphone turned on): ffmpeg listening on its port with the SDP of the codec the last tap of
 * that kind had. Starting ffmpeg took 0.4–2 s on a loaded 2-core box (5 s at load 22), all of it
 * on the new stream's critical path: its first seconds were lost. An idle spare costs no CPU
 * (blocked in recv) and one process per kind per recording.
 */
interface Spare {
  name: string;
  port: number;
  /** The SDP it was started with: a tap whose own SDP differs (another codec) cannot use it. */
  sdp: string;
  writer: SegmentWriter;
}

/** After start() (which brings the first key frame), one more request in case that one was lost. */
const KEYFRAME_REQUESTS_MS = [1500];

const keyOf = (s: { peerId: string; label: string }): string => JSON.stringify([s.peerId, s.label]);

/** Free bytes for an unprivileged writer on the file system of `directory`. */
export async function freeBytes(directory: string): Promise<number> {
  const s = await statfs(directory);
  return s.bavail * s.bsize;
}

export class LessonRecording extends TypedEmitter<LessonRecordingEvents> implements LessonRecordingApi {
  readonly id: string;
  readonly #options: Required<Omit<LessonRecordingOptions, 'room' | 'select'>> & Pick<LessonRecordingOptions, 'room' | 'select'>;
  readonly #log: Logger;
  readonly #queue: SerialQueue;
  readonly #active = new Map<string, Active>();
  readonly #segments: RecordedSegment[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #spares = new Map<RecordedKind, Spare>();
  readonly #sparing = new Set<RecordedKind>();
  /** The last tap of each kind: the codec a spare of that kind listens for. */
  readonly #lastTaps = new Map<RecordedKind, TapDescription>();
  #unsubscribe: () => void = () => undefined;
  #diskTimer: NodeJS.Timeout | undefined;
  #seq = 0;
  #closed = false;
  #stopped: Promise<RecordedSegment[]> | undefined;

  private constructor(options: LessonRecordingOptions, log: Logger) {
    super((event, error) => log.error({ err: error, event }, 'recording listener threw'));
    this.id = options.id;
    this.#options = { ffmpegPath: 'ffmpeg', minFreeBytes: 200 * 1024 * 1024, diskCheckMs: 2000, ...options };
    this.#log = log;
    this.#queue = new SerialQueue(`recording ${options.id}`);
  }

  /**
   * Starts recording: creates the directory, checks free space (rejects with an Error whose
   * `reason` is 'disk_full' when short), and taps every selected stream published now.
   */
  static async start(options: LessonRecordingOptions, log: Logger): Promise<LessonRecording> {
    const r = new LessonRecording(options, log);
    await mkdir(options.directory, { recursive: true });
    if ((await freeBytes(options.directory)) < r.#options.minFreeBytes) {
      throw Object.assign(new Error('not enough free disk space to record'), { reason: 'disk_full' as const });
    }
    r.#unsubscribe = options.room.onStreamsChanged(() => r.#reconcile());
    r.#diskTimer = setInterval(() => void r.#checkDisk(), r.#options.diskCheckMs);
    r.#diskTimer.unref();
    await r.#reconcile();
    return r;
  }

  get closed(): boolean {
    return this.#closed;
  }

  segments(): RecordedSegment[] {
    return this.#segments.map((s) => ({ ...s }));
  }

  stop(): Promise<RecordedSegment[]> {
    this.#stopped ??= this.#shutdown().then(() => this.segments());
    return this.#stopped;
  }

  // ---- internals ----

  #reconcile(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#queue
      .push(async () => {
        const wanted = new Map(this.#options.room.streams().filter((s) => this.#options.select(s)).map((s) => [keyOf(s), s]));
        for (const [key] of this.#active) if (!wanted.has(key)) await this.#end(key);
        for (const [key, stream] of wanted) {
          if (this.#closed) return;
          if (!this.#active.has(key)) await this.#begin(key, stream);
        }
        // Once the streams there are recorded (spares starting beside them would slow their
        // writers' start), and off the queue: the next change must not wait for a spare.
        for (const description of this.#lastTaps.values()) void this.#prepareSpare(description);
      })
      .catch((err: unknown) => {
        if (!(err instanceof ClosedError)) this.#log.warn({ err, recording: this.id }, 'recording: following the room failed');
      });
  }

  async #begin(key: string, stream: RecordableStream): Promise<void> {
    const spare = this.#spares.get(stream.kind);
    this.#spares.delete(stream.kind);
    const port = spare?.port ?? (await freePortPair());
    let tap: RecordableTap;
    try {
      tap = await this.#options.room.tap(stream, port);
    } catch (err) {
      // Unpublished meanwhile, or the room is being re-created: the next change brings it back.
      this.#log.info({ err, recording: this.id, stream: key }, 'recording: stream could not be tapped');
      if (spare) this.#keepSpare(stream.kind, spare);
      return;
    }
    let writer: SegmentWriter;
    let name: string;
    if (spare && tapSdp(tap, spare.port) === spare.sdp) {
      writer = spare.writer;
      name = spare.name;
    } else {
      await spare?.writer.discard(); // another codec: its port is taken again below
      name = `${String(++this.#seq).padStart(4, '0')}-${stream.kind}-${stream.label.replace(/[^a-z0-9]/gi, '').slice(0, 16)}`;
      try {
        writer = await SegmentWriter.start({ ffmpegPath: this.#options.ffmpegPath, directory: this.#options.directory, name, port, tap, log: this.#log });
      } catch (err) {
        tap.close();
        this.#fail('recorder_died', err instanceof Error ? err.message : String(err));
        return;
      }
    }
    const segment: RecordedSegment = { id: name, peerId: stream.peerId, label: stream.label, kind: stream.kind, file: `${name}.mkv`, startedAt: Date.now() };
    if (this.#closed) {
      tap.close();
      await writer.stop();
      return;
    }
    const active: Active = { segment, tap, writer };
    this.#active.set(key, active);
    this.#segments.push(segment);
    writer.on('died', (detail, diskFull) => this.#fail(diskFull ? 'disk_full' : 'recorder_died', detail));
    tap.onEnded((reason) => {
      this.#log.info({ recording: this.id, stream: key, reason }, 'recording: tapped stream ended');
      if (this.#active.get(key) !== active) return;
      void this.#queue.push(() => (this.#active.get(key) === active ? this.#end(key) : undefined)).catch(() => undefined);
      void this.#reconcile();
    });
    // Only now that ffmpeg listens: resuming the tap asks the sender for a key frame at once
    // (mediasoup requests one when a video consumer resumes), so its first packets are one.
    await tap.start();
    if (this.#closed || this.#active.get(key) !== active) return; // stopped or ended meanwhile
    for (const ms of KEYFRAME_REQUESTS_MS) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        void tap.requestKeyFrame().catch(() => undefined);
      }, ms);
      this.#timers.add(t);
    }
    this.safeEmit('segmentStarted', { ...segment });
    this.#lastTaps.set(tap.kind, { kind: tap.kind, codec: tap.codec });
  }

  /** Starts a writer ahead for the next new stream of `description.kind` (Spare), unless one is there or coming. */
  async #prepareSpare(description: TapDescription): Promise<void> {
    const kind = description.kind;
    if (this.#closed || this.#spares.has(kind) || this.#sparing.has(kind)) return;
    this.#sparing.add(kind);
    try {
      // Named before its stream is known: "<seq>-<kind>" (the segment row keeps peer and label).
      const name = `${String(++this.#seq).padStart(4, '0')}-${kind}`;
      const port = await freePortPair();
      const writer = await SegmentWriter.start({ ffmpegPath: this.#options.ffmpegPath, directory: this.#options.directory, name, port, tap: description, log: this.#log });
      this.#keepSpare(kind, { name, port, sdp: tapSdp(description, port), writer });
    } catch (err) {
      this.#log.warn({ err, recording: this.id, kind }, 'recording: a writer could not be started ahead');
    } finally {
      this.#sparing.delete(kind);
    }
  }

  #keepSpare(kind: RecordedKind, spare: Spare): void {
    if (this.#closed || this.#spares.has(kind)) {
      void spare.writer.discard();
      return;
    }
    this.#spares.set(kind, spare);
    spare.writer.on('died', (detail) => {
      if (this.#spares.get(kind) !== spare) return; // in use by then: the segment's listener reports it
      this.#spares.delete(kind);
      this.#log.warn({ recording: this.id, kind, detail }, 'recording: a writer started ahead died; the next stream starts its own');
    });
  }

  async #end(key: string): Promise<void> {
    const active = this.#active.get(key);
    if (!active) return;
    this.#active.delete(key);
    // The writer first, while packets still flow (ffmpeg reacts to SIGINT between packets).
    active.segment.bytes = await active.writer.stop();
    active.tap.close();
    active.segment.endedAt = Date.now();
    this.safeEmit('segmentEnded', { ...active.segment });
  }

  async #checkDisk(): Promise<void> {
    if (this.#closed) return;
    const free = await freeBytes(this.#options.directory).catch(() => Infinity);
    if (free < this.#options.minFreeBytes) this.#fail('disk_full', `${free} bytes free, under ${this.#options.minFreeBytes}`);
  }

  #fail(reason: RecordingFailure, detail: string): void {
    if (this.#closed) return;
    this.#log.error({ recording: this.id, reason, detail }, 'recording stopped by itself');
    void this.stop().then(() => this.safeEmit('failed', reason, detail));
  }

  async #shutdown(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    clearInterval(this.#diskTimer);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    // Writers end in parallel: each takes up to a second to finish its file.
    const spares = [...this.#spares.values()];
    this.#spares.clear();
    await Promise.all([...[...this.#active.keys()].map((key) => this.#end(key)), ...spares.map((s) => s.writer.discard())]);
    this.#queue.close();
  }
}
