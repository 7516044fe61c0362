/**
 * The post-processing queue: each ended recording becomes one job (segments → one MP4, see
 * recorder/compose.ts) kept in the store, so that a restart resumes it (jobs left running go back
 * to the queue at start). At most `concurrency` jobs run at once on this node (default: one per
 * core), each ffmpeg on one thread and niced, so live lessons keep the CPU they need. A failed job
 * keeps its error and can be retried.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { MediaJob, RecordingStore } from '../../../classroom/index.js';
import { ConflictError, Counter, NotFoundError, newId, type BlobStore, type Clock, type Logger, type Registry } from '../../../platform/index.js';
import { compose, probeSegment, type ComposeSegment } from '../../../recorder/index.js';

export interface MediaJobsOptions {
  /** The recordings folder (as Recordings). */
  directory: string;
  /** Jobs at once on this node. Default: the number of cores. */
  concurrency?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Default 10. */
  niceness?: number;
  /** How often the queue is looked at for jobs queued elsewhere. Default 5000 ms. */
  pollMs?: number;
}

export interface MediaJobsDeps {
  store: RecordingStore;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  registry: Registry;
}

/** A recording's MP4 may be large: 4 GiB covers a long lesson at the composition's bitrate. */
const MAX_VIDEO_BYTES = 4 * 1024 ** 3;
const PROGRESS_WRITE_MS = 1000;

export class MediaJobs {
  readonly #options: Required<MediaJobsOptions>;
  readonly #deps: MediaJobsDeps;
  readonly #running = new Map<string, AbortController>();
  readonly #failed: Counter<string>;
  #timer: NodeJS.Timeout | undefined;
  #kicking: Promise<void> | undefined;
  #kickAgain = false;
  /**
   * No job is taken before start(): start() first puts back the jobs a stopped process left
   * 'running', and a job claimed before that (one queued by the recovery of recordings a crash
   * left open) would be put back while it runs and then run twice at once, on the same file.
   */
  #started = false;
  #closed = false;

  constructor(options: MediaJobsOptions, deps: MediaJobsDeps) {
    this.#options = { concurrency: availableParallelism(), ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe', niceness: 10, pollMs: 5000, ...options };
    this.#deps = deps;
    this.#failed = new Counter({ name: 'classroom_recording_jobs_failed_total', help: 'Post-processing jobs of recordings that failed', registers: [deps.registry] });
  }

  /** Puts jobs a stopped process left running back in the queue, and starts taking jobs. */
  async start(): Promise<void> {
    const requeued = await this.#deps.store.requeueRunning(this.#deps.clock.now());
    if (requeued > 0) this.#deps.logger.info({ requeued }, 'recording jobs: resumed after a restart');
    this.#started = true;
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs);
    this.#timer.unref();
    this.kick();
  }

  /** Queues the post-processing of a recording that ended (taken once the queue has started). */
  async enqueue(recordingId: string): Promise<MediaJob> {
    const now = this.#deps.clock.now();
    const job: MediaJob = { id: newId('job'), recordingId, state: 'queued', attempts: 0, progress: 0, etaMs: null, error: null, createdAt: now, updatedAt: now };
    await this.#deps.store.enqueueJob(job);
    this.kick();
    return job;
  }

  /** A failed job goes back to the queue. ConflictError for a job that did not fail. */
  async retry(jobId: string): Promise<void> {
    const job = await this.#deps.store.job(jobId);
    if (!job) throw new NotFoundError('No such job');
    if (job.state !== 'failed') throw new ConflictError('Only a failed job can be retried');
    await this.#deps.store.updateJob(jobId, { state: 'queued', progress: 0, etaMs: null, error: null }, this.#deps.clock.now());
    this.kick();
  }

  /** Takes queued jobs while there is room. */
  kick(): void {
    if (this.#closed || !this.#started) return;
    // A job queued while a look at the queue is under way (it may have found the queue empty
    // just before) is picked up by one more look, not left to the next poll.
    if (this.#kicking) {
      this.#kickAgain = true;
      return;
    }
    this.#kickAgain = false;
    this.#kicking = (async () => {
      while (!this.#closed && this.#running.size < this.#options.concurrency) {
        const job = await this.#deps.store.claimJob(this.#deps.clock.now());
        if (!job) break;
        void this.#run(job);
      }
    })()
      .catch((err: unknown) => this.#deps.logger.error({ err }, 'recording jobs: claiming failed'))
      .finally(() => {
        this.#kicking = undefined;
        if (this.#kickAgain) this.kick();
      });
  }

  /** Stops taking jobs; running ones are stopped and go back to the queue at the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const c of this.#running.values()) c.abort();
    await this.#kicking;
  }

  async #run(job: MediaJob): Promise<void> {
    const abort = new AbortController();
    this.#running.set(job.id, abort);
    const log = this.#deps.logger.child({ job: job.id, recording: job.recordingId });
    const out = join(this.#options.directory, `${job.id}.mp4`);
    try {
      const rec = await this.#deps.store.recording(job.recordingId);
      if (!rec) throw new Error('the recording is gone');
      const segments = await this.#segments(rec.directory, job.recordingId);
      let lastWrite = 0;
      const plan = await compose(segments, out, {
        ffmpegPath: this.#options.ffmpegPath,
        ffprobePath: this.#options.ffprobePath,
        niceness: this.#options.niceness,
        signal: abort.signal,
        onProgress: (fraction, etaMs) => {
          const now = this.#deps.clock.now();
          if (now - lastWrite < PROGRESS_WRITE_MS || fraction >= 1) return;
          lastWrite = now;
          void this.#deps.store.updateJob(job.id, { progress: fraction, etaMs }, now).catch(() => undefined);
        },
      });
      const info = await this.#deps.blobs.put(createReadStream(out), { area: 'recordings', maxBytes: MAX_VIDEO_BYTES, contentType: 'video/mp4', signal: abort.signal });
      await this.#deps.store.setVideo(rec.id, info.key, Math.round(plan.durationSec * 1000));
      await this.#deps.store.updateJob(job.id, { state: 'done', progress: 1, etaMs: 0 }, this.#deps.clock.now());
      log.info({ blob: info.key, bytes: info.size, durationSec: plan.durationSec }, 'recording: video made');
    } catch (err) {
      if (this.#closed) {
        log.info('recording job stopped by shutdown; it resumes at the next start');
      } else if (err instanceof NothingRecorded) {
        // A recording started and stopped with no media (no camera, microphone or share came
        // through): the teacher is told in the job's state; not a fault to alert operators on.
        log.warn('recording job: nothing playable was recorded');
        await this.#deps.store.updateJob(job.id, { state: 'failed', etaMs: null, error: err.message }, this.#deps.clock.now()).catch(() => undefined);
      } else {
        this.#failed.inc();
        log.error({ err }, 'recording job failed');
        const error = err instanceof Error ? err.message.slice(0, 500) : 'failed';
        await this.#deps.store.updateJob(job.id, { state: 'failed', etaMs: null, error }, this.#deps.clock.now()).catch(() => undefined);
      }
    } finally {
      await rm(out, { force: true }).catch(() => undefined);
      await rm(`${out}.chapters.txt`, { force: true }).catch(() => undefined);
      this.#running.delete(job.id);
      this.kick();
    }
  }

  async #segments(directory: string, recordingId: string): Promise<ComposeSegment[]> {
    const out: ComposeSegment[] = [];
    for (const s of await this.#deps.store.segments(recordingId)) {
      const file = join(this.#options.directory, directory, s.file);
      if (!(await stat(file).catch(() => undefined))?.size) continue;
      const probed = await probeSegment(file, this.#options.ffprobePath);
      if (probed) out.push({ file, kind: s.kind, label: s.label, startSec: probed.startSec, durationSec: probed.durationSec });
    }
    if (out.length === 0) throw new NothingRecorded();
    return out;
  }
}

class NothingRecorded extends Error {
  constructor() {
    super('nothing playable was recorded');
  }
}
