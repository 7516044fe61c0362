import { EVERYONE, type LiveFeature, type RoomContext } from '../liveRoom/index.js';
import { HandQueue } from './HandQueue.js';
import type { HandEntry, HandRaisingApi, HandsEvent } from './HandsTypes.js';

/**
 * Raised hands of one live lesson (R2): a participant raises and lowers their own hand, the
 * teacher lowers anyone's; everyone sees the queue, oldest first, and each participant's
 * `handRaised` flag. A raise counts for attendance (R8). A participant who leaves loses their
 * place.
 */
export class HandRaising implements LiveFeature<HandEntry[]>, HandRaisingApi {
  readonly #ctx: RoomContext<HandsEvent>;
  readonly #queue = new HandQueue();

  constructor(ctx: RoomContext<HandsEvent>) {
    this.#ctx = ctx;
  }

  raise(participantId: string): Promise<void> {
    return this.#ctx.run(() => {
      const p = this.#ctx.presence.requireAdmitted(participantId);
      const now = this.#ctx.clock.now();
      if (!this.#queue.raise(p.id, p.displayName, now)) return;
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

  participantLeft(participant: { id: string }): void {
    if (this.#queue.lower(participant.id)) this.#changed();
  }

  lessonEnded(): void {
    this.#queue.clear();
  }

  #changed(): void {
    this.#ctx.tell(EVERYONE, { type: 'handQueueChanged', entries: this.#queue.entries() });
  }
}
