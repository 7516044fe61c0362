/**
 * The lessons running on this node: get-or-create through a single flight per lesson
 * (conventions §12), closing rooms nobody is in, ending lessons. A lesson whose room is closing
 * here opens again only once that close is over (its kept state written, its attendance closed,
 * its lease released), and a caller is never handed a room that closed while it waited (§3).
 */
import {
  LessonRoom,
  NOTHING_KEPT,
  type KeptLessonState,
  type LessonActivity,
  type LessonCatalog,
  type LessonStateStore,
  type LiveFeatureFactory,
  type RoomDecisionStore,
} from '../../classroom/index.js';
import { ConflictError, NotFoundError, SingleFlight, UnavailableError, type Clock, type Logger } from '../../platform/index.js';
import type { MediaEngine } from '../../sfu/index.js';
import type { SignalingMetrics } from '../metrics.js';
import { CLOSE } from '../ws/closeCodes.js';
import { LessonHub } from './LessonHub.js';

export interface LessonHubsOptions {
  reconnectGraceMs: number;
  chatHistory: number;
  /** A lesson room nobody is in is closed (not ended) after this long. */
  emptyRoomCloseMs: number;
}

/** What a joining client tells about the lesson's owner. */
export interface ClaimHint {
  /** The owner the client was connected to and lost (from its signed route ticket). */
  lostOwner?: string;
}

export type Ownership = { mine: true } | { mine: false; ownerId: string; route: string };

/** Which node hosts which lesson (cluster/RoomDirectory, seen from this node). */
export interface LessonOwnership {
  /** Claims the lesson for this node, or says which node (cluster id, balancer route name) has it. */
  claim(lessonId: string, hint?: ClaimHint): Promise<Ownership>;
  release(lessonId: string): Promise<void>;
}

/** The lesson runs on another node: the client is redirected there (docs/cluster.md "Routing"). */
export class LessonElsewhereError extends UnavailableError {
  readonly ownerId: string;
  readonly route: string;
  constructor(ownerId: string, route: string) {
    super('This lesson is running on another server');
    this.ownerId = ownerId;
    this.route = route;
  }
}

export interface LessonHubsDeps {
  catalog: LessonCatalog;
  /** The live features every room runs (signaling/features sliceFeatures). */
  features: readonly LiveFeatureFactory[];
  ownership: LessonOwnership;
  engine: MediaEngine;
  clock: Clock;
  logger: Logger;
  metrics: SignalingMetrics;
  /** Where the teacher's decisions are kept across rooms and restarts (issue 13.4). Default: not kept. */
  decisions?: RoomDecisionStore;
  /**
   * Where a lesson's transient state (recent chat, hands, breakout groups) is kept while it
   * runs, for the lesson's next room on any node (the cluster's LessonStateStore). Default: not kept.
   */
  lessonState?: LessonStateStore;
  /** Attendance facts of every lesson on this node. */
  onActivity(activity: LessonActivity): void;
  /** Awaited before a lesson's room is made here (crash recovery of its attendance). */
  lessonOpening?(lessonId: string): Promise<void>;
  /** After a lesson's room closed here. */
  lessonClosed?(lessonId: string): Promise<void>;
}

export class LessonHubs {
  readonly #hubs = new Map<string, LessonHub>();
  readonly #opening = new SingleFlight<string, LessonHub>();
  readonly #emptyTimers = new Map<string, NodeJS.Timeout>();
  /** Lessons whose room is closing here, until its close is over (#close). */
  readonly #closing = new Map<string, Promise<void>>();
  readonly #options: LessonHubsOptions;
  readonly #deps: LessonHubsDeps;
  #closed = false;

  constructor(options: LessonHubsOptions, deps: LessonHubsDeps) {
    this.#options = options;
    this.#deps = deps;
  }

  get size(): number {
    return this.#hubs.size;
  }

  /** Lessons hosted here now. */
  ids(): string[] {
    return [...this.#hubs.keys()];
  }

  /** Participants in the lessons hosted here. */
  participantCount(): number {
    let n = 0;
    for (const hub of this.#hubs.values()) n += hub.room.participants().length;
    return n;
  }

  /** Another node took these lessons over (this node lost its lease): send everyone there. */
  async lost(lessonIds: string[]): Promise<void> {
    await Promise.allSettled(lessonIds.map((id) => this.#close(id, CLOSE.draining, 'The lesson moved to another server', false)));
  }

  get(lessonId: string): LessonHub | undefined {
    return this.#hubs.get(lessonId);
  }

  /** The running lesson, started if needed; NotFound for unknown lessons, LESSON_ENDED for ended ones. */
  async open(lessonId: string, hint: ClaimHint = {}): Promise<LessonHub> {
    this.#cancelEmptyTimer(lessonId);
    for (let attempt = 1; ; attempt++) {
      const running = this.#hubs.get(lessonId);
      if (running && !running.closed) return running;
      // A room of this lesson still closing here: a new one made now would read the kept state
      // before the old room's last writes, and the old close would then release the lease under
      // it (another node could claim the lesson: two rooms).
      const closing = this.#closing.get(lessonId);
      if (closing) {
        await closing;
        continue;
      }
      const hub = await this.#opening.run(lessonId, () => this.#create(lessonId, hint));
      // The room may have closed while this caller waited for it (the lesson moved to another
      // node, ended, or the node is shutting down): never hand out a closed room.
      if (!hub.closed) return hub;
      if (this.#closed || attempt >= 3) throw new UnavailableError('The lesson could not be opened here; try again');
    }
  }

  async #create(lessonId: string, hint: ClaimHint): Promise<LessonHub> {
    const lesson = await this.#deps.catalog.find(lessonId);
    if (!lesson) throw new NotFoundError('This lesson does not exist');
    if (lesson.ended) throw new ConflictError('This lesson has ended', 'LESSON_ENDED');
    if (this.#closed) throw new UnavailableError('The server is shutting down');
    const owner = await this.#deps.ownership.claim(lessonId, hint);
    if (!owner.mine) throw new LessonElsewhereError(owner.ownerId, owner.route);
    const store = this.#deps.decisions;
    const { restored, kept } = await this.#prepare(lessonId).catch(async (err: unknown) => {
      // Claimed, but no room will hold the lesson here: give the lease back. Kept, it sent the
      // class to this node until it expired, and a node shutting down (closed meanwhile) renews
      // nothing yet holds it until it withdraws, while its listener is already closed.
      await this.#deps.ownership.release(lessonId).catch((error: unknown) => this.#deps.logger.warn({ err: error, lessonId }, 'releasing a lesson failed'));
      throw err;
    });
    const room = new LessonRoom({
      lesson: lesson.info,
      settings: lesson.settings,
      decisions: store && restored && { restored, record: (d) => store.record(lessonId, d, this.#deps.clock.now()) },
      ...(this.#deps.lessonState ? { kept: { restored: kept, store: this.#deps.lessonState } } : {}),
      features: this.#deps.features,
      reconnectGraceMs: this.#options.reconnectGraceMs,
      chatHistory: this.#options.chatHistory,
      clock: this.#deps.clock,
      logger: this.#deps.logger.child({ room: lessonId }),
    });
    const hub = new LessonHub(room, {
      engine: this.#deps.engine,
      logger: this.#deps.logger,
      onActivity: (a) => this.#deps.onActivity(a),
      onStarted: (id) => {
        this.#deps.catalog.markStarted(id, this.#deps.clock.now()).catch((err: unknown) => this.#deps.logger.warn({ err, lessonId: id }, 'could not record the start of a lesson'));
      },
      onEnded: (id) => this.#ended(id),
      onEmpty: (h) => this.#scheduleClose(h),
      onParticipantsChanged: (role, delta) => this.#deps.metrics.participantsChanged(role, delta),
    });
    this.#hubs.set(lessonId, hub);
    this.#deps.metrics.lessonsOpen(this.#hubs.size);
    return hub;
  }

  /**
   * Closes every lesson room on this node (server shutdown); lessons are not ended. Each is
   * released once closed (its attendance stored), so that its participants, reconnecting,
   * find it free on another node rather than owned by this one until it withdraws.
   */
  async closeAll(code: number = CLOSE.draining): Promise<void> {
    this.#closed = true;
    for (const t of this.#emptyTimers.values()) clearTimeout(t);
    this.#emptyTimers.clear();
    const hubs = [...this.#hubs.values()];
    this.#hubs.clear();
    const release = (id: string) => this.#deps.ownership.release(id).catch((err: unknown) => this.#deps.logger.warn({ err, lessonId: id }, 'releasing a lesson failed'));
    // The room's last kept writes land before the lease is released: the next owner reads them.
    await Promise.allSettled(hubs.map((h) => h.close(code).then(() => h.room.keptSettled()).then(() => this.#closedHere(h.id)).then(() => release(h.id))));
    this.#deps.metrics.lessonsOpen(0);
  }

  /** What a new room of the lesson starts from, once this node holds its lease. */
  async #prepare(lessonId: string) {
    await this.#deps.lessonOpening?.(lessonId);
    const restored = await this.#deps.decisions?.load(lessonId);
    const kept = await this.#loadKept(lessonId);
    if (this.#closed) throw new UnavailableError('The server is shutting down');
    return { restored, kept };
  }

  /** What the lesson's earlier room kept; without the store (Redis down) the lesson opens without it. */
  async #loadKept(lessonId: string): Promise<KeptLessonState> {
    if (!this.#deps.lessonState) return NOTHING_KEPT;
    try {
      return await this.#deps.lessonState.load(lessonId);
    } catch (err) {
      this.#deps.logger.warn({ err, lessonId }, "the lesson's kept state could not be read: it opens without its recent chat, hands and groups");
      return NOTHING_KEPT;
    }
  }

  #ended(lessonId: string): void {
    this.#deps.catalog.markEnded(lessonId, this.#deps.clock.now()).catch((err: unknown) => this.#deps.logger.error({ err, lessonId }, 'could not record the end of a lesson'));
    // Deferred: this runs inside the room's own queue, which close() would cut short.
    setImmediate(() => void this.#close(lessonId, CLOSE.lessonEnded, 'The lesson has ended'));
  }

  #scheduleClose(hub: LessonHub): void {
    if (this.#emptyTimers.has(hub.id)) return;
    const timer = setTimeout(() => {
      this.#emptyTimers.delete(hub.id);
      if (hub.room.empty && !hub.hasSessions()) void this.#close(hub.id, CLOSE.normal, 'Nobody left');
    }, this.#options.emptyRoomCloseMs);
    timer.unref();
    this.#emptyTimers.set(hub.id, timer);
  }

  #cancelEmptyTimer(lessonId: string): void {
    const t = this.#emptyTimers.get(lessonId);
    if (t) clearTimeout(t);
    this.#emptyTimers.delete(lessonId);
  }

  async #closedHere(lessonId: string): Promise<void> {
    await this.#deps.lessonClosed?.(lessonId).catch((err: unknown) => this.#deps.logger.warn({ err, lessonId }, 'recording the close of a lesson failed'));
  }

  async #close(lessonId: string, code: number, reason: string, release = true): Promise<void> {
    const hub = this.#hubs.get(lessonId);
    if (!hub) return;
    this.#hubs.delete(lessonId);
    this.#deps.metrics.lessonsOpen(this.#hubs.size);
    const closing = this.#closeHub(hub, code, reason, release);
    this.#closing.set(lessonId, closing);
    try {
      await closing;
    } finally {
      if (this.#closing.get(lessonId) === closing) this.#closing.delete(lessonId);
    }
  }

  async #closeHub(hub: LessonHub, code: number, reason: string, release: boolean): Promise<void> {
    const lessonId = hub.id;
    await hub.close(code, reason).catch((err: unknown) => this.#deps.logger.warn({ err, lessonId }, 'closing a lesson room failed'));
    await hub.room.keptSettled();
    await this.#closedHere(lessonId);
    if (release) await this.#deps.ownership.release(lessonId).catch((err: unknown) => this.#deps.logger.warn({ err, lessonId }, 'releasing a lesson failed'));
  }
}
