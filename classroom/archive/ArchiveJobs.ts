/**
 * The archive's background queue: each requested bundle is one job kept in the store (the same
 * pattern as the recordings' post-processing queue, signaling/features/recording/MediaJobs.ts: a
 * restart puts jobs left running back in the queue, a claim is atomic, so several nodes share
 * the queue). One bundle at a time on a node: building one is disk and database work that must
 * not crowd live lessons. The zip streams into the blob store; nothing is held whole in memory.
 */
import { loadActor } from '../authz/index.js';
import { Counter, type BlobStore, type Clock, type Logger, type Registry } from '../../platform/index.js';
import type { AssessmentResults } from '../assessment/index.js';
import type { AttendanceService } from '../attendance/index.js';
import type { Storage } from '../store/index.js';
import type { ArchiveJob } from './ArchiveTypes.js';
import { bundleEntries } from './bundleContents.js';
import { ByteProgress } from './byteProgress.js';
import { zipBundle } from './zipBundle.js';

export interface ArchiveJobsDeps {
  storage: Storage;
  blobs: BlobStore;
  attendance: AttendanceService;
  results: AssessmentResults;
  clock: Clock;
  logger: Logger;
  registry: Registry;
}

export interface ArchiveJobsOptions {
  /** How often the queue is looked at for jobs queued elsewhere. Default 5000 ms. */
  pollMs?: number;
  /** Largest bundle kept. Default 64 GiB (a term of recorded lessons of one class). */
  maxBytes?: number;
}

const PROGRESS_WRITE_MS = 1000;

export class ArchiveJobs {
  readonly #deps: ArchiveJobsDeps;
  readonly #options: Required<ArchiveJobsOptions>;
  readonly #failed: Counter<string>;
  #running: AbortController | undefined;
  #current: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #kicking = false;
  #closed = false;

  constructor(deps: ArchiveJobsDeps, options: ArchiveJobsOptions = {}) {
    this.#deps = deps;
    this.#options = { pollMs: 5000, maxBytes: 64 * 1024 ** 3, ...options };
    this.#failed = new Counter({ name: 'classroom_archive_jobs_failed_total', help: 'Archive bundles whose building failed', registers: [deps.registry] });
  }

  /** Puts jobs a stopped process left running back in the queue, and starts taking jobs. */
  async start(): Promise<void> {
    const requeued = await this.#deps.storage.archive.requeueRunning(this.#deps.clock.now());
    if (requeued > 0) this.#deps.logger.info({ requeued }, 'archive jobs: resumed after a restart');
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs);
    this.#timer.unref();
    this.kick();
  }

  /** Takes the next queued job unless one is running. */
  kick(): void {
    if (this.#closed || this.#kicking || this.#running) return;
    this.#kicking = true;
    this.#deps.storage.archive
      .claimJob(this.#deps.clock.now())
      .then((job) => {
        if (job && !this.#closed) this.#current = this.#run(job);
      })
      .catch((err: unknown) => this.#deps.logger.error({ err }, 'archive jobs: claiming failed'))
      .finally(() => (this.#kicking = false));
  }

  /** Stops taking jobs; a running one is stopped and goes back to the queue at the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#running?.abort();
    await this.#current;
  }

  /** Resolves when no job is running (tests). */
  async idle(): Promise<void> {
    await this.#current;
  }

  async #run(job: ArchiveJob): Promise<void> {
    const abort = new AbortController();
    this.#running = abort;
    const log = this.#deps.logger.child({ archiveJob: job.id });
    const { storage, clock } = this.#deps;
    try {
      // The requester's rights are checked again now: one who lost them gets no bundle.
      const account = await storage.accounts.get(job.requestedBy);
      if (!account || account.disabled) throw new Error('the account that asked for this bundle is gone');
      const actor = await loadActor(storage.schools, account);
      const entries = await bundleEntries(job, actor, { stores: storage, attendance: this.#deps.attendance, results: this.#deps.results, blobs: this.#deps.blobs });
      const cls = await storage.schools.getClass(job.classId);
      const bytes = new ByteProgress(entries, clock.now());
      let lastWrite = 0;
      const write = () => {
        const now = clock.now();
        if (now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        void storage.archive.updateJob(job.id, bytes.snapshot(now), now).catch(() => undefined);
      };
      const { zip, manifest } = zipBundle(
        entries,
        { school: job.schoolId, class: cls?.name ?? job.classId, classId: job.classId, from: new Date(job.from).toISOString(), to: new Date(job.to).toISOString(), label: job.label, requestedBy: job.requestedBy, job: job.id },
        {
          now: new Date(clock.now()),
          signal: abort.signal,
          // By bytes (ByteProgress: 0.99 at most until the zip is stored), written at most once a second.
          onBytes: (n, entry) => {
            bytes.add(n, entry);
            write();
          },
        },
      );
      const stored = this.#deps.blobs.put(zip, { area: 'archives', maxBytes: this.#options.maxBytes, contentType: 'application/zip', signal: abort.signal });
      // Either failing stops the other: a store that refuses leaves the zipping waiting otherwise.
      stored.catch(() => abort.abort());
      const [info, m] = await Promise.all([stored, manifest]);
      const end = bytes.snapshot(clock.now());
      await storage.archive.updateJob(job.id, { state: 'done', progress: 1, doneBytes: end.doneBytes, totalBytes: end.totalBytes, etaMs: null, blobKey: info.key, bytes: info.size }, clock.now());
      log.info({ blob: info.key, bytes: info.size, files: m.files.length }, 'archive: bundle built');
    } catch (err) {
      abort.abort();
      if (this.#closed) {
        log.info('archive job stopped by shutdown; it resumes at the next start');
      } else {
        this.#failed.inc();
        log.error({ err }, 'archive job failed');
        const error = err instanceof Error ? err.message.slice(0, 500) : 'failed';
        await storage.archive.updateJob(job.id, { state: 'failed', etaMs: null, error }, clock.now()).catch(() => undefined);
      }
    } finally {
      this.#running = undefined;
      this.#current = undefined;
      this.kick();
    }
  }
}
