/**
 * This node's side of crash-safe attendance (issue 13.3): it records each lesson it opens
 * (closing first what a crashed previous host left open), marks its lessons alive every
 * `intervalMs`, forgets a lesson once it closed it cleanly, and sweeps the lessons of hosts that
 * stopped marking. A crash thus costs at most one interval of presence, never hours of it.
 */
import type { PresenceRecovery } from '../../classroom/index.js';
import type { Clock, Logger } from '../../platform/index.js';

export interface AttendanceLivenessOptions {
  /** This process's node id (unique per run). */
  nodeId: string;
  /** Between two liveness marks. A host not marked for 3 intervals is taken as dead. */
  intervalMs: number;
}

export class AttendanceLiveness {
  readonly #recovery: PresenceRecovery;
  readonly #options: AttendanceLivenessOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #flushed: () => Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;

  /** `flushed`: resolves once every attendance fact recorded so far is stored. */
  constructor(recovery: PresenceRecovery, flushed: () => Promise<void>, options: AttendanceLivenessOptions, deps: { clock: Clock; logger: Logger }) {
    this.#recovery = recovery;
    this.#flushed = flushed;
    this.#options = options;
    this.#clock = deps.clock;
    this.#logger = deps.logger.child({ module: 'liveness' });
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.#options.intervalMs);
    this.#timer.unref();
    void this.tick();
  }

  /** Stops marking (the server is shutting down). Safe twice. */
  close(): void {
    clearInterval(this.#timer);
  }

  /** Before a lesson takes participants on this node: record it as ours, closing a dead host's presences. */
  async lessonOpening(lessonId: string): Promise<void> {
    const closed = await this.#recovery.takeOver(lessonId, this.#options.nodeId, this.#clock.now());
    if (closed > 0) this.#logger.warn({ lessonId, events: closed }, 'closed the presences a crashed host left open');
  }

  /** After a lesson closed here: once its last facts are stored, it is no longer ours to vouch for. */
  async lessonClosed(lessonId: string): Promise<void> {
    await this.#flushed();
    await this.#recovery.released(lessonId, this.#options.nodeId);
  }

  /** One mark, then one sweep. Overlapping ticks are skipped (a slow database). */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const now = this.#clock.now();
      await this.#recovery.markAlive(this.#options.nodeId, now);
      const recovered = await this.#recovery.sweep(now - 3 * this.#options.intervalMs);
      if (recovered.length > 0) this.#logger.warn({ lessons: recovered }, 'closed the presences of lessons whose host stopped');
    } catch (err) {
      this.#logger.warn({ err }, 'liveness mark failed');
    } finally {
      this.#ticking = false;
    }
  }
}
