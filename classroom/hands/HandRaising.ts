import { EVERYONE, type LiveFeature, type ParticipantView, type RoomContext } from '../liveRoom/index.js';
import { HandQueue } from './HandQueue.js';
import type { HandEntry, HandRaisingApi, HandsEvent } from './HandsTypes.js';
import { keptHands, type KeptHand } from './keptHands.js';

/**
 * Raised hands of one live lesson (R2): a participant raises and lowers their own hand, the
 * teacher lowers anyone's; everyone sees the queue, oldest first, and each participant's
 * `handRaised` flag. A raise counts for attendance (R8). A participant who leaves loses their
 * place. The queue is kept by account outside the room (RoomContext.kept): when the lesson's
 * room is made again (its node died or drained), each hand comes back at its place when its
 * owner comes back, and goes down if they do not within the reconnection grace period.
 */
export class HandRaising implements LiveFeature<HandEntry[]>, HandRaisingApi {
  readonly #ctx: RoomContext<HandsEvent>;
  readonly #queue = new HandQueue();
  /** Hands of the earlier room whose owner has not come back yet, by account, oldest first. */
  readonly #waiting = new Map<string, KeptHand>();
  /** The account of each participant with a hand up (views are gone once they left). */
  readonly #userOf = new Map<string, string>();

  constructor(ctx: RoomContext<HandsEvent>) {
    this.#ctx = ctx;
    for (const h of keptHands(ctx.kept.restored)) this.#waiting.set(h.userId, h);
  }

  raise(participantId: string): Promise<void> {
    return this.#ctx.run(() => {
      const p = this.#ctx.presence.requireAdmitted(participantId);
      const now = this.#ctx.clock.now();
      if (!this.#queue.raise(p.id, p.displayName, now)) return;
      this.#userOf.set(p.id, p.userId);
      this.#ctx.record(p.id, 'hand_raised');
      this.#changed();
      this.#ctx.participantChanged(p.id);
    });
  }

  lower(actorId: string, targetId: string): Promise<void> {
    return this.#ctx.run(() => {
      const presence = this.#ctx.presence;
      const actor = presence.requireAdmitted(actorId);
      const target = targetId !== '' && targetId !== actorId ? presence.require(targetId) : actor;
      if (target.id !== actor.id) presence.requireTeacher(actorId, "lower another participant's hand");
      if (!this.#queue.lower(target.id)) return;
      this.#changed();
      this.#ctx.participantChanged(target.id);
    });
  }

  snapshotFor(): HandEntry[] {
    return this.#queue.entries();
  }

  flagsOf(participantId: string): { handRaised: boolean } {
    return { handRaised: this.#queue.has(participantId) };
  }

  /** Someone of the earlier room is back: their hand is up again, at its place. */
  participantEntered(p: ParticipantView): void {
    const hand = p.userId === '' ? undefined : this.#waiting.get(p.userId);
    if (!hand) return;
    this.#waiting.delete(p.userId);
    this.#queue.restore({ participantId: p.id, displayName: p.displayName, raisedAtMs: hand.raisedAtMs });
    this.#userOf.set(p.id, p.userId);
    this.#changed();
    this.#ctx.participantChanged(p.id);
  }

  participantLeft(participant: { id: string }): void {
    if (this.#queue.lower(participant.id)) this.#changed();
  }

  restoredGraceEnded(): void {
    if (this.#waiting.size === 0) return;
    this.#waiting.clear();
    this.#save();
  }

  lessonEnded(): void {
    this.#queue.clear();
    this.#waiting.clear();
  }

  #changed(): void {
    this.#ctx.tell(EVERYONE, { type: 'handQueueChanged', entries: this.#queue.entries() });
    this.#save();
  }

  /** Kept by account: the hands up now and those still waiting for their owner, oldest first. */
  #save(): void {
    for (const id of [...this.#userOf.keys()]) if (!this.#queue.has(id)) this.#userOf.delete(id);
    const up: KeptHand[] = this.#queue.entries().flatMap((e) => {
      const userId = this.#userOf.get(e.participantId) ?? '';
      return userId === '' ? [] : [{ userId, displayName: e.displayName, raisedAtMs: e.raisedAtMs }];
    });
    const all = [...up, ...this.#waiting.values()].sort((a, b) => a.raisedAtMs - b.raisedAtMs);
    this.#ctx.kept.save(all);
  }
}
