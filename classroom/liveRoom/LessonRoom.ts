import { ConflictError, SerialQueue, TypedEmitter, UnavailableError } from '../../platform/index.js';
import type { FeatureKey, LiveFeature, LiveFeatureFactory } from './FeatureTypes.js';
import * as interaction from './interaction.js';
import { LessonStateKeeper } from './LessonStateKeeper.js';
import { NOTHING_KEPT, type KeptLessonState } from './LessonStateTypes.js';
import type {
  JoinIdentity,
  JoinResult,
  LessonInfo,
  LessonRoomApi,
  LessonRoomEvents,
  LessonRoomOptions,
  LessonSettings,
  LessonSnapshot,
  MediaSource,
  MediaStateChange,
  ParticipantView,
} from './LiveRoomTypes.js';
import * as presence from './presence.js';
import type { RoomDecision, RoomDecisionKeeping } from './RoomDecisionTypes.js';
import { roomContext } from './roomContext.js';
import { RoomCore } from './RoomCore.js';
import * as supervision from './supervision.js';

const DEFAULT_SETTINGS: LessonSettings = { locked: false, autoAdmit: false, studentsCanUnmute: true, passwordRequired: false };

/**
 * The live room of one lesson. Every change goes through the room's serial queue (conventions
 * §12), so the pushes of one lesson are seen by everyone in one order. The room's own rules
 * live in presence/interaction/supervision; this class only orders and exposes
 * them. Live features (hands, reactions, breakout...) are objects of their own, reached with `feature(key)`, that
 * run on the same queue through their RoomContext (FeatureTypes.ts).
 */
export class LessonRoom extends TypedEmitter<LessonRoomEvents> implements LessonRoomApi {
  readonly #core: RoomCore;
  readonly #queue: SerialQueue;
  readonly #graceMs: number;
  readonly #decisions: RoomDecisionKeeping | undefined;
  readonly #kept: KeptLessonState;
  #restoredTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LessonRoomOptions) {
    super((event, error) => options.logger.error({ err: error, event }, 'lesson room listener failed'));
    const settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.#core = new RoomCore(options.lesson, settings, options.chatHistory ?? 100, options.clock, options.logger, (event, ...args) =>
      this.safeEmit(event, ...args),
    );
    this.#queue = new SerialQueue(`lesson ${options.lesson.id}`);
    this.#graceMs = options.reconnectGraceMs ?? 20_000;
    this.#decisions = options.decisions;
    this.#kept = options.kept?.restored ?? NOTHING_KEPT;
    if (options.kept) {
      this.#core.kept = new LessonStateKeeper(options.lesson, options.kept.store, options.clock, this.#core.logger);
      this.#core.chat.restore(this.#kept);
    }
    if (options.decisions) this.#restore(options.decisions);
    for (const factory of options.features ?? []) this.#install(factory);
    const keptSomething = Object.keys(this.#kept.values).length > 0 || Object.keys(this.#kept.lists).length > 0;
    if (this.#core.restoredAdmissions.size > 0 || keptSomething) this.#startReturnWindow();
  }

  /** This room's instance of a live feature; throws when the room was built without it. */
  feature<F extends object>(key: FeatureKey<F>): F {
    const feature = this.#core.features.get(key.name);
    if (!feature) throw new Error(`live feature '${key.name}' is not installed in this room`);
    // Installed by #install from the factory of the key with this name.
    return feature as F;
  }

  get id(): string {
    return this.#core.lesson.id;
  }

  get lesson(): LessonInfo {
    return this.#core.lesson;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get ended(): boolean {
    return this.#core.ended;
  }

  /** Participants in the lesson now (not the lobby). */
  participants(): ParticipantView[] {
    return this.#core.participants.admitted().map((p) => this.#core.view(p));
  }

  participant(id: string): ParticipantView | undefined {
    const p = this.#core.participants.get(id);
    return p ? this.#core.view(p) : undefined;
  }

  /** True for a participant inside the lesson (not waiting in the lobby). */
  isAdmitted(id: string): boolean {
    return this.#core.participants.get(id)?.admitted ?? false;
  }

  /** True when nobody is in the lesson or its lobby. */
  get empty(): boolean {
    return this.#core.participants.all().length === 0;
  }

  join(identity: JoinIdentity, options: presence.JoinOptions): Promise<JoinResult> {
    return this.#run(() => presence.join(this.#core, identity, options));
  }

  /** The participant's connection dropped; it leaves unless it comes back within the grace period. */
  disconnect(participantId: string): Promise<void> {
    return this.#run(() =>
      presence.disconnect(this.#core, participantId, this.#graceMs, () => {
        this.#queue.push(() => this.#keeping(() => presence.expireGrace(this.#core, participantId))).catch(() => undefined);
      }),
    );
  }

  leave(participantId: string): Promise<void> {
    return this.#run(() => {
      const p = this.#core.participants.get(participantId);
      if (!p) return;
      this.#core.admissionEnded(p);
      this.#core.leave(p, 'left');
    });
  }

  snapshot(participantId: string): Promise<LessonSnapshot> {
    return this.#run(() => this.#core.snapshotFor(interaction.requireAdmitted(this.#core, participantId)));
  }

  setMediaState(participantId: string, change: MediaStateChange): Promise<void> {
    return this.#run(() => interaction.setMediaState(this.#core, participantId, change));
  }

  reportQuality(participantId: string, report: { rttMs: number; lossPermille: number }): Promise<void> {
    return this.#run(() => interaction.reportQuality(this.#core, participantId, report));
  }

  sendChat(participantId: string, text: string): Promise<void> {
    return this.#run(() => void interaction.sendChat(this.#core, participantId, text));
  }

  admit(actorId: string, participantIds: string[], all: boolean): Promise<void> {
    return this.#run(() => supervision.admit(this.#core, actorId, participantIds, all));
  }

  deny(actorId: string, participantId: string, reason: string): Promise<void> {
    return this.#run(() => supervision.deny(this.#core, actorId, participantId, reason));
  }

  updateSettings(actorId: string, change: Partial<Pick<LessonSettings, 'locked' | 'autoAdmit' | 'studentsCanUnmute'>>): Promise<void> {
    return this.#run(() => supervision.updateSettings(this.#core, actorId, change));
  }

  forceMediaOff(actorId: string, target: { participantId: string; all: boolean }, source: MediaSource): Promise<void> {
    return this.#run(() => supervision.forceMediaOff(this.#core, actorId, target, source));
  }

  removeParticipant(actorId: string, participantId: string, reason: string): Promise<void> {
    return this.#run(() => supervision.removeParticipant(this.#core, actorId, participantId, reason));
  }

  setScreenSharePermission(actorId: string, participantId: string, allowed: boolean): Promise<void> {
    return this.#run(() => supervision.setScreenSharePermission(this.#core, actorId, participantId, allowed));
  }

  /** Ends the lesson for everyone, then closes the room. */
  async end(actorId: string): Promise<void> {
    await this.#run(() => supervision.endLesson(this.#core, actorId));
    this.#core.kept?.clear();
    this.close();
  }

  /** Resolves once the lesson's transient state written so far is kept (or failed): before another node may take the lesson. */
  keptSettled(): Promise<void> {
    return this.#core.kept?.settled() ?? Promise.resolve();
  }

  /**
   * Closes the room without ending the lesson (nobody left, server shutting down). Pending
   * changes are rejected; participants still inside are recorded as disconnected now.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#restoredTimer);
    // Those inside are leaving because the room closes, not because the lesson changed: what
    // is kept stays as it was, for the lesson's next room.
    this.#core.kept?.close();
    this.#queue.close();
    const now = this.#core.clock.now();
    for (const p of this.#core.participants.all()) this.#core.leave(p, 'disconnected', p.disconnectedAtMs || now);
    this.#core.eachFeature('roomClosed', (_name, f) => f.roomClosed?.());
    this.safeEmit('closed');
    this.removeAllListeners();
  }

  #run<T>(change: () => T | Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new ConflictError(this.#core.ended ? 'This lesson has ended' : 'This lesson is closed', 'LESSON_ENDED'));
    return this.#queue.push(() => this.#keeping(change));
  }

  /**
   * Runs a change and stores the decisions it made before it answers (issue 13.4): a teacher
   * told "done" can count on it after a crash. A change that failed half-way may still have
   * decided something: that is stored too, and the change keeps its own error.
   */
  async #keeping<T>(change: () => T | Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await change();
    } catch (err) {
      await this.#store(this.#core.takeDecisions()).catch(() => undefined);
      throw err;
    }
    await this.#store(this.#core.takeDecisions());
    return result;
  }

  async #store(decisions: RoomDecision[]): Promise<void> {
    if (decisions.length === 0 || !this.#decisions) return;
    try {
      for (const d of decisions) await this.#decisions.record(d);
    } catch (err) {
      this.#core.logger.error({ err, decisions: decisions.map((d) => d.kind) }, "a teacher's decision could NOT be stored");
      throw new UnavailableError('The change was made, but it could not be stored; it may be lost if the server restarts');
    }
  }

  /** Starts from the decisions of earlier rooms of this lesson. */
  #restore({ restored }: RoomDecisionKeeping): void {
    const core = this.#core;
    if (restored.settings) core.settings = { ...core.settings, ...restored.settings };
    for (const u of restored.removedUsers) core.removedUsers.add(u);
    for (const u of restored.screenSharers) core.screenSharers.add(u);
    const until = core.clock.now() + this.#graceMs;
    for (const u of restored.admittedUsers) core.restoredAdmissions.set(u, until);
  }

  /**
   * People of the lesson's earlier room have the reconnection grace period to come back. Then
   * the admissions of those who did not end (stored), and the features drop what they restored
   * for them (a raised hand goes down).
   */
  #startReturnWindow(): void {
    const core = this.#core;
    this.#restoredTimer = setTimeout(() => {
      if (this.#closed) return;
      const ended = () => {
        const expired = [...core.restoredAdmissions.keys()];
        core.restoredAdmissions.clear();
        if (expired.length > 0) core.decide({ kind: 'admission', userIds: expired, admitted: false });
        core.eachFeature('restoredGraceEnded', (_name, f) => f.restoredGraceEnded?.());
      };
      this.#queue.push(() => this.#keeping(ended)).catch(() => undefined);
    }, this.#graceMs);
    this.#restoredTimer.unref?.();
  }

  #install(factory: LiveFeatureFactory): void {
    const name = factory.key.name;
    if (this.#core.features.has(name)) throw new Error(`live feature '${name}' installed twice`);
    const ctx = roomContext(this.#core, name, (change) => this.#run(change), () => this.#closed, this.#kept.values[name]);
    // Every hook is optional: an instance without any is a feature that needs none.
    this.#core.features.set(name, factory.create(ctx) as LiveFeature);
  }
}
